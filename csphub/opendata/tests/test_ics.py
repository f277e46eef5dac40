"""The iCalendar feeds: parse back with the icalendar library, stable UIDs, SEQUENCE on a
move or cancellation, no restricted content, a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from csphub.core.site_url import site_root
from csphub.meetings import services
from csphub.meetings.models import Meeting
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory

from .conftest import CANARY, grow, login

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
SITE = urlsplit(site_root()).hostname  # CSPHUB_BASE_URL, or the default when unset


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def feed(client, slug="safer-testshire"):
    return client.get(reverse("opendata:meetings_ics", args=[slug]))


def test_bromley_board_meeting_of_26_march_2018_is_in_the_feed(client):
    bromley = PartnershipFactory(slug="safer-bromley", name="Safer Bromley Partnership")
    board = BodyFactory(partnership=bromley, slug="board", name="Safer Bromley Partnership Board")
    meeting = Meeting.objects.create(
        body=board, date=dt.date(2018, 3, 26), start_time=dt.time(16), venue="Bromley Civic Centre"
    )
    response = feed(client, "safer-bromley")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == dt.datetime(2018, 3, 26, 16, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") > event.decoded("DTSTART")
    assert str(event["SUMMARY"]) == "Safer Bromley Partnership Board, 26 March 2018"
    assert str(event["LOCATION"]) == "Bromley Civic Centre"
    page = "http://testserver" + reverse(
        "meetings:detail", args=["safer-bromley", "board", "2018-03-26"]
    )
    assert str(event["URL"]) == page
    assert page in str(event["DESCRIPTION"])
    assert str(event["UID"]) == f"meeting-{meeting.pk}@{SITE}"
    assert event["SEQUENCE"] == 0
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event
    assert str(event["STATUS"]) == "CONFIRMED"


def test_moving_a_meeting_keeps_its_uid_and_raises_its_sequence(client, users, world):
    upcoming = world["upcoming"]
    before = events(feed(client))
    uid = f"meeting-{upcoming.pk}@{SITE}"
    assert before[uid]["SEQUENCE"] == 0
    services.meeting_update(
        actor=users["secretariat"],
        meeting=upcoming,
        data={"date": dt.date(2018, 3, 27), "start_time": dt.time(14, 30)},
    )
    after = events(feed(client))
    assert set(after) == set(before)  # updated, not duplicated
    assert after[uid].decoded("DTSTART") == dt.datetime(2018, 3, 27, 14, 30, tzinfo=LONDON)
    assert after[uid]["SEQUENCE"] == 1
    # Moving the venue is a change calendars must see too; re-saving the same is not.
    services.meeting_update(actor=users["secretariat"], meeting=upcoming, data={"venue": "Hall"})
    services.meeting_update(actor=users["secretariat"], meeting=upcoming, data={"venue": "Hall"})
    assert events(feed(client))[uid]["SEQUENCE"] == 2


def test_the_move_is_audited_with_the_sequence(users, world):
    from csphub.audit.models import AuditEvent

    upcoming = world["upcoming"]
    services.meeting_update(
        actor=users["secretariat"], meeting=upcoming, data={"venue": "Town Hall"}
    )
    event = AuditEvent.objects.filter(verb="meeting.update").latest("pk")
    assert event.after == {"venue": "Town Hall", "sequence": 1}


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(client, users, world):
    upcoming = world["upcoming"]
    services.meeting_cancel(actor=users["secretariat"], meeting=upcoming)
    event = events(feed(client))[f"meeting-{upcoming.pk}@{SITE}"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert "cancelled" in str(event["DESCRIPTION"])


def test_body_feed_holds_only_that_body(client, partnership, world):
    other = BodyFactory(partnership=partnership, slug="asb-group")
    Meeting.objects.create(body=other, date=dt.date(2018, 1, 8), start_time=dt.time(10))
    url = reverse("opendata:body_meetings_ics", args=["safer-testshire", "board"])
    assert len(events(client.get(url))) == 2
    assert len(events(feed(client))) == 3
    missing = reverse("opendata:body_meetings_ics", args=["safer-testshire", "nothing"])
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("role", [None, "member", "cleared", "secretariat"])
def test_no_restricted_content_in_the_feed(client, users, world, role):
    """The feed says when and where; nothing of the business, for anyone."""
    login(client, users, role)
    content = feed(client).content
    assert CANARY.encode() not in content
    assert CANARY.encode() not in content.replace(b"\r\n ", b"")  # long lines are folded


@pytest.mark.parametrize("name", ["opendata:meetings_ics", "opendata:body_meetings_ics"])
def test_feed_queries_do_not_grow_with_meetings(client, board, world, name):
    url = reverse(name, args=["safer-testshire", "board"][: 2 if "body" in name else 1])
    grow(board, 2)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(board, 10, start=dt.date(2016, 1, 4))
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(events(response)) == 14
    assert len(large) == len(small)


def test_the_bromley_demo_feed_holds_26_march_2018(client):
    """The demo partnership, loaded as `make demo` loads it: the board meeting of 26 March
    2018 is in its feed."""
    from csphub.demo.loader import FIXTURES, load_fixture

    load_fixture(FIXTURES / "safer-bromley.yaml")
    found = events(feed(client, "safer-bromley"))
    starts = {e.decoded("DTSTART").date(): e for e in found.values()}
    event = starts[dt.date(2018, 3, 26)]
    assert str(event["URL"]).endswith("/p/safer-bromley/meetings/board/2018-03-26/")


def test_uids_do_not_depend_on_the_host_the_feed_was_reached_by(client, world):
    url = reverse("opendata:meetings_ics", args=["safer-testshire"])
    assert set(events(client.get(url))) == set(events(client.get(url, HTTP_HOST="localhost")))


def test_a_cached_feed_is_rebuilt_when_a_meeting_is_cancelled(client, users, world, settings):
    """With feeds cached per state of the data (decision 0030), a cancellation still reaches
    the next subscriber's fetch."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ics-fragments",
        },
    }
    caches["fragments"].clear()
    upcoming = world["upcoming"]
    uid = f"meeting-{upcoming.pk}@{SITE}"
    assert str(events(feed(client))[uid]["STATUS"]) == "CONFIRMED"
    assert len(caches["fragments"]._cache) == 1
    services.meeting_cancel(actor=users["secretariat"], meeting=upcoming)
    assert str(events(feed(client))[uid]["STATUS"]) == "CANCELLED"
