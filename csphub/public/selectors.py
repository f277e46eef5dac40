"""What the public website lists: meetings by month, decisions, attendance by body.

Each function takes the viewer and reads through the meeting models' `visible_to` rules
(or through `meetings.selectors`), so a page cannot show a row its viewer may not read.
Each runs a fixed number of queries however many meetings or decisions there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from csphub.accounts.permissions import Viewer
from csphub.meetings.models import Meeting, Resolution
from csphub.meetings.selectors import HELD, AttendanceReport, attendance_report
from csphub.partnerships.models import Body, Partnership


def meetings_listed(
    partnership: Partnership,
    viewer: Viewer,
    *,
    body: Body | None = None,
    year: int | None = None,
) -> QuerySet[Meeting]:
    """The partnership's meetings the viewer may see (the notice of meetings is public),
    with each body's former names, so `name_on` costs no query per row."""
    meetings = (
        Meeting.objects.visible_to(viewer)
        .filter(body__partnership=partnership)
        .select_related("body")
        .prefetch_related("body__former_names")
    )
    if body is not None:
        meetings = meetings.filter(body=body)
    if year is not None:
        meetings = meetings.filter(date__year=year)
    return meetings


def meetings_upcoming(meetings: QuerySet[Meeting], today: dt.date) -> QuerySet[Meeting]:
    """From today on, soonest first; cancelled ones stay, shown as cancelled."""
    return meetings.filter(date__gte=today).order_by("date", "start_time", "body__name")


def meetings_past(meetings: QuerySet[Meeting], today: dt.date) -> QuerySet[Meeting]:
    """Before today, latest first."""
    return meetings.filter(date__lt=today).order_by("-date", "-start_time", "body__name")


def meeting_years(partnership: Partnership) -> list[int]:
    """Years in which the partnership has a meeting, latest first (the year filter)."""
    days = Meeting.objects.filter(body__partnership=partnership).dates("date", "year", "DESC")
    return [d.year for d in days]


@dataclass(frozen=True)
class DecisionFilters:
    body: Body | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""


def decisions(
    partnership: Partnership, viewer: Viewer, filters: DecisionFilters
) -> QuerySet[Resolution]:
    """Resolutions of every meeting whose minutes the viewer may read, newest meeting first,
    in minute order within a meeting. Text matches the resolution or its minute's title;
    both are searched only among rows the viewer may read."""
    rows = (
        Resolution.objects.visible_to(viewer)
        .filter(minute__meeting__body__partnership=partnership)
        .select_related("minute__meeting__body")
        .prefetch_related("minute__meeting__body__former_names")
    )
    if filters.body is not None:
        rows = rows.filter(minute__meeting__body=filters.body)
    if filters.start is not None:
        rows = rows.filter(minute__meeting__date__gte=filters.start)
    if filters.end is not None:
        rows = rows.filter(minute__meeting__date__lte=filters.end)
    text = filters.text.strip()
    if text:
        rows = rows.filter(Q(text__icontains=text) | Q(minute__title__icontains=text))
    return rows.order_by(
        "-minute__meeting__date",
        "minute__meeting__body__name",
        "minute__number",
        "minute__suffix",
        "position",
        "id",
    )


def attendance_years(partnership: Partnership, viewer: Viewer) -> list[int]:
    """Years with a held meeting whose minutes (and so attendance) the viewer may read."""
    days = (
        Meeting.objects.minutes_visible_to(viewer)
        .filter(body__partnership=partnership, status__in=HELD)
        .dates("date", "year", "DESC")
    )
    return [d.year for d in days]


def attendance_by_body(bodies: list[Body], viewer: Viewer, year: int) -> list[AttendanceReport]:
    """Each body's attendance over a calendar year, by the rules of the body's own report
    (`meetings.selectors.attendance_report`); bodies that met in the year only."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    reports = [attendance_report(body, viewer, start, end) for body in bodies]
    return [r for r in reports if r.meetings]
