"""Meeting pages: who sees what, and query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
CANARY = "CANARY-item-5c1d"


@pytest.fixture
def meeting(partnership):
    body = BodyFactory(partnership=partnership, slug="board")
    meeting = MeetingFactory(
        body=body, date=dt.date(2017, 12, 19), status=Meeting.Status.MINUTES_APPROVED
    )
    AgendaItemFactory(meeting=meeting, title="Public item")
    secret = AgendaItemFactory(
        meeting=meeting,
        title=f"Gang matrix {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    PaperFactory(item=secret, title=f"Paper {CANARY}")
    MinuteFactory(
        meeting=meeting,
        item=secret,
        title=f"Minute {CANARY}",
        text=f"Text {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    return meeting


def url(meeting, name="meetings:detail", *extra):
    return reverse(
        name,
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat(), *extra],
    )


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (None, False),
        ("member", False),
        ("outsider", False),
        ("cleared", True),
        ("secretariat", True),
    ],
)
def test_restricted_item_shown_only_to_cleared(client, users, meeting, role, sees):
    if role:
        client.force_login(users[role])
    for target in [
        url(meeting),
        url(meeting, "meetings:document", "agenda", "html"),
        url(meeting, "meetings:document", "minutes", "html"),
    ]:
        response = client.get(target)
        assert response.status_code == 200
        body = response.content.decode()
        assert (CANARY in body) is sees, target
        if not sees:
            assert "paragraph 7 of Schedule 12A" in body


def test_other_partnership_cannot_reach_meeting_by_url(client, users, meeting, other_partnership):
    client.force_login(users["other_secretariat"])
    wrong = reverse("meetings:detail", args=[other_partnership.slug, "board", "2017-12-19"])
    missing = reverse("meetings:detail", args=[other_partnership.slug, "board", "2099-01-01"])
    assert client.get(wrong).status_code == client.get(missing).status_code == 404
    assert client.get(url(meeting, "meetings:agenda")).status_code == 403


@pytest.mark.parametrize("role", [None, "member", "cleared", "other_secretariat"])
def test_manage_pages_refused(client, users, meeting, role):
    if role:
        client.force_login(users[role])
    response = client.get(url(meeting, "meetings:agenda"))
    assert response.status_code == (302 if role is None else 403)
    # the one-click status POST is gone: every step is a confirmation page, refused alike
    for step in ("publish_agenda", "mark_held", "cancel", "publish_minutes", "approve"):
        response = client.post(url(meeting, f"meetings:{step}"))
        assert response.status_code == (302 if role is None else 403)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED


def test_scheduled_meeting_hides_agenda_from_public(client, partnership):
    body = BodyFactory(partnership=partnership, slug="board")
    m = MeetingFactory(body=body, status=Meeting.Status.SCHEDULED)
    AgendaItemFactory(meeting=m, title="Draft item not yet public")
    response = client.get(url(m))
    assert "Draft item not yet public" not in response.content.decode()
    assert client.get(url(m, "meetings:document", "agenda", "pdf")).status_code == 404


def grow(meeting, n):
    partnership = meeting.body.partnership
    for _ in range(n):
        item = AgendaItemFactory(meeting=meeting)
        PaperFactory(item=item)
        AgendaItemFactory(meeting=meeting, parent=item)
        minute = MinuteFactory(meeting=meeting, item=item)
        ResolutionFactory(minute=minute)
        ResolutionFactory(minute=minute)
        AttendanceFactory(meeting=meeting)
        MembershipFactory(
            body=meeting.body,
            person__partnership=partnership,
            organisation__partnership=partnership,
        )


def count_queries(client, target):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [None, "secretariat"])
@pytest.mark.parametrize(
    "page",
    [
        ("meetings:detail",),
        ("meetings:document", "agenda", "html"),
        ("meetings:document", "minutes", "html"),
        ("meetings:agenda",),
        ("meetings:minutes",),
        ("meetings:attendance",),
    ],
)
def test_query_count_does_not_grow_with_items(client, users, meeting, role, page):
    if (
        page[0] != "meetings:detail"
        and not page[0].startswith("meetings:document")
        and role is None
    ):
        pytest.skip("manage pages are secretariat-only")
    if role:
        client.force_login(users[role])
    grow(meeting, 2)
    target = url(meeting, *page)
    few = count_queries(client, target)
    grow(meeting, 10)
    many = count_queries(client, target)
    assert many == few, f"{target}: {few} queries with 2 items, {many} with 12"
    assert many <= 30


def test_attendance_report_counts_substitutes_for_the_organisation(client, partnership):
    from csphub.meetings.models import Attendance

    body = BodyFactory(partnership=partnership, slug="board")
    chief = MembershipFactory(body=body, start=dt.date(2017, 1, 1))
    meeting = MeetingFactory(
        body=body, date=dt.date(2017, 3, 9), status=Meeting.Status.MINUTES_APPROVED
    )
    AttendanceFactory(meeting=meeting, person=chief.person, status=Attendance.Status.APOLOGIES)
    deputy = AttendanceFactory(meeting=meeting, status=Attendance.Status.SUBSTITUTE)
    deputy.substitute_for = chief.person
    deputy.save()
    response = client.get(
        reverse("meetings:attendance_report", args=[partnership.slug, "board"])
        + "?from=2017-01-01&to=2017-12-31"
    )
    assert response.status_code == 200
    report = response.context["report"]
    ((person, rate),) = report.people
    assert (rate.expected, rate.attended, rate.substituted) == (1, 0, 1)
    ((org, org_rate),) = report.organisations
    assert org_rate.percent == 100.0
    bad = client.get(
        reverse("meetings:attendance_report", args=[partnership.slug, "board"]) + "?from=nonsense"
    )
    assert bad.status_code == 200
    assert "The start date must be a real date" in bad.content.decode()
