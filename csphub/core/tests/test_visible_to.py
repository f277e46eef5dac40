"""`visible_to`: every protected model has one, and each says exactly who reads which rows.

The world below holds one row of each kind a rule tells apart (an exempt item, a marked
paper, a paper kept off the website, minutes not yet published, a withdrawn question, an
action from an exempt minute...). Each model's expected rows are written out for the
public, a signed-in visitor with no role, a member, a cleared member, the secretariat and
another partnership's secretariat; `with_visibility` must mark exactly the same rows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from csphub.accounts.permissions import viewer_for
from csphub.accounts.visibility import anyone
from csphub.actions.models import Action, ActionOwner, ActionUpdate, UpdateRequest
from csphub.actions.tests.factories import ActionUpdateFactory, action_with_owners
from csphub.meetings.models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    MinuteAmendment,
    Paper,
    Question,
    Resolution,
)
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.models import Partnership
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory
from csphub.performance.models import Indicator, Observation

pytestmark = pytest.mark.django_db

PROTECTED_APPS = ["meetings", "actions", "performance", "police"]

# Models of those apps that no chain of foreign keys links to a Partnership, so no
# partnership's rule can apply: shared reference data, public for everyone. A model that
# does reach a Partnership cannot be exempted here; it must have `visible_to`.
SHARED = {
    "police.Area",  # places (ONS codes): the same for every partnership
    "police.AreaPopulation",  # ONS population estimates
    "police.CrimeCategory",  # the project's own category tree
    "police.CategoryMapping",  # publishers' labels to categories, site-wide
    "police.DataSource",  # a publisher's series of police open data
    "police.ImportRun",  # the site administrator's imports of open data
    "police.ImportFile",
    "police.SourceMonth",
    "police.CrimeCount",  # police open data: monthly aggregates, public
    "police.LsoaCountSet",  # the same, for LSOAs, packed (decision 0035)
    # issue 10 part 2: keyed hashes of question senders' addresses, kept 10 minutes for the
    # rate limit; no page or export reads them
    "meetings.QuestionSender",
}


def _reaches_partnership(model: type[models.Model], seen: frozenset = frozenset()) -> bool:
    if model is Partnership:
        return True
    if model in seen:
        return False
    return any(
        _reaches_partnership(f.related_model, seen | {model})
        for f in model._meta.get_fields()
        if f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete and f.related_model
    )


def _models():
    for label in PROTECTED_APPS:
        yield from apps.get_app_config(label).get_models()


def test_every_protected_model_has_visible_to():
    missing = []
    for model in _models():
        name = model._meta.label
        reaches = _reaches_partnership(model)
        assert not (reaches and name in SHARED), f"{name} belongs to a partnership: not shared"
        if not reaches:
            assert name in SHARED, f"{name}: reaches no partnership; say why it is shared"
            continue
        queryset = model._default_manager.all()
        if not callable(getattr(queryset, "visible_to", None)):
            missing.append(name)
            continue
        str(queryset.visible_to(anyone()).query)  # the rule is written, and compiles
    assert not missing, f"protected models without visible_to: {missing}"


def test_every_shared_model_named_exists_in_a_protected_app():
    """A model moved to another app (the police models left ``performance``) must be named
    again here, or its app added above: a stale name would leave it unchecked."""
    for label in SHARED:
        model = apps.get_model(label)
        assert model._meta.app_label in PROTECTED_APPS, f"{label}: its app is not checked"


def test_the_walk_finds_the_protected_models():
    """The walk above is not vacuous: these all reach a partnership."""
    found = {m._meta.label for m in _models() if _reaches_partnership(m)}
    assert {
        "meetings.Meeting",
        "meetings.Paper",
        "meetings.MinuteAmendment",
        "actions.ActionOwner",
        "actions.UpdateRequest",
        "performance.Observation",
    } <= found


# --- the rules -------------------------------------------------------------------------------

ROLES = ["public", "outsider", "member", "cleared", "secretariat", "other_secretariat"]


@pytest.fixture
def world(partnership, users):
    """Name -> row, for every row the expectations below mention."""
    body = BodyFactory(partnership=partnership, slug="board")
    person = PersonFactory(partnership=partnership)
    S = Meeting.Status
    scheduled = MeetingFactory(body=body, date=dt.date(2018, 3, 1), status=S.SCHEDULED)
    agenda = MeetingFactory(body=body, date=dt.date(2018, 2, 1), status=S.AGENDA_PUBLISHED)
    held = MeetingFactory(body=body, date=dt.date(2018, 1, 1), status=S.DRAFT_MINUTES)
    rows: dict[str, models.Model] = {"scheduled": scheduled, "agenda": agenda, "held": held}

    item = AgendaItemFactory(meeting=held, title="Public item")
    secret_item = AgendaItemFactory(meeting=held, is_restricted=True, restricted_reason="para-7")
    rows |= {
        "item": item,
        "secret_item": secret_item,
        "agenda_item": AgendaItemFactory(meeting=agenda),
        "scheduled_item": AgendaItemFactory(meeting=scheduled),
    }
    rows |= {
        "paper": PaperFactory(item=item),
        "flagged_paper": PaperFactory(item=item, is_restricted=True),
        "marked_paper": PaperFactory(item=item, security_marking="OFFICIAL-SENSITIVE"),
        "offsite_paper": PaperFactory(item=item, show_on_website=False),
        "secret_paper": PaperFactory(item=secret_item),
        "agenda_paper": PaperFactory(item=rows["agenda_item"]),
        "scheduled_paper": PaperFactory(item=rows["scheduled_item"]),
    }
    minute = MinuteFactory(meeting=held, number=1)
    secret_minute = MinuteFactory(meeting=held, number=2, is_restricted=True)
    agenda_minute = MinuteFactory(meeting=agenda, number=3)
    rows |= {"minute": minute, "secret_minute": secret_minute, "agenda_minute": agenda_minute}
    rows |= {
        "resolution": ResolutionFactory(minute=minute),
        "secret_resolution": ResolutionFactory(minute=secret_minute),
        "agenda_resolution": ResolutionFactory(minute=agenda_minute),
    }
    now = timezone.now()
    for name, m in [("amendment", minute), ("secret_amendment", secret_minute)]:
        rows[name] = MinuteAmendment.objects.create(
            minute=m, field="text", after="Corrected", reason="Typo", made_at=now
        )
    rows["attendance"] = AttendanceFactory(meeting=held)
    rows["agenda_attendance"] = AttendanceFactory(meeting=agenda)
    for name, meeting, on in [
        ("declaration", held, None),
        ("secret_declaration", held, secret_item),
        ("agenda_declaration", agenda, None),
    ]:
        rows[name] = Declaration.objects.create(
            meeting=meeting, person=person, item=on, text="An interest"
        )
    for name, meeting, status in [
        ("question", held, Question.Status.ANSWERED),
        ("withdrawn_question", held, Question.Status.WITHDRAWN),
        ("agenda_question", agenda, Question.Status.RECEIVED),
    ]:
        rows[name] = Question.objects.create(
            meeting=meeting, asker_name="A Resident", asker_kind="public", text="Why?",
            received_at=now, deadline=now, status=status,
        )  # fmt: skip
    rows |= {
        "action": action_with_owners(body, [person], minute=minute),
        "secret_action": action_with_owners(body, [person], minute=secret_minute),
        "flagged_action": action_with_owners(body, [person], minute=minute, is_restricted=True),
        "agenda_action": action_with_owners(body, [person], minute=agenda_minute),
        "manual_action": action_with_owners(body, [person]),
    }
    for name in ["action", "secret_action", "flagged_action", "agenda_action", "manual_action"]:
        rows[f"{name}_owner"] = rows[name].owners.get()
        rows[f"{name}_update"] = ActionUpdateFactory(action=rows[name])
    request = UpdateRequest.objects.create(
        partnership=partnership, person=person, kind="request", sent_at=now, expires_at=now
    )
    rows["update_request"] = request
    indicator = Indicator.objects.create(
        partnership=partnership, owner=body, name="Burglary", polarity="lower_is_better"
    )
    rows["indicator"] = indicator
    rows["observation"] = Observation.objects.create(
        indicator=indicator, period=dt.date(2017, 4, 1), value=3, entered_at=now
    )
    return rows


PUBLIC_MEETING_ROWS = {
    AgendaItem: {"item", "agenda_item"},
    Paper: {"paper", "agenda_paper"},
    Minute: {"minute"},
    Resolution: {"resolution"},
    MinuteAmendment: {"amendment"},
    Attendance: {"attendance"},
    Declaration: {"declaration"},
    Question: {"question"},
}
PUBLIC_ACTION_ROWS = {
    Action: {"action"},
    ActionOwner: {"action_owner"},
    ActionUpdate: {"action_update"},
    UpdateRequest: set(),
}
EVERYONE = {
    Meeting: {"scheduled", "agenda", "held"},
    Indicator: {"indicator"},
    Observation: {"observation"},
}
PUBLIC = {**EVERYONE, **PUBLIC_MEETING_ROWS, **PUBLIC_ACTION_ROWS}
MEMBER_ACTIONS = {"action", "agenda_action", "manual_action"}
CLEARED_ACTIONS = MEMBER_ACTIONS | {"secret_action", "flagged_action"}


def _of_actions(names: set[str]) -> dict:
    return {
        Action: names,
        ActionOwner: {f"{n}_owner" for n in names},
        ActionUpdate: {f"{n}_update" for n in names},
    }


MEMBER = {**PUBLIC, Paper: PUBLIC[Paper] | {"offsite_paper"}, **_of_actions(MEMBER_ACTIONS)}
CLEARED = {
    **MEMBER,
    AgendaItem: {"item", "secret_item", "agenda_item"},
    Paper: MEMBER[Paper] | {"flagged_paper", "marked_paper", "secret_paper"},
    Minute: {"minute", "secret_minute"},
    Resolution: {"resolution", "secret_resolution"},
    MinuteAmendment: {"amendment", "secret_amendment"},
    Declaration: {"declaration", "secret_declaration"},
    **_of_actions(CLEARED_ACTIONS),
}
SECRETARIAT = {
    **CLEARED,
    AgendaItem: CLEARED[AgendaItem] | {"scheduled_item"},
    Paper: CLEARED[Paper] | {"scheduled_paper"},
    Minute: CLEARED[Minute] | {"agenda_minute"},
    Resolution: CLEARED[Resolution] | {"agenda_resolution"},
    Attendance: {"attendance", "agenda_attendance"},
    Declaration: CLEARED[Declaration] | {"agenda_declaration"},
    Question: {"question", "agenda_question"},
    UpdateRequest: {"update_request"},
}
EXPECTED = {
    "public": PUBLIC,
    "outsider": PUBLIC,
    "member": MEMBER,
    "cleared": CLEARED,
    "secretariat": SECRETARIAT,
    # A role counts only in its own partnership: here, another's secretary is the public.
    "other_secretariat": PUBLIC,
}


def _viewer(role: str, users, partnership, other_partnership):
    if role == "public":
        return viewer_for(None, partnership)
    if role == "other_secretariat":
        return viewer_for(users[role], other_partnership)
    return viewer_for(users[role], partnership)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", list(PUBLIC), ids=lambda m: m.__name__)
def test_who_reads_which_rows(world, users, partnership, other_partnership, role, model):
    viewer = _viewer(role, users, partnership, other_partnership)
    names = {n for n, row in world.items() if isinstance(row, model)}
    pk_name = {world[n].pk: n for n in names}
    visible = {pk_name[pk] for pk in model.objects.visible_to(viewer).values_list("pk", flat=True)}
    assert visible == EXPECTED[role][model]
    marked = {pk_name[row.pk] for row in model.objects.with_visibility(viewer) if row.is_visible}
    assert marked == visible, "with_visibility and visible_to disagree"


@pytest.mark.parametrize("role", ROLES)
def test_a_loaded_meeting_says_the_same(world, users, partnership, other_partnership, role):
    """`Meeting.shows_agenda_to` / `shows_minutes_to` (for a meeting in memory) agree with
    the QuerySet rules (for a query)."""
    viewer = _viewer(role, users, partnership, other_partnership)
    agenda = set(Meeting.objects.agenda_visible_to(viewer))
    minutes = set(Meeting.objects.minutes_visible_to(viewer))
    for name in ["scheduled", "agenda", "held"]:
        meeting = Meeting.objects.get(pk=world[name].pk)
        assert meeting.shows_agenda_to(viewer) is (meeting in agenda), name
        assert meeting.shows_minutes_to(viewer) is (meeting in minutes), name


def test_a_secretary_reads_their_own_partnership_not_anothers(world, users, other_partnership):
    """The other partnership's secretary reads all of theirs, and only the public of ours."""
    viewer = viewer_for(users["other_secretariat"], other_partnership)
    theirs = MeetingFactory(
        body=BodyFactory(partnership=other_partnership), status=Meeting.Status.SCHEDULED
    )
    hidden = AgendaItemFactory(meeting=theirs, is_restricted=True)
    assert set(AgendaItem.objects.visible_to(viewer)) == {
        hidden,
        world["item"],
        world["agenda_item"],
    }
