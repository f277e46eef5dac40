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
        declarations = [
            d
            for d in meeting.declarations.select_related("person", "item")
            if d.item is None or not d.item.is_restricted or viewer.can_see_restricted
        ]
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


EXPECTED_ROLES = {"chair", "co_chair", "vice_chair", "member", "adviser"}


@dataclass
class AttendanceReport:
    body: Body
    start: dt.date
    end: dt.date
    meetings: list[Meeting]
    people: list[tuple[object, object]]  # (Person, Rate), by name
    organisations: list[tuple[object, object]]  # (Organisation, Rate), by name


def attendance_report(body: Body, viewer: Viewer, start: dt.date, end: dt.date) -> AttendanceReport:
    """Attendance rates for a body over a period, from meetings whose minutes the viewer may
    read. Observers and the secretary are not expected to attend, so they are not counted."""
    from csphub.partnerships.models import Membership
    from csphub.partnerships.terms import held_on

    from .attendance_rates import MeetingFacts, Presence, Seat, attendance_rates

    statuses = [Meeting.Status.DRAFT_MINUTES, Meeting.Status.MINUTES_APPROVED]
    if viewer.can_manage:
        statuses.append(Meeting.Status.HELD)
    meetings = list(
        Meeting.objects.filter(body=body, date__range=(start, end), status__in=statuses).order_by(
            "date"
        )
    )
    memberships = list(
        Membership.objects.filter(body=body, role__in=EXPECTED_ROLES).select_related(
            "person", "organisation"
        )
    )
    rows = list(
        Attendance.objects.filter(meeting__in=meetings).select_related("person", "organisation")
    )
    people = {m.person_id: m.person for m in memberships}
    orgs = {m.organisation_id: m.organisation for m in memberships if m.organisation_id}
    facts = []
    for meeting in meetings:
        seats = {
            m.person_id: m.organisation_id
            for m in memberships
            if held_on(m.start, m.end, meeting.date)
        }
        presences = []
        for a in rows:
            if a.meeting_id != meeting.pk:
                continue
            org = a.organisation_id or seats.get(a.person_id) or seats.get(a.substitute_for_id)
            presences.append(Presence(a.person_id, a.status, org, a.substitute_for_id))
        facts.append(MeetingFacts(meeting.date, [Seat(p, o) for p, o in seats.items()], presences))
    rates = attendance_rates(facts)
    return AttendanceReport(
        body=body,
        start=start,
        end=end,
        meetings=meetings,
        people=sorted(
            ((people[p], r) for p, r in rates.by_person.items()), key=lambda pr: pr[0].name
        ),
        organisations=sorted(
            ((orgs[o], r) for o, r in rates.by_organisation.items() if o in orgs),
            key=lambda pr: pr[0].name,
        ),
    )
