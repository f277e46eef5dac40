"""Meetings as an iCalendar feed (RFC 5545), for people to subscribe to in their calendar.

One VEVENT per meeting. Its UID comes from the meeting's primary key and the site, never
from the date, so a moved meeting updates the subscriber's event instead of adding a second
one; SEQUENCE (raised by the meetings services when a meeting is moved or cancelled) tells
the calendar which version is newer; a cancelled meeting stays in the feed with
STATUS:CANCELLED so calendars remove it rather than keep a stale copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from csphub.core.site_url import site_root
from csphub.meetings.models import Meeting

LONDON = ZoneInfo("Europe/London")
# A meeting's length is not recorded; calendars need an end, and two hours is typical.
DEFAULT_LENGTH = dt.timedelta(hours=2)


def site_name() -> str:
    """The installation's host name, from CSPHUB_BASE_URL rather than the request's Host
    header, so a meeting's UID is the same however the feed was reached."""
    return urlsplit(site_root()).hostname or "csphub"


def event_uid(meeting_pk: int, site: str) -> str:
    """Stable for the life of the meeting: its key, not its date or time."""
    return f"meeting-{meeting_pk}@{site}"


def meeting_event(meeting: Meeting, *, site: str, url: str, now: dt.datetime) -> Event:
    """The VEVENT of one meeting (its body's former names prefetched, for `name_on`)."""
    start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
    name = meeting.body.name_on(meeting.date)
    event = Event()
    event.add("uid", event_uid(meeting.pk, site))
    event.add("dtstamp", now)
    event.add("last-modified", meeting.updated_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", start)
    event.add("dtend", start + DEFAULT_LENGTH)
    event.add("summary", f"{name}, {meeting.date:%-d %B %Y}")
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", url)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    lead = "This meeting has been cancelled. " if cancelled else ""
    event.add("description", f"{lead}Agenda, papers and minutes: {url}")
    return event


def meetings_calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    site: str,
    url_of: Callable[[Meeting], str],
    now: dt.datetime,
) -> bytes:
    """The whole feed: the Europe/London VTIMEZONE, then one event per meeting."""
    calendar = Calendar()
    calendar.add("prodid", "-//CSP Hub//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    dates = []
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, site=site, url=url_of(meeting), now=now))
        dates.append(meeting.date)
    if dates:  # the zone's rules over the feed's span only, so the VTIMEZONE stays short
        calendar.add_missing_timezones(
            first_date=min(dates) - dt.timedelta(days=366),
            last_date=max(dates) + dt.timedelta(days=366),
        )
    return calendar.to_ical()
