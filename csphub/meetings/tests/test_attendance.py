"""Recording attendance: "Mark everyone present" without JavaScript, members in membership
order with post, organisation and chair, a substitute typed by name, roles, permission and
query counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csphub.accounts.permissions import viewer_for
from csphub.audit.models import AuditEvent
from csphub.meetings import services
from csphub.meetings.attendance_rules import attendance_role, mark_everyone_present
from csphub.meetings.documents import build_minutes
from csphub.meetings.links import meeting_url
from csphub.meetings.models import Attendance, Meeting
from csphub.meetings.selectors import meeting_record
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.models import Membership, Person
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2018, 6, 21)


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board")


@pytest.fixture
def meeting(body):
    return MeetingFactory(body=body, date=DAY, status=Meeting.Status.HELD)


@pytest.fixture
def police(partnership):
    return OrganisationFactory(
        partnership=partnership, name="Metropolitan Police", short_name="MPS"
    )


@pytest.fixture
def council(partnership):
    return OrganisationFactory(partnership=partnership, name="Testshire Council", short_name="TC")


def seat(body, name, role=Membership.Role.MEMBER, organisation=None, post=""):
    person = PersonFactory(partnership=body.partnership, name=name)
    MembershipFactory(
        body=body,
        person=person,
        role=role,
        organisation=organisation,
        post_title=post,
        start=dt.date(2017, 1, 1),
    )
    return person


@pytest.fixture
def board(body, police, council):
    """A chair, two members, in the order the page must list them."""
    return {
        "chair": seat(body, "Zoe Chair", Membership.Role.CHAIR, council, "Leader of the Council"),
        "commander": seat(body, "Alan Commander", organisation=police, post="Borough Commander"),
        "director": seat(body, "Beth Director", organisation=council, post="Director of Housing"),
    }


def page(client, meeting):
    return client.get(meeting_url(meeting, "meetings:attendance")).content.decode()


# --- pure rules ---------------------------------------------------------------------------------


def test_mark_everyone_present_fills_only_members_not_yet_recorded():
    statuses = {1: "apologies", 3: "substitute"}
    assert mark_everyone_present(statuses, [1, 2, 4], represented=[4]) == {
        1: "apologies",
        2: "present",
        3: "substitute",
    }


@pytest.mark.parametrize(
    ("status", "is_member", "chosen", "role"),
    [
        ("substitute", True, "officer", "substitute"),
        ("present", True, "guest", "member"),
        ("also_present", False, "officer", "officer"),
        ("also_present", False, "", "officer"),
        ("also_present", False, "guest", "guest"),
        ("present", False, "", "guest"),
        ("present", False, "nonsense", "guest"),
    ],
)
def test_attendance_role(status, is_member, chosen, role):
    assert attendance_role(status, is_member=is_member, chosen=chosen) == role


# --- the page ------------------------------------------------------------------------------------


def test_page_lists_members_in_membership_order_with_post_organisation_and_chair(
    client, users, meeting, board
):
    client.force_login(users["secretariat"])
    html = page(client, meeting)
    names = [html.index(p.display_name) for p in board.values()]
    assert names == sorted(names), "chair first, then members by name"
    assert "Metropolitan Police" in html and "MPS Borough Commander" in html
    assert "TC Director of Housing" in html
    assert '<strong class="govuk-tag govuk-tag--blue">Chair</strong>' in html
    assert "Mark everyone present" in html
    assert 'class="govuk-breadcrumbs' in html
    assert 'type="date"' not in html


def test_mark_everyone_present_is_a_plain_post_and_is_audited(client, users, meeting, board):
    client.force_login(users["secretariat"])
    url = meeting_url(meeting, "meetings:attendance")
    # The director's apologies were recorded first; the button must keep them.
    services.attendance_record(
        actor=users["secretariat"],
        meeting=meeting,
        rows=[{"person": board["director"], "status": Attendance.Status.APOLOGIES}],
    )
    response = client.post(url, {"action": "everyone_present"})
    assert response.status_code == 302 and response["Location"] == url
    rows = {a.person_id: a for a in meeting.attendance.all()}
    assert rows[board["chair"].pk].status == Attendance.Status.PRESENT
    assert rows[board["commander"].pk].status == Attendance.Status.PRESENT
    assert rows[board["director"].pk].status == Attendance.Status.APOLOGIES
    assert rows[board["commander"].pk].post_title == "Borough Commander"
    assert rows[board["commander"].pk].organisation.short_name == "MPS"
    assert all(a.role == Attendance.Role.MEMBER for a in rows.values())
    meeting.refresh_from_db()
    assert meeting.chair == board["chair"]  # the body's chair, by default
    assert AuditEvent.objects.filter(
        verb="attendance.everyone_present", object_id=str(meeting.pk)
    ).exists()
    followed = client.get(url).content.decode()
    assert "Every member not yet recorded is marked present" in followed


def test_new_substitute_typed_by_name_becomes_an_audited_person(
    client, users, meeting, board, police
):
    client.force_login(users["secretariat"])
    commander = board["commander"]
    data = {
        f"status_{board['chair'].pk}": "present",
        f"status_{commander.pk}": "apologies",
        f"status_{board['director'].pk}": "present",
        "new_name": "  Detective Inspector   Sam Deputy ",
        "new_organisation": "",
        "new_for": str(commander.pk),
        "chair": str(board["chair"].pk),
    }
    response = client.post(meeting_url(meeting, "meetings:attendance"), data)
    assert response.status_code == 302
    deputy = Person.objects.get(name="Detective Inspector Sam Deputy")
    assert deputy.partnership == meeting.body.partnership
    assert AuditEvent.objects.filter(verb="person.create", object_id=str(deputy.pk)).exists()
    row = Attendance.objects.get(meeting=meeting, person=deputy)
    assert row.status == Attendance.Status.SUBSTITUTE
    assert row.role == Attendance.Role.SUBSTITUTE
    assert row.substitute_for == commander
    assert row.organisation == police  # the member's, when none is chosen

    # The saved list on the meeting page shows it, with posts, organisations and the chair.
    MinuteFactory(meeting=meeting)
    detail = client.get(meeting_url(meeting)).content.decode()
    assert "Detective Inspector Sam Deputy (MPS), attended in place of Alan Commander" in detail
    assert "Zoe Chair (TC Leader of the Council) <strong>(Chair)</strong>" in detail
    meeting.refresh_from_db()
    viewer = viewer_for(users["secretariat"], meeting.body.partnership)
    minutes = build_minutes(meeting_record(meeting, viewer))
    assert minutes is not None
    text = " | ".join(str(item) for b in minutes.blocks for item in getattr(b, "items", []))
    assert "Zoe Chair (TC Leader of the Council) (Chair)" in text
    assert "Beth Director (TC Director of Housing)" in text


def test_new_substitute_needs_whom_they_replaced(client, users, meeting, board):
    client.force_login(users["secretariat"])
    response = client.post(
        meeting_url(meeting, "meetings:attendance"), {"new_name": "Sam Deputy", "new_for": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose whom the substitute attended in place of" in html
    assert not Person.objects.filter(name="Sam Deputy").exists()


def test_guest_role_is_recorded_for_someone_who_is_not_a_member(client, users, meeting, board):
    client.force_login(users["secretariat"])
    officer = PersonFactory(partnership=meeting.body.partnership, name="Olive Officer")
    url = meeting_url(meeting, "meetings:attendance")
    response = client.post(
        url,
        {
            "add_person": str(officer.pk),
            f"status_{officer.pk}": "also_present",
            f"role_{officer.pk}": "officer",
        },
    )
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=meeting, person=officer)
    assert row.role == Attendance.Role.OFFICER


@pytest.mark.parametrize("role", ["member", "cleared", "outsider", "other_secretariat"])
def test_only_the_secretariat_may_record_attendance(client, users, meeting, board, role):
    client.force_login(users[role])
    url = meeting_url(meeting, "meetings:attendance")
    assert client.post(url, {"action": "everyone_present"}).status_code in (403, 404)
    assert not meeting.attendance.exists()


def test_the_service_refuses_anyone_else(users, meeting, board):
    with pytest.raises(PermissionDenied):
        services.attendance_mark_everyone_present(actor=users["member"], meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.attendance_record(
            actor=users["other_secretariat"],
            meeting=meeting,
            rows=[{"new_person_name": "Sneaky Person", "status": "present"}],
        )
    assert not Person.objects.filter(name="Sneaky Person").exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_members(client, users, meeting, body, police):
    client.force_login(users["secretariat"])
    url = meeting_url(meeting, "meetings:attendance")
    for n in range(3):
        seat(body, f"Member {n}", organisation=police, post="Inspector")
    services.attendance_mark_everyone_present(actor=users["secretariat"], meeting=meeting)
    few = _count(client, url)
    for n in range(3, 20):
        seat(body, f"Member {n}", organisation=police, post="Inspector")
    services.attendance_mark_everyone_present(actor=users["secretariat"], meeting=meeting)
    many = _count(client, url)
    assert many == few, f"{few} queries with 3 members, {many} with 20"


def test_open_data_lists_the_role_each_person_attended_in(client, users, meeting, board):
    services.attendance_mark_everyone_present(actor=users["secretariat"], meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.MINUTES_APPROVED)
    slug = meeting.body.partnership.slug
    items = client.get(f"/api/v1/partnerships/{slug}/attendance").json()["items"]
    assert {(i["person"], i["role"], i["post_title"]) for i in items} >= {
        ("Zoe Chair", "member", "Leader of the Council"),
        ("Alan Commander", "member", "Borough Commander"),
    }
