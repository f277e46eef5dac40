"""What each open data record holds: one schema per record, shared by the API, the JSON and
CSV downloads (which flatten it), so every output names the same fields the same way.

Schemas read model instances loaded by `selectors` (joins and prefetches already done); links
are absolute, built from the request passed in the validation context.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from ninja import Field, Schema

from csphub.actions.models import Action
from csphub.meetings.models import AgendaItem, Attendance, Meeting, Paper, Resolution
from csphub.partnerships.models import Body, Partnership
from csphub.police.models import Area


def _absolute(context: Any, name: str, *args: object) -> str:
    url = reverse(name, args=[str(a) for a in args])
    request = context.get("request") if context else None
    return request.build_absolute_uri(url) if request is not None else url


def meeting_url(context: Any, meeting: Meeting) -> str:
    """The meeting's page on the website, where agenda, papers and minutes are."""
    body = meeting.body
    return _absolute(
        context, "meetings:detail", body.partnership.slug, body.slug, meeting.date.isoformat()
    )


class ErrorOut(Schema):
    """An error: 404 for something missing (or not yours), 422 for a bad parameter."""

    detail: Any


class AreaOut(Schema):
    name: str
    level: str
    code: str
    gss_code: str | None  # the ONS GSS code (e.g. E09000006), when the area has one

    @staticmethod
    def resolve_gss_code(obj: Area) -> str | None:
        return obj.code if obj.is_gss else None


class PartnershipOut(Schema):
    slug: str
    name: str
    short_name: str
    council: str
    url: str
    police_area: AreaOut | None

    @staticmethod
    def resolve_url(obj: Partnership, context: Any) -> str:
        return _absolute(context, "partnerships:home", obj.slug)

    @staticmethod
    def resolve_police_area(obj: Partnership) -> Area | None:
        return getattr(obj, "police_area", None)


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    parent: str | None
    meeting_frequency: str
    terms_of_reference: str
    url: str
    calendar_url: str

    @staticmethod
    def resolve_parent(obj: Body) -> str | None:
        return obj.parent.slug if obj.parent_id and obj.parent else None

    @staticmethod
    def resolve_url(obj: Body, context: Any) -> str:
        return _absolute(context, "partnerships:body", obj.partnership.slug, obj.slug)

    @staticmethod
    def resolve_calendar_url(obj: Body, context: Any) -> str:
        return _absolute(context, "opendata:body_meetings_ics", obj.partnership.slug, obj.slug)


class PaperOut(Schema):
    id: int
    title: str
    reference: str
    content_type: str
    size: int
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj: Paper, context: Any) -> str | None:
        if not obj.file:
            return None
        meeting = obj.item.meeting
        return _absolute(
            context,
            "meetings:paper",
            meeting.body.partnership.slug,
            meeting.body.slug,
            meeting.date.isoformat(),
            obj.pk,
        )


class ItemOut(Schema):
    position: int
    title: str
    presenter: str
    restricted: bool
    papers: list[PaperOut]

    @staticmethod
    def resolve_restricted(obj: AgendaItem) -> bool:
        return obj.is_restricted

    @staticmethod
    def resolve_papers(obj: AgendaItem) -> list[Paper]:
        return getattr(obj, "visible_papers", [])


class MeetingOut(Schema):
    id: int
    meeting: str  # partnership/body/YYYY-MM-DD
    body: str
    body_name: str  # the body's name on the day
    date: dt.date
    # "HH:MM", UK local time on the day (JSON Schema's "time" format requires an offset)
    start_time: str = Field(..., pattern=r"^\d{2}:\d{2}$")
    venue: str
    status: str
    cancelled: bool
    url: str
    items: list[ItemOut]  # the agenda, once published: what the caller may read of it

    @staticmethod
    def resolve_meeting(obj: Meeting) -> str:
        return obj.key

    @staticmethod
    def resolve_body(obj: Meeting) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_start_time(obj: Meeting) -> str:
        return f"{obj.start_time:%H:%M}"

    @staticmethod
    def resolve_body_name(obj: Meeting) -> str:
        return obj.body.name_on(obj.date)

    @staticmethod
    def resolve_cancelled(obj: Meeting) -> bool:
        return obj.status == Meeting.Status.CANCELLED

    @staticmethod
    def resolve_url(obj: Meeting, context: Any) -> str:
        return meeting_url(context, obj)

    @staticmethod
    def resolve_items(obj: Meeting) -> list[AgendaItem]:
        return list(getattr(obj, "visible_items", []))


class AttendanceOut(Schema):
    meeting: str
    body: str
    date: dt.date
    person: str
    status: str
    organisation: str
    post_title: str
    substitute_for: str
    role: str  # member, substitute, officer or guest

    @staticmethod
    def resolve_meeting(obj: Attendance) -> str:
        return obj.meeting.key

    @staticmethod
    def resolve_body(obj: Attendance) -> str:
        return obj.meeting.body.slug

    @staticmethod
    def resolve_date(obj: Attendance) -> dt.date:
        return obj.meeting.date

    @staticmethod
    def resolve_person(obj: Attendance) -> str:
        return obj.person.display_name

    @staticmethod
    def resolve_organisation(obj: Attendance) -> str:
        return obj.organisation.name if obj.organisation else ""

    @staticmethod
    def resolve_substitute_for(obj: Attendance) -> str:
        return obj.substitute_for.display_name if obj.substitute_for else ""


class DecisionOut(Schema):
    id: int
    meeting: str
    body: str
    date: dt.date
    minute: str
    minute_title: str
    text: str
    action_by: str
    restricted: bool
    url: str

    @staticmethod
    def resolve_meeting(obj: Resolution) -> str:
        return obj.minute.meeting.key

    @staticmethod
    def resolve_body(obj: Resolution) -> str:
        return obj.minute.meeting.body.slug

    @staticmethod
    def resolve_date(obj: Resolution) -> dt.date:
        return obj.minute.meeting.date

    @staticmethod
    def resolve_minute(obj: Resolution) -> str:
        return obj.minute.label

    @staticmethod
    def resolve_minute_title(obj: Resolution) -> str:
        return obj.minute.title

    @staticmethod
    def resolve_restricted(obj: Resolution) -> bool:
        return obj.minute.is_restricted

    @staticmethod
    def resolve_url(obj: Resolution, context: Any) -> str:
        return meeting_url(context, obj.minute.meeting)


class ActionOut(Schema):
    id: int
    reference: str
    description: str
    body: str
    status: str
    rag: str
    due_date: dt.date | None
    due_next_meeting: bool
    meeting: str | None
    minute: str | None
    owners: list[str]
    closed: bool

    @staticmethod
    def resolve_body(obj: Action) -> str:
        return obj.body.slug

    @staticmethod
    def resolve_meeting(obj: Action) -> str | None:
        return obj.meeting.key if obj.meeting else None

    @staticmethod
    def resolve_minute(obj: Action) -> str | None:
        return obj.minute.label if obj.minute else None

    @staticmethod
    def resolve_owners(obj: Action) -> list[str]:
        return [owner.name for owner in obj.owners.all()]

    @staticmethod
    def resolve_closed(obj: Action) -> bool:
        return obj.is_closed
