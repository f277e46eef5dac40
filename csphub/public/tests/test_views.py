"""The public website's pages: calendar, decisions register, attendance, and the actions
register the action log already is. Filters, pages, errors, who sees what, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.actions.models import Action
from csphub.actions.tests.factories import ActionFactory
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory, ResolutionFactory

from .conftest import CANARY, DECISION

pytestmark = pytest.mark.django_db
SLUG = "safer-testshire"


def get(client, name, params=None, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(f"public:{name}", args=[SLUG]), params or {})
    assert response.status_code == 200
    return response.content.decode()


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- the calendar -----------------------------------------------------------------------


def test_calendar_lists_upcoming_and_past_by_month_with_names_of_the_day(client, world):
    html = get(client, "meetings")
    upcoming, past = html.split('id="upcoming"')[1].split('id="past"')
    assert f"{world['upcoming'].date:%B %Y}" in upcoming
    assert ">Cancelled</strong>" in upcoming
    # December 2017: the board was still the Strategic Group; March 2018 the new name.
    assert "December 2017</caption>" in past and "March 2018</caption>" in past
    assert "Strategic Group" in past and "Safer Testshire Board" in past
    assert past.index("March 2018") < past.index("February 2018") < past.index("December 2017")
    assert "Committee Room 1, Civic Centre" in past and "10.00 am" in past
    board = "/p/safer-testshire/meetings/board/"
    assert f'href="{board}2017-12-19/#minutes"' in past
    assert f'href="{board}2018-03-26/#agenda"' in past
    # Held, minutes not yet published: the agenda only.
    assert 'href="/p/safer-testshire/meetings/asb/2018-02-05/#agenda"' in past
    assert 'href="/p/safer-testshire/meetings/asb/2018-02-05/#minutes"' not in past
    assert CANARY not in html


def test_calendar_filters_by_body_and_year(client, world):
    html = get(client, "meetings", {"body": "asb"})
    assert "2018-02-05" in html and "2017-12-19" not in html and "2018-03-26" not in html
    html = get(client, "meetings", {"year": "2017"})
    assert "2017-12-19" in html and "2018-03-26" not in html
    assert "No meetings are scheduled that match." in html
    assert '<option value="2017" selected>' in html


@pytest.mark.parametrize("params", [{"body": "nowhere"}, {"year": "1999"}, {"year": "x"}])
def test_calendar_bad_filter_shows_the_error_summary(client, world, params):
    html = get(client, "meetings", params)
    assert "There is a problem" in html and "Select a valid choice" in html
    assert 'id="past"' not in html


def test_calendar_pages_past_meetings(client, world):
    for n in range(30):
        MeetingFactory(body=world["group"], date=dt.date(2016, 1, 4) + dt.timedelta(days=7 * n))
    first = get(client, "meetings")
    assert "Showing meetings 1 to 25 of 33, latest first." in first
    assert 'aria-label="Pages of past meetings"' in first
    second = get(client, "meetings", {"page": "2"})
    assert "Showing meetings 26 to 33 of 33" in second and "(page 2)" in second
    assert "2016-01-04" in second and "2018-03-26" not in second


@pytest.mark.parametrize("role", [None, "secretariat"])
def test_calendar_query_count_does_not_grow(client, users, world, role):
    if role:
        client.force_login(users[role])
    url = reverse("public:meetings", args=[SLUG])
    few = query_count(client, url)
    for n in range(10):
        MeetingFactory(
            body=world["board" if n % 2 else "group"],
            date=dt.date(2015, 1, 5) + dt.timedelta(days=7 * n),
            status=Meeting.Status.MINUTES_APPROVED,
        )
    assert query_count(client, url) == few


# --- the decisions register -------------------------------------------------------------


def test_decisions_newest_first_linking_to_the_minute(client, world):
    html = get(client, "decisions")
    assert "Showing 1 to 2 of 2 decisions." in html
    assert html.index("budget be approved") < html.index(DECISION)
    minute = world["december"].minutes.get(number=180)
    assert f'href="/p/safer-testshire/meetings/board/2017-12-19/#minute-{minute.pk}"' in html
    assert (
        "Minute 180: Night-time economy" in html
        and "Strategic Group, Tuesday 19 December 2017" in html
    )
    assert "unpublished drafts" not in html
    assert CANARY not in html


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
def test_decisions_restricted_only_for_the_cleared(client, users, world, role, sees):
    html = get(client, "decisions", user=users[role] if role else None)
    assert (f"RESOLVED that {CANARY}" in html) is sees
    assert ("unpublished drafts" in html) is (role == "secretariat")


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"body": "board"}, 2),
        ({"body": "asb"}, 0),
        ({"from": "2018-01-01"}, 1),
        ({"to": "2017-12-31"}, 1),
        ({"from": "2017-12-19", "to": "2017-12-19"}, 1),
        ({"q": "NIGHT-TIME"}, 1),  # in the resolution, any case
        ({"q": "budget"}, 1),
        ({"q": "economy"}, 1),  # in the minute's title
        ({"q": CANARY}, 0),  # restricted text is not searched for the public
    ],
)
def test_decision_filters(client, world, params, found):
    html = get(client, "decisions", params)
    if found:
        assert f"of {found} decision" in html and "Matching decisions" in html
    else:
        assert "No decisions match." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "19/12/2017x"}, "The ‘From’ date must be a real date"),
        ({"from": "2018-01-02", "to": "2018-01-01"}, "must be the same as or after"),
        ({"body": "nowhere"}, "Select a valid choice"),
    ],
)
def test_decisions_bad_filter_shows_the_error_summary(client, world, params, message):
    html = get(client, "decisions", params)
    assert "There is a problem" in html and message in html
    assert "Showing" not in html


def test_decisions_are_paginated(client, world):
    minute = world["december"].minutes.get(number=180)
    ResolutionFactory.create_batch(30, minute=minute, text="RESOLVED that more be noted")
    first = get(client, "decisions")
    assert "Showing 1 to 25 of 32 decisions." in first and "govuk-pagination" in first
    second = get(client, "decisions", {"page": "2", "q": ""})
    assert "Showing 26 to 32 of 32 decisions." in second
    assert "Showing 26 to 32" in get(client, "decisions", {"page": "99"})


def test_decisions_query_count_does_not_grow(client, users, world):
    client.force_login(users["secretariat"])
    url = reverse("public:decisions", args=[SLUG])
    few = query_count(client, url)
    for n in range(10):
        meeting = MeetingFactory(
            body=world["board" if n % 2 else "group"],
            date=dt.date(2015, 1, 5) + dt.timedelta(days=7 * n),
            status=Meeting.Status.MINUTES_APPROVED,
        )
        ResolutionFactory(minute=MinuteFactory(meeting=meeting))
    assert query_count(client, url) == few


# --- attendance -------------------------------------------------------------------------


def test_attendance_defaults_to_the_latest_year_with_published_minutes(client, world):
    html = get(client, "attendance")
    assert '<h1 class="govuk-heading-l">Attendance in 2018</h1>' in html
    board = html.split('id="body-board"')[1]
    ann = board.split("Ann Attender")[1].split("</tr>")[0]
    bob = board.split("Bob Absent")[1].split("</tr>")[0]
    assert ann.count(">1<") == 2 and "100.0%" in ann  # expected 1, attended 1
    assert "0.0%" in bob
    assert "/p/safer-testshire/meetings/board/attendance/?from=2018-01-01&amp;to=2018-12-31" in html
    # The sub-group's only 2018 meeting has no published minutes yet.
    assert 'id="body-asb"' not in html
    assert CANARY not in html


def test_attendance_for_a_chosen_year_uses_the_name_of_that_year(client, world):
    html = get(client, "attendance", {"year": "2017"})
    assert "Attendance in 2017" in html and "Strategic Group" in html


def test_attendance_secretariat_counts_meetings_not_yet_published(client, users, world):
    html = get(client, "attendance", user=users["secretariat"])
    assert 'id="body-asb"' in html


def test_attendance_bad_year_shows_the_error_summary(client, world):
    html = get(client, "attendance", {"year": "1999"})
    assert "There is a problem" in html and "Select a valid choice" in html


def test_attendance_query_count_does_not_grow(client, world):
    url = reverse("public:attendance", args=[SLUG]) + "?year=2018"
    few = query_count(client, url)
    for n in range(10):
        MeetingFactory(
            body=world["board"],
            date=dt.date(2018, 4, 2) + dt.timedelta(days=7 * n),
            status=Meeting.Status.MINUTES_APPROVED,
        )
    assert query_count(client, url) == few


# --- the actions register: the action log, as the public sees it ------------------------


def test_action_log_is_the_public_actions_register(client, world):
    """Anonymous visitors get public actions only (from published, unrestricted minutes),
    open and closed, and can filter by status."""
    minute = world["december"].minutes.get(number=180)
    ActionFactory(body=world["board"], minute=minute, description="Open public action")
    ActionFactory(
        body=world["board"],
        minute=minute,
        description="Closed public action",
        status=Action.Status.DONE,
    )
    ActionFactory(
        body=world["board"],
        minute=world["march"].minutes.get(number=191),
        description=f"Action {CANARY}",
    )
    ActionFactory(body=world["board"], description="Members-only action, from no minute")
    url = reverse("actions:log", args=[SLUG])
    html = client.get(url).content.decode()
    assert "Open public action" in html and "Closed public action" in html
    assert CANARY not in html and "Members-only action" not in html
    closed = client.get(url, {"status": ["done", "dropped"]}).content.decode()
    assert "Closed public action" in closed and "Open public action" not in closed
    opened = client.get(url, {"status": ["open", "in_progress"]}).content.decode()
    assert "Open public action" in opened and "Closed public action" not in opened


# --- navigation -------------------------------------------------------------------------


def test_navigation_points_meetings_at_the_calendar_and_adds_decisions(client, world):
    html = get(client, "decisions")
    meetings = reverse("public:meetings", args=[SLUG])
    decisions = reverse("public:decisions", args=[SLUG])
    assert html.index(f'href="{meetings}"') < html.index(f'href="{decisions}" aria-current')
    calendar = get(client, "meetings")
    assert f'href="{meetings}" aria-current="true"' in calendar


# --- the meeting page carries decisions and attendance ----------------------------------


@pytest.mark.parametrize(("role", "sees"), [(None, False), ("member", False), ("cleared", True)])
def test_meeting_page_shows_decisions_and_attendance(client, users, world, role, sees):
    if role:
        client.force_login(users[role])
    html = client.get(reverse("meetings:detail", args=[SLUG, "board", "2017-12-19"])).content
    html = html.decode()
    assert DECISION in html and "Ann Attender" in html and "Bob Absent" in html
    march = client.get(reverse("meetings:detail", args=[SLUG, "board", "2018-03-26"]))
    assert "RESOLVED that the budget be approved" in march.content.decode()
    assert (CANARY in march.content.decode()) is sees
