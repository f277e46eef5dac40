"""Strategy pages: who reads which version, what the pages show, the secretariat's forms,
and query counts that do not grow with priorities, commitments and indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance import services as performance
from csphub.strategy.models import Strategy
from csphub.strategy.tests.factories import (
    CommitmentFactory,
    PriorityFactory,
    StrategyFactory,
    SupportingDocumentFactory,
    SurveyResultFactory,
)

pytestmark = pytest.mark.django_db


def url(partnership, name="strategy:strategy", *args):
    return reverse(name, args=[partnership.slug, *args])


@pytest.fixture
def versions(partnership):
    old = StrategyFactory(partnership=partnership, version=1, status="superseded", title="Old")
    PriorityFactory(strategy=old, number=1, title="Old priority")
    current = StrategyFactory(partnership=partnership, version=2, supersedes=old, title="Now")
    PriorityFactory(strategy=current, number=1, title="Current priority", discussion_quarter=2)
    draft = StrategyFactory(
        partnership=partnership, period="2023-2026", status="draft", title="Next draft",
        starts_on=dt.date(2023, 4, 1), ends_on=dt.date(2026, 3, 31),
    )  # fmt: skip
    return old, current, draft


def test_anonymous_reads_current_and_superseded_never_drafts(partnership, versions):
    old, current, draft = versions
    public = Client()
    listing = public.get(url(partnership, "strategy:list")).content.decode()
    assert "Now" in listing and "Old" in listing and "Next draft" not in listing
    page = public.get(url(partnership, "strategy:strategy", "2020-2023"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Current priority" in text and "Q2 (July to September)" in text
    older = public.get(url(partnership, "strategy:strategy", "2020-2023") + "?version=1")
    assert older.status_code == 200 and "Old priority" in older.content.decode()
    assert "superseded" in older.content.decode()
    assert public.get(url(partnership, "strategy:strategy", "2023-2026")).status_code == 404
    assert (
        public.get(url(partnership, "strategy:strategy", "2020-2023") + "?version=9").status_code
        == 404
    )
    assert public.get(url(partnership, "strategy:priority", "2023-2026", 1)).status_code == 404


def test_members_do_not_see_drafts_the_secretariat_does(client, users, partnership, versions):
    client.force_login(users["member"])
    assert client.get(url(partnership, "strategy:strategy", "2023-2026")).status_code == 404
    client.force_login(users["other_secretariat"])
    assert client.get(url(partnership, "strategy:strategy", "2023-2026")).status_code == 404
    client.force_login(users["secretariat"])
    page = client.get(url(partnership, "strategy:strategy", "2023-2026"))
    assert page.status_code == 200 and "This is a draft" in page.content.decode()


def test_strategy_is_in_the_navigation(partnership, versions):
    page = Client().get(reverse("public:meetings", args=[partnership.slug])).content.decode()
    assert f'href="{url(partnership, "strategy:list")}"' in page


def test_survey_table_is_question_by_year(partnership, versions):
    _old, current, _draft = versions
    SurveyResultFactory(
        strategy=current, question="Burglary is a problem", year=2019, percentage=82
    )
    SurveyResultFactory(
        strategy=current, question="Burglary is a problem", year=2021, percentage=75
    )
    SupportingDocumentFactory(strategy=current, title="Youth Justice Strategy", owner="YOS")
    text = Client().get(url(partnership, "strategy:strategy", "2020-2023")).content.decode()
    assert "2019" in text and "2021" in text and "82%" in text and "75%" in text
    assert "Youth Justice Strategy" in text and "(YOS)" in text


def grow(strategy, body, sec, start: int, count: int):
    for n in range(start, start + count):
        priority = PriorityFactory(strategy=strategy, number=n, title=f"Priority {n}")
        for k in range(3):
            CommitmentFactory(priority=priority, text=f"Commitment {n}.{k}")
        indicator = performance.indicator_create(
            actor=sec, partnership=strategy.partnership, name=f"Indicator {n}", owner=body,
            polarity="lower_is_better",
        )  # fmt: skip
        performance.observation_record(
            actor=sec, indicator=indicator, period=dt.date(2017, 6, 1), value=10 + n
        )
        priority.indicators.add(indicator)
        SupportingDocumentFactory(strategy=strategy)
        SurveyResultFactory(strategy=strategy, question=f"Question {n}")


@pytest.mark.parametrize("who", ["public", "secretariat"])
def test_page_queries_do_not_grow(partnership, users, client, who):
    sec = users["secretariat"]
    body = BodyFactory(partnership=partnership, slug="sub", name="Sub-group")
    strategy = StrategyFactory(partnership=partnership)
    grow(strategy, body, sec, 1, 2)
    if who == "secretariat":
        client.force_login(sec)
    pages = [
        url(partnership, "strategy:list"),
        url(partnership, "strategy:strategy", "2020-2023"),
        url(partnership, "strategy:priority", "2020-2023", 1),
        url(partnership, "strategy:progress", "2020-2023", 1),
    ]
    counts = []
    for address in pages:
        client.get(address)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address).status_code == 200
        counts.append(len(ctx.captured_queries))
    grow(strategy, body, sec, 3, 4)
    for n in range(3):
        CommitmentFactory(priority=strategy.priorities.get(number=1), text=f"More {n}")
    more = []
    for address in pages:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address).status_code == 200
        more.append(len(ctx.captured_queries))
    assert more == counts


def test_forms_are_secretariat_only(client, users, partnership, versions):
    _old, current, _draft = versions
    new = reverse("strategy:strategy_new", args=[partnership.slug])
    assert Client().get(new).status_code == 302  # asked to sign in
    client.force_login(users["member"])
    assert client.get(new).status_code == 403
    assert (
        client.post(
            reverse("strategy:strategy_refresh", args=[partnership.slug, current.pk])
        ).status_code
        == 403
    )
    client.force_login(users["other_secretariat"])
    assert (
        client.get(reverse("strategy:strategy_edit", args=["elsewhere", current.pk])).status_code
        == 404
    )


def test_secretariat_adds_a_strategy_with_govuk_errors(client, users, partnership):
    client.force_login(users["secretariat"])
    new = reverse("strategy:strategy_new", args=[partnership.slug])
    empty = client.post(new, {})
    text = empty.content.decode()
    assert empty.status_code == 200 and "govuk-error-summary" in text
    assert "Enter the strategy’s period" in text and "Enter the strategy’s title" in text
    assert not Strategy.objects.filter(partnership=partnership).exists()
    form = {
        "period": "2024-2027",
        "title": "Community Safety Strategy 2024-2027",
        "starts_on-day": "1", "starts_on-month": "4", "starts_on-year": "2024",
        "ends_on-day": "31", "ends_on-month": "3", "ends_on-year": "2027",
    }  # fmt: skip
    done = client.post(new, form)
    assert done.status_code == 302
    strategy = Strategy.objects.get(partnership=partnership)
    assert strategy.status == "draft"
    assert done["Location"] == url(partnership, "strategy:strategy", "2024-2027") + "?version=1"
    add = reverse("strategy:priority_new", args=[partnership.slug, strategy.pk])
    assert client.post(add, {"title": "", "discussion_quarter": "9"}).status_code == 200
    assert (
        client.post(add, {"title": "Safer streets", "discussion_quarter": "2"}).status_code == 302
    )
    priority = strategy.priorities.get()
    assert priority.discussion_quarter == 2
    commit = reverse("strategy:commitment_new", args=[partnership.slug, priority.pk])
    assert client.post(commit, {"text": "Fewer burglaries"}).status_code == 302
    make = reverse("strategy:strategy_make_current", args=[partnership.slug, strategy.pk])
    assert "Make current" in client.get(make).content.decode()
    assert client.post(make).status_code == 302
    strategy.refresh_from_db()
    assert strategy.status == "current"
    assert (
        AuditEvent.objects.filter(
            verb__in=["strategy.create", "priority.add", "commitment.add", "strategy.make_current"]
        ).count()
        == 4
    )
    public = Client().get(url(partnership, "strategy:priority", "2024-2027", 1)).content.decode()
    assert "Fewer burglaries" in public and "Q2 (July to September)" in public


def test_secretariat_removes_supporting_documents_and_survey_results(
    client, users, partnership, versions
):
    _old, current, _draft = versions
    document = SupportingDocumentFactory(strategy=current, title="Homelessness Strategy")
    result = SurveyResultFactory(strategy=current, question="Fraud is a problem")
    client.force_login(users["secretariat"])
    page = client.get(url(partnership, "strategy:strategy", "2020-2023")).content.decode()
    assert 'Remove<span class="govuk-visually-hidden"> Homelessness Strategy' in page
    client.post(reverse("strategy:supporting_delete", args=[partnership.slug, document.pk]))
    client.post(reverse("strategy:survey_delete", args=[partnership.slug, result.pk]))
    assert not current.supporting_documents.exists() and not current.survey_results.exists()
    assert (
        AuditEvent.objects.filter(
            verb__in=["supporting_document.delete", "survey_result.delete"]
        ).count()
        == 2
    )
