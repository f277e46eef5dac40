"""What a viewer may read of a meeting, assembled in a fixed number of queries.

Every output (the web page, the PDF, the DOCX) is built from `meeting_record`, so the rule
that hides restricted items from the public exists once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from csphub.accounts.permissions import Viewer
from csphub.partnerships.models import Body, Partnership

from . import numbering
from .access import paper_visible
from .models import AgendaItem, Attendance, Meeting, Minute, MinuteAmendment, Paper, Question


@dataclass
class AgendaEntry:
    label: str
    item: AgendaItem
    visible: bool  # False: show only the label and the exemption notice
    papers: list[Paper] = field(default_factory=list)
    children: list[AgendaEntry] = field(default_factory=list)

    @property
    def notice(self) -> str:
        return self.item.restricted_notice


@dataclass
class MinuteEntry:
    minute: Minute
    visible: bool
    amendments: list[MinuteAmendment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.minute.label


@dataclass
class MeetingRecord:
    meeting: Meeting
    viewer: Viewer
    body_name: str
    show_agenda: bool
    show_minutes: bool
    agenda: list[AgendaEntry]
    minutes: list[MinuteEntry]
    attendance: dict[str, list[Attendance]]
    questions: list[Question]
    declarations: list

    @property
    def has_hidden_items(self) -> bool:
        return any(not e.visible for e in self.agenda) or any(not m.visible for m in self.minutes)


def meeting_record(meeting: Meeting, viewer: Viewer) -> MeetingRecord:
    show_agenda = viewer.can_manage or meeting.agenda_is_public
    show_minutes = viewer.can_manage or meeting.minutes_are_public
    agenda: list[AgendaEntry] = []
    if show_agenda:
        items = list(
            AgendaItem.objects.filter(meeting=meeting)
            .order_by("position", "id")
            .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("position", "id")))
        )
        agenda = _agenda_tree(meeting, items, viewer)
    minutes: list[MinuteEntry] = []
    attendance: dict[str, list[Attendance]] = {status: [] for status in Attendance.Status.values}
    questions: list[Question] = []
    declarations: list = []
    if show_minutes:
        rows = (
            Minute.objects.filter(meeting=meeting)
            .order_by("number", "suffix")
            .prefetch_related("resolutions", "amendments")
        )
        for minute in rows:
            visible = not minute.is_restricted or viewer.can_see_restricted
            minutes.append(
                MinuteEntry(
                    minute=minute,
                    visible=visible,
                    amendments=list(minute.amendments.all()) if visible else [],
                )
            )
        for row in meeting.attendance.select_related("person", "organisation", "substitute_for"):
            attendance[row.status].append(row)
        questions = list(meeting.questions.exclude(status=Question.Status.WITHDRAWN))
        declarations = list(meeting.declarations.select_related("person", "item"))
    elif viewer.can_manage:
        questions = list(meeting.questions.all())
    return MeetingRecord(
        meeting=meeting,
        viewer=viewer,
        body_name=meeting.body.name_on(meeting.date),
        show_agenda=show_agenda,
        show_minutes=show_minutes,
        agenda=agenda,
        minutes=minutes,
        attendance=attendance,
        questions=questions if show_minutes or viewer.can_manage else [],
        declarations=declarations,
    )


def _agenda_tree(meeting: Meeting, items: list[AgendaItem], viewer: Viewer) -> list[AgendaEntry]:
    top = [i for i in items if i.parent_id is None]
    children: dict[int, list[AgendaItem]] = {}
    for i in items:
        if i.parent_id is not None:
            children.setdefault(i.parent_id, []).append(i)
    labels = numbering.agenda_labels(
        [(t.pk, [(c.pk, []) for c in children.get(t.pk, [])]) for t in top]
    )

    def entry(item: AgendaItem) -> AgendaEntry:
        visible = not item.is_restricted or viewer.can_see_restricted
        papers = (
            [p for p in item.papers.all() if paper_visible(viewer, meeting, p)] if visible else []
        )
        return AgendaEntry(label=labels[item.pk], item=item, visible=visible, papers=papers)

    tree = []
    for t in top:
        e = entry(t)
        e.children = [entry(c) for c in children.get(t.pk, [])]
        tree.append(e)
    return tree


def meetings_of_body(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).select_related("body").order_by("-date")


def meetings_upcoming(partnership: Partnership, today: dt.date, limit: int = 10):
    return (
        Meeting.objects.filter(body__partnership=partnership, date__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .prefetch_related("body__former_names")
        .order_by("date")[:limit]
    )


def meetings_recent(partnership: Partnership, today: dt.date, limit: int = 10):
    return (
        Meeting.objects.filter(body__partnership=partnership, date__lt=today)
        .select_related("body")
        .prefetch_related("body__former_names")
        .order_by("-date")[:limit]
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body=meeting.body, date__lt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-date")
        .first()
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body=meeting.body, date__gt=meeting.date)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .first()
    )
