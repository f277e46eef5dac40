"""The public website's pages: the calendar of meetings, the decisions register and the
attendance statistics. Anyone may read them; each reads through `selectors`, which apply
the viewer's `visible_to` rules, so the same address shows the secretariat more."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from csphub.core.formats import clock, long_date
from csphub.meetings.models import Meeting, Resolution
from csphub.meetings.selectors import status_as_seen
from csphub.partnerships.models import Body
from csphub.partnerships.pages import PartnershipPage, crumbs, partnership_page
from csphub.partnerships.selectors import bodies_of

from . import selectors
from .forms import CalendarForm, DecisionForm, YearForm

PAST_PER_PAGE = 25
DECISIONS_PER_PAGE = 25


def _meeting_address(slug: str, meeting: Meeting) -> str:
    """The meeting page, from the partnership slug already in hand (no query per row)."""
    return reverse("meetings:detail", args=[slug, meeting.body.slug, meeting.date.isoformat()])


def _calendar_row(page: PartnershipPage, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "url": _meeting_address(page.partnership.slug, meeting),
        "body_name": meeting.body.name_on(meeting.date),
        "date": long_date(meeting.date),
        "time": clock(meeting.start_time),
        "cancelled": meeting.status == Meeting.Status.CANCELLED,
        "status": status_as_seen(meeting, timezone.now()),
        "agenda": meeting.shows_agenda_to(page.viewer),
        "minutes": meeting.shows_minutes_to(page.viewer),
    }


def by_month(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows (already in date order) in runs of one month: "March 2018" and its meetings."""
    return [
        {"month": month, "rows": list(group)}
        for month, group in groupby(rows, key=lambda r: f"{r['meeting'].date:%B %Y}")
    ]


@require_GET
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    bodies = {b.slug: b for b in bodies_of(page.partnership)}
    form = CalendarForm(
        request.GET or None,
        bodies=[(b.slug, b.name) for b in bodies.values()],
        years=selectors.meeting_years(page.partnership),
    )
    today = timezone.localdate()
    upcoming: list[dict[str, Any]] = []
    past_page = None
    body: Body | None = None
    year: int | None = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        body = bodies.get(data.get("body") or "")
        year = data.get("year")
        listed = selectors.meetings_listed(page.partnership, page.viewer, body=body, year=year)
        upcoming = [_calendar_row(page, m) for m in selectors.meetings_upcoming(listed, today)]
        past_page = Paginator(selectors.meetings_past(listed, today), PAST_PER_PAGE).get_page(
            request.GET.get("page")
        )
    past = [_calendar_row(page, m) for m in past_page] if past_page is not None else []
    context = page.context(
        "home",
        title="Meetings",
        form=form,
        body=body,
        year=year,
        upcoming=by_month(upcoming),
        past=by_month(past),
        past_page=past_page,
        breadcrumbs=crumbs(page, ("Meetings", "")),
    )
    return render(request, "public/meetings.html", context)


def _decision_row(page: PartnershipPage, resolution: Resolution) -> dict[str, Any]:
    minute = resolution.minute
    meeting = minute.meeting
    meeting_url = _meeting_address(page.partnership.slug, meeting)
    return {
        "resolution": resolution,
        "minute": minute,
        "meeting": meeting,
        "meeting_url": meeting_url,
        "minute_url": f"{meeting_url}#minute-{minute.pk}",
        "body_name": meeting.body.name_on(meeting.date),
        "date": long_date(meeting.date),
    }


@require_GET
def decisions(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    bodies = {b.slug: b for b in bodies_of(page.partnership)}
    form = DecisionForm(request.GET or None, bodies=[(b.slug, b.name) for b in bodies.values()])
    page_obj = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        filters = selectors.DecisionFilters(
            body=bodies.get(data.get("body") or ""),
            start=data.get("from"),
            end=data.get("to"),
            text=data.get("q") or "",
        )
        found = selectors.decisions(page.partnership, page.viewer, filters)
        page_obj = Paginator(found, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [_decision_row(page, r) for r in page_obj] if page_obj is not None else []
    filtered = form.is_bound and any(request.GET.get(k) for k in ("body", "from", "to", "q"))
    context = page.context(
        "decisions",
        title="Decisions",
        form=form,
        rows=rows,
        page_obj=page_obj,
        filtered=filtered,
        breadcrumbs=crumbs(page, ("Decisions", "")),
    )
    return render(request, "public/decisions.html", context)


@require_GET
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    years = selectors.attendance_years(page.partnership, page.viewer)
    form = YearForm(request.GET or None, years=years)
    year = years[0] if years else timezone.localdate().year
    reports = []
    if not form.is_bound or form.is_valid():
        if form.is_bound and form.cleaned_data.get("year"):
            year = form.cleaned_data["year"]
        bodies = list(bodies_of(page.partnership))
        reports = [
            {
                "report": report,
                "body_name": report.body.name_on(dt.date(year, 12, 31)),
                "report_url": reverse("meetings:attendance_report", args=[slug, report.body.slug])
                + f"?from={year}-01-01&to={year}-12-31",
            }
            for report in selectors.attendance_by_body(bodies, page.viewer, year)
        ]
    context = page.context(
        "bodies",
        title=f"Attendance in {year}",
        form=form,
        year=year,
        reports=reports,
        breadcrumbs=crumbs(page, (f"Attendance in {year}", "")),
    )
    return render(request, "public/attendance.html", context)
