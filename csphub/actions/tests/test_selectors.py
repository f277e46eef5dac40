"""Who sees which actions, and what the log's filters and sorts return."""

import datetime as dt

import pytest
from django.utils import timezone

from csphub.accounts.permissions import viewer_for
from csphub.actions import selectors
from csphub.actions.models import ActionUpdate
from csphub.actions.selectors import LogFilters
from csphub.actions.tests.factories import ActionUpdateFactory, action_with_owners, minute_of
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2018, 3, 26)


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")


@pytest.fixture
def lg(partnership):
    return PersonFactory(partnership=partnership, name="Lisa Green", initials="LG", slug="lg")


@pytest.fixture
def tg(partnership):
    return PersonFactory(partnership=partnership, name="Tom Grey", initials="TG", slug="tg")


@pytest.fixture
def kinds_of_action(body, lg):
    """One action of each kind the visibility rule tells apart."""
    approved = minute_of(body, date=dt.date(2017, 12, 19))
    restricted = minute_of(
        body, date=dt.date(2017, 12, 19), is_restricted=True, restricted_reason="para-7"
    )
    unpublished = minute_of(body, date=dt.date(2018, 3, 26), status=Meeting.Status.HELD)
    return {
        "public": action_with_owners(body, [lg], minute=approved, description="Public one"),
        "restricted": action_with_owners(
            body, [lg], minute=restricted, description="Restricted one"
        ),
        "flagged": action_with_owners(
            body, [lg], minute=approved, is_restricted=True, description="Flagged one"
        ),
        "unpublished": action_with_owners(
            body, [lg], minute=unpublished, description="Unpublished minutes"
        ),
        "manual": action_with_owners(body, [lg], description="Added by hand"),
    }


def visible_names(user, partnership, kinds):
    viewer = viewer_for(user, partnership)
    pks = set(selectors.actions_visible(viewer, partnership).values_list("pk", flat=True))
    return {name for name, action in kinds.items() if action.pk in pks}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, {"public"}),
        ("outsider", {"public"}),
        ("other_secretariat", {"public"}),
        ("member", {"public", "unpublished", "manual"}),
        ("cleared", {"public", "restricted", "flagged", "unpublished", "manual"}),
        ("secretariat", {"public", "restricted", "flagged", "unpublished", "manual"}),
        ("administrator", {"public", "restricted", "flagged", "unpublished", "manual"}),
    ],
)
def test_who_sees_which_actions(users, partnership, kinds_of_action, role, expected):
    user = users[role] if role else None
    assert visible_names(user, partnership, kinds_of_action) == expected


def test_another_partnerships_viewers_see_none_of_its_restricted_actions(
    users, partnership, other_partnership, kinds_of_action
):
    viewer = viewer_for(users["other_secretariat"], other_partnership)
    assert not selectors.actions_visible(viewer, other_partnership).exists()
    assert set(selectors.actions_visible(viewer, partnership)) == {kinds_of_action["public"]}


def test_a_minute_restricted_after_the_action_was_raised_hides_it(users, partnership, body, lg):
    minute = minute_of(body)
    action = action_with_owners(body, [lg], minute=minute)
    minute.is_restricted = True
    minute.save()
    for role in ["member", "outsider"]:
        viewer = viewer_for(users[role], partnership)
        assert action not in selectors.actions_visible(viewer, partnership)


# --- the log's filters ----------------------------------------------------------------------


@pytest.fixture
def sec_viewer(users, partnership):
    return viewer_for(users["secretariat"], partnership)


def log(viewer, partnership, **filters):
    return list(selectors.action_log(viewer, partnership, LogFilters(**filters), TODAY))


def test_filter_by_owner_person(sec_viewer, partnership, body, lg, tg):
    mine = action_with_owners(body, [lg, tg])
    action_with_owners(body, [tg])
    assert log(sec_viewer, partnership, owner=lg) == [mine]


def test_filter_by_organisation_directly_or_through_a_member(sec_viewer, partnership, body, lg, tg):
    police = OrganisationFactory(partnership=partnership, name="Police")
    MembershipFactory(body=body, person=lg, organisation=police)
    direct = action_with_owners(body, [police])
    through_member = action_with_owners(body, [lg])
    action_with_owners(body, [tg])
    assert set(log(sec_viewer, partnership, organisation=police)) == {direct, through_member}


