"""Strategy services: only the secretariat writes, every write is audited, a refresh keeps
the old version readable and unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.audit.models import AuditEvent
from csphub.audit.services import snapshot
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance import services as performance
from csphub.strategy.models import Strategy
from csphub.strategy.services import strategies as services
from csphub.strategy.wording import counted, period_years, quarter_text

pytestmark = pytest.mark.django_db


def new_strategy(actor, partnership, period="2020-2023"):
    first, last = period_years(period)
    return services.strategy_create(
        actor=actor,
        partnership=partnership,
        period=period,
        title=f"Community Safety Strategy {period}",
        starts_on=dt.date(first, 4, 1),
        ends_on=dt.date(last, 3, 31),
    )


@pytest.fixture
def sec(users):
    return users["secretariat"]


@pytest.fixture
def strategy(sec, partnership):
    strategy = new_strategy(sec, partnership)
    for title, quarter in (("Safer neighbourhoods", 1), ("Violence Against Women and Girls", 2)):
        priority = services.priority_add(
            actor=sec, strategy=strategy, title=title, aim="Reduce harm", discussion_quarter=quarter
        )
        services.commitment_add(actor=sec, priority=priority, text=f"{title}: first")
        services.commitment_add(actor=sec, priority=priority, text=f"{title}: second")
    services.supporting_document_add(actor=sec, strategy=strategy, title="VAWG Strategy")
    services.survey_result_add(
        actor=sec, strategy=strategy, question="Burglary is a problem", year=2019, percentage=82
    )
    return strategy


def test_wording_is_pure_and_says_quarters_as_people_do():
    assert quarter_text(2) == "Q2 (July to September)"
    assert quarter_text(None) == ""
    with pytest.raises(ValueError, match="1 to 4"):
        quarter_text(5)
    assert counted(["open", "done", "open"], ["open", "in_progress", "done"]) == [
        ("open", 2),
        ("in_progress", 0),
        ("done", 1),
    ]
    with pytest.raises(ValueError, match="2020-2023"):
        period_years("2020 to 2023")


def test_only_the_secretariat_writes(partnership, users, strategy):
    priority = strategy.priorities.first()
    for role in ("member", "cleared", "outsider", "other_secretariat"):
        actor = users[role]
        with pytest.raises(PermissionDenied):
            new_strategy(actor, partnership, "2023-2026")
        with pytest.raises(PermissionDenied):
            services.strategy_update(actor=actor, strategy=strategy, data={"title": "X"})
        with pytest.raises(PermissionDenied):
            services.priority_add(actor=actor, strategy=strategy, title="X")
        with pytest.raises(PermissionDenied):
            services.commitment_add(actor=actor, priority=priority, text="X")
        with pytest.raises(PermissionDenied):
            services.strategy_refresh(actor=actor, strategy=strategy)
        with pytest.raises(PermissionDenied):
            services.strategy_make_current(actor=actor, strategy=strategy)
    assert Strategy.objects.filter(partnership=partnership).count() == 1
    assert strategy.priorities.count() == 2


def test_each_write_is_audited(partnership, sec, strategy):
    verbs = set(AuditEvent.objects.filter(partnership=partnership).values_list("verb", flat=True))
    assert {
        "strategy.create",
        "priority.add",
        "commitment.add",
        "supporting_document.add",
        "survey_result.add",
    } <= verbs
    services.strategy_update(actor=sec, strategy=strategy, data={"title": "Renamed"})
    event = AuditEvent.objects.get(verb="strategy.update")
    assert event.after == {"title": "Renamed"} and event.object_id == str(strategy.pk)
    services.strategy_make_current(actor=sec, strategy=strategy)
    assert AuditEvent.objects.filter(verb="strategy.make_current").count() == 1


def test_bad_input_is_refused_naming_the_field(partnership, other_partnership, sec, strategy):
    with pytest.raises(ValidationError) as exc:
        new_strategy(sec, partnership)
    assert "period" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.strategy_create(
            actor=sec,
            partnership=partnership,
            period="2024-2027",
            title="Backwards",
            starts_on=dt.date(2024, 4, 1),
            ends_on=dt.date(2024, 3, 1),
        )
    assert "ends_on" in exc.value.message_dict
    elsewhere = BodyFactory(partnership=other_partnership, slug="vawg", name="VAWG")
    with pytest.raises(ValidationError) as exc:
        services.priority_add(actor=sec, strategy=strategy, title="X", lead_body=elsewhere)
    assert "lead_body" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.priority_add(actor=sec, strategy=strategy, title="X", discussion_quarter=5)
    with pytest.raises(ValidationError):
        services.survey_result_add(
            actor=sec, strategy=strategy, question="Q", year=2019, percentage=101
        )
    assert strategy.priorities.count() == 2


def test_indicators_of_another_partnership_are_refused(
    partnership, other_partnership, users, sec, strategy
):
    priority = strategy.priorities.first()
    ours = performance.indicator_create(
        actor=sec,
        partnership=partnership,
        name="Burglary",
        owner=BodyFactory(partnership=partnership, slug="b"),
        polarity="lower_is_better",
    )
    theirs = performance.indicator_create(
        actor=users["other_secretariat"],
        partnership=other_partnership,
        name="Their burglary",
        owner=BodyFactory(partnership=other_partnership, slug="c"),
        polarity="lower_is_better",
    )
    with pytest.raises(ValidationError, match="not an indicator of this partnership"):
        services.priority_indicators_set(actor=sec, priority=priority, indicators=[ours, theirs])
    assert not priority.indicators.exists()
    services.priority_indicators_set(actor=sec, priority=priority, indicators=[ours])
    assert list(priority.indicators.all()) == [ours]
    assert AuditEvent.objects.get(verb="priority.indicators").after == {"indicators": [ours.pk]}


def test_reordering_priorities_and_commitments(sec, strategy):
    first, second = strategy.priorities.order_by("number")
    services.priority_move(actor=sec, priority=second, up=True)
    assert list(strategy.priorities.order_by("number").values_list("title", flat=True)) == [
        second.title,
        first.title,
    ]
    a, b = first.commitments.order_by("position")
    services.commitment_move(actor=sec, commitment=a, up=False)
    assert [c.pk for c in first.commitments.order_by("position")] == [b.pk, a.pk]
    assert AuditEvent.objects.filter(verb__in=["priority.move", "commitment.move"]).count() == 2


def test_refresh_keeps_the_old_version_readable_and_unchanged(partnership, sec, strategy):
    services.strategy_make_current(actor=sec, strategy=strategy)
    old_priorities = [snapshot(p) for p in strategy.priorities.order_by("number")]
    old_commitments = sorted(
        (c.priority.number, c.text) for c in strategy.priorities.first().commitments.all()
    )
    new = services.strategy_refresh(actor=sec, strategy=strategy)
    strategy.refresh_from_db()
    assert (new.version, new.status, new.supersedes) == (2, Strategy.Status.DRAFT, strategy)
    assert strategy.status == Strategy.Status.CURRENT  # until the new one is made current
    assert new.priorities.count() == 2 and new.supporting_documents.count() == 1
    assert new.survey_results.count() == 1
    # edit the new version: the old one does not move
    priority = new.priorities.get(number=1)
    services.priority_update(actor=sec, priority=priority, data={"title": "Changed"})
    services.commitment_add(actor=sec, priority=priority, text="A new commitment")
    services.strategy_make_current(actor=sec, strategy=new)
    strategy.refresh_from_db()
    assert strategy.status == Strategy.Status.SUPERSEDED
    assert [snapshot(p) for p in strategy.priorities.order_by("number")] == old_priorities
    assert (
        sorted((c.priority.number, c.text) for c in strategy.priorities.first().commitments.all())
        == old_commitments
    )
    with pytest.raises(ValidationError, match="superseded"):
        services.strategy_update(actor=sec, strategy=strategy, data={"title": "Rewrite history"})
    with pytest.raises(ValidationError, match="superseded"):
        services.commitment_add(actor=sec, priority=strategy.priorities.first(), text="X")
    assert AuditEvent.objects.filter(verb="strategy.supersede", object_id=str(strategy.pk))


def test_make_current_needs_priorities(partnership, sec):
    empty = new_strategy(sec, partnership, "2023-2026")
    with pytest.raises(ValidationError, match="no priorities"):
        services.strategy_make_current(actor=sec, strategy=empty)
