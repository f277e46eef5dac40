"""The rows every open data output is built from: feeds, downloads and the API.

Each function starts from the model's `visible_to(viewer)` and scopes by partnership, so an
output can only ever hold what the viewer may read; then it applies the shared filters (body,
date from/to) and joins or prefetches what the rows show, so every list is read in a fixed
number of queries however long it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from csphub.accounts.permissions import Viewer
from csphub.actions.models import Action, ActionOwner
from csphub.actions.selectors import actions_visible
from csphub.meetings.models import AgendaItem, Attendance, Meeting, Paper, Resolution
from csphub.partnerships.models import Body, BodyName, Partnership
from csphub.partnerships.selectors import bodies_of
from csphub.police.models import Area
from csphub.police.selectors import area_for_partnership


@dataclass(frozen=True)
class Filters:
    """What every list may be narrowed by: a body's slug and a date range (inclusive)."""

    body: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _filtered(qs: QuerySet, filters: Filters, meeting: str = "") -> QuerySet:
    """Apply the filters through `meeting` (the path to the meeting, e.g. "minute__meeting__")."""
    if filters.body:
        qs = qs.filter(**{f"{meeting}body__slug": filters.body})
    if filters.date_from:
        qs = qs.filter(**{f"{meeting}date__gte": filters.date_from})
    if filters.date_to:
        qs = qs.filter(**{f"{meeting}date__lte": filters.date_to})
    return qs


def _former_names(path: str) -> Prefetch:
    """A body's former names, for `Body.name_on` (a meeting shows the name it had then)."""
    return Prefetch(f"{path}former_names", queryset=BodyName.objects.order_by("until"))


def partnership_areas(partnerships: list[Partnership]) -> dict[int, Area | None]:
    """Each partnership's police area (borough or force, with its ONS GSS code where it has
    one), found as the crime data pack finds it; the areas are read once for the list."""
    areas = list(Area.objects.filter(level__in=[Area.Level.BOROUGH, Area.Level.FORCE]))
    return {p.pk: area_for_partnership(p, areas=areas) for p in partnerships}


def bodies_list(partnership: Partnership) -> QuerySet[Body]:
    """A partnership's bodies (bodies and their terms are public, as on the website)."""
    return bodies_of(partnership).select_related("partnership")


def meetings_list(viewer: Viewer, partnership: Partnership, filters: Filters) -> QuerySet[Meeting]:
    """Meetings, newest first: dates, venues and statuses are public from scheduling on."""
    qs = Meeting.objects.visible_to(viewer).filter(body__partnership=partnership)
    return (
        _filtered(qs, filters)
        .select_related("body", "body__partnership")
        .prefetch_related(_former_names("body__"))
        .order_by("-date", "body__slug", "pk")
    )


def with_agenda(meetings: QuerySet[Meeting], viewer: Viewer) -> QuerySet[Meeting]:
    """Add the agenda items and papers the viewer may read (`visible_items`, and on each
    item `visible_papers`): two more queries for any number of meetings."""
    papers = Paper.objects.visible_to(viewer).order_by("position", "id")
    items = (
        AgendaItem.objects.visible_to(viewer)
        .order_by("position", "id")
        .prefetch_related(Prefetch("papers", queryset=papers, to_attr="visible_papers"))
    )
    return meetings.prefetch_related(Prefetch("items", queryset=items, to_attr="visible_items"))


def meeting_one(viewer: Viewer, partnership: Partnership, body: str, date: dt.date) -> Meeting:
    """One meeting with its agenda; raises `Meeting.DoesNotExist` as a missing one would."""
    qs = meetings_list(viewer, partnership, Filters(body=body, date_from=date, date_to=date))
    return with_agenda(qs, viewer).get()


def attendance_list(
    viewer: Viewer, partnership: Partnership, filters: Filters
) -> QuerySet[Attendance]:
    """Who attended which meeting: public with the minutes (`AttendanceQuerySet`)."""
    qs = Attendance.objects.visible_to(viewer).filter(meeting__body__partnership=partnership)
    return (
        _filtered(qs, filters, "meeting__")
        .select_related(
            "meeting",
            "meeting__body",
            "meeting__body__partnership",
            "person",
            "organisation",
            "substitute_for",
        )
        .prefetch_related(_former_names("meeting__body__"))
        .order_by("-meeting__date", "meeting__body__slug", "meeting_id", "position", "id")
    )


def decisions_list(
    viewer: Viewer, partnership: Partnership, filters: Filters
) -> QuerySet[Resolution]:
    """Resolutions, with their minute and meeting: a restricted minute's resolutions reach
    only those cleared for it (`ResolutionQuerySet`)."""
    qs = Resolution.objects.visible_to(viewer).filter(
        minute__meeting__body__partnership=partnership
    )
    return (
        _filtered(qs, filters, "minute__meeting__")
        .select_related(
            "minute",
            "minute__meeting",
            "minute__meeting__body",
            "minute__meeting__body__partnership",
        )
        .prefetch_related(_former_names("minute__meeting__body__"))
        .order_by(
            "-minute__meeting__date",
            "minute__meeting__body__slug",
            "minute__number",
            "minute__suffix",
            "position",
            "id",
        )
    )


def actions_list(viewer: Viewer, partnership: Partnership, filters: Filters) -> QuerySet[Action]:
    """Actions the viewer may read (`actions_visible`); the date filter is the date of the
    meeting the action came from."""
    qs = actions_visible(viewer, partnership)
    if filters.body:
        qs = qs.filter(body__slug=filters.body)
    if filters.date_from:
        qs = qs.filter(meeting__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(meeting__date__lte=filters.date_to)
    owners = ActionOwner.objects.select_related("person", "organisation").order_by("position", "id")
    return (
        qs.select_related("body", "minute", "meeting__body__partnership", "partnership")
        .prefetch_related(Prefetch("owners", queryset=owners))
        .order_by("body__slug", "created_at", "id")
    )