def test_filter_by_status_overdue_meeting_body_and_text(sec_viewer, partnership, body, lg):
    other_body = BodyFactory(partnership=partnership, slug="vawg")
    minute = minute_of(body, date=dt.date(2017, 12, 19))
    MeetingFactory(body=body, date=dt.date(2018, 3, 1))  # the next meeting: past by TODAY
    late = action_with_owners(body, [lg], due_date=dt.date(2018, 1, 31))
    due_next = action_with_owners(body, [lg], minute=minute, due_next_meeting=True)
    done_late = action_with_owners(body, [lg], due_date=dt.date(2018, 1, 31), status="done")
    future = action_with_owners(
        other_body, [lg], due_date=dt.date(2018, 6, 1), status="in_progress"
    )
    ActionUpdateFactory(action=future, text="The GANGS matrix was reviewed")

    assert set(log(sec_viewer, partnership, statuses=["done", "in_progress"])) == {
        done_late,
        future,
    }
    assert set(log(sec_viewer, partnership, overdue=True)) == {late, due_next}
    assert log(sec_viewer, partnership, meeting=minute.meeting) == [due_next]
    assert log(sec_viewer, partnership, body=other_body) == [future]
    assert log(sec_viewer, partnership, text="gangs matrix") == [future]
    assert log(sec_viewer, partnership, text=late.description.upper()) == [late]
    # An update reworded for publication: only the published words are searchable
    ActionUpdateFactory(action=late, text="Named the informant", published_text="Work is in hand")
    assert log(sec_viewer, partnership, text="informant") == []
    assert log(sec_viewer, partnership, text="in hand") == [late]


def test_next_meeting_date_skips_cancelled_meetings(sec_viewer, partnership, body, lg):
    minute = minute_of(body, date=dt.date(2017, 12, 19))
    MeetingFactory(body=body, date=dt.date(2018, 2, 1), status=Meeting.Status.CANCELLED)
    MeetingFactory(body=body, date=dt.date(2018, 3, 26))
    MeetingFactory(body=body, date=dt.date(2018, 6, 26))
    action_with_owners(body, [lg], minute=minute, due_next_meeting=True)
    [row] = selectors.action_rows(log(sec_viewer, partnership), TODAY)
    assert row.due == dt.date(2018, 3, 26)
    assert row.due_text == "Next meeting (26 March 2018)"
    assert not row.overdue


def test_sorts(sec_viewer, partnership, body, lg):
    early_minute = minute_of(body, date=dt.date(2017, 6, 1))
    late_minute = minute_of(body, date=dt.date(2017, 12, 19))
    now = timezone.now()
    a = action_with_owners(
        body, [lg], minute=late_minute, due_date=dt.date(2018, 1, 1), created_at=now
    )
    b = action_with_owners(
        body,
        [lg],
        minute=early_minute,
        due_date=dt.date(2018, 5, 1),
        status="done",
        created_at=now - dt.timedelta(days=2),
    )
    c = action_with_owners(body, [lg], created_at=now - dt.timedelta(days=1))  # no due date
    assert log(sec_viewer, partnership, sort="due") == [a, b, c]
    assert log(sec_viewer, partnership, sort="-due") == [b, a, c]
    assert log(sec_viewer, partnership, sort="created") == [b, c, a]
    assert log(sec_viewer, partnership, sort="-created") == [a, c, b]
    assert log(sec_viewer, partnership, sort="status") == [a, c, b]
    assert log(sec_viewer, partnership, sort="-status")[0] == b
    assert log(sec_viewer, partnership, sort="meeting") == [b, a, c]
    assert log(sec_viewer, partnership, sort="-meeting") == [a, b, c]
    assert log(sec_viewer, partnership, sort="nonsense") == [a, b, c]


def test_rows_show_initials_names_and_the_latest_update_only(sec_viewer, partnership, body, lg, tg):
    police = OrganisationFactory(
        partnership=partnership, name="Metropolitan Police", short_name="MPS"
    )
    action = action_with_owners(body, [lg, tg, police])
    at = timezone.now()
    ActionUpdateFactory(action=action, text="Older", at=at - dt.timedelta(days=3))
    ActionUpdateFactory(action=action, text="Newest", at=at - dt.timedelta(days=1))
    ActionUpdateFactory(action=action, kind=ActionUpdate.Kind.STATUS, text="Not an update", at=at)
    [row] = selectors.action_rows(log(sec_viewer, partnership), TODAY)
    assert row.initials == "LG/TG/MPS"
    assert row.owner_names == "Lisa Green, Tom Grey, Metropolitan Police"
    assert row.update_text == "Newest"
    assert row.number == str(action.pk)


def test_owner_open_actions_cross_bodies_and_skip_closed(sec_viewer, partnership, body, lg):
    other_body = BodyFactory(partnership=partnership, slug="vawg")
    a = action_with_owners(body, [lg])
    b = action_with_owners(other_body, [lg], status="carried_forward")
    action_with_owners(body, [lg], status="done")
    assert set(selectors.owner_open_actions(sec_viewer, partnership, lg, TODAY)) == {a, b}


def test_filter_choices_list_only_owners_of_visible_actions(
    users, partnership, body, lg, tg, kinds_of_action
):
    action_with_owners(body, [tg], minute=kinds_of_action["restricted"].minute, is_restricted=True)
    public = selectors.filter_choices(viewer_for(None, partnership), partnership)
    assert list(public.people) == [lg]
    secretariat = selectors.filter_choices(
        viewer_for(users["secretariat"], partnership), partnership
    )
    assert list(secretariat.people) == [lg, tg]
    assert list(public.meetings) == [kinds_of_action["public"].meeting]
