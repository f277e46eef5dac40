"""What a viewer may read of a meeting, assembled in a fixed number of queries.

Every output (the web page, the PDF, the DOCX) is built from `meeting_record`, so the rule
that hides restricted items from the public exists once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from csphub.accounts.permissions import Viewer
from csphub.partnerships.models import Body, Membership, Organisation, Partnership, Person

from . import lifecycle, numbering
from .attendance_rates import Rate
from .models import (
    AgendaItem,
    Attendance,
    Meeting,
    Minute,
    MinuteAmendment,
    Paper,
    Question,
    Resolution,
)


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
    show_agenda = meeting.shows_agenda_to(viewer)
    show_minutes = meeting.shows_minutes_to(viewer)
    agenda: list[AgendaEntry] = []
    if show_agenda:
        papers = Paper.objects.visible_to(viewer).order_by("position", "id")
        items = list(
            AgendaItem.objects.filter(meeting=meeting)
            .with_visibility(viewer)
            .order_by("position", "id")
            .prefetch_related(Prefetch("papers", queryset=papers))
        )
        agenda = _agenda_tree(items)
    minutes: list[MinuteEntry] = []
    attendance: dict[str, list[Attendance]] = {status: [] for status in Attendance.Status.values}
    questions: list[Question] = []
    declarations: list = []
    if show_minutes:
        minutes = _minute_entries(meeting, viewer)
        for row in meeting.attendance.visible_to(viewer).select_related(
            "person", "organisation", "substitute_for"
        ):
            attendance[row.status].append(row)
        questions = list(meeting.questions.visible_to(viewer))
        declarations = list(
            meeting.declarations.visible_to(viewer).select_related("person", "item").order_by("pk")
        )
    return MeetingRecord(
        meeting=meeting,
        viewer=viewer,
        body_name=meeting.body.name_on(meeting.date),
        show_agenda=show_agenda,
        show_minutes=show_minutes,
        agenda=agenda,
        minutes=minutes,
        attendance=attendance,
        questions=questions,
        declarations=declarations,
    )


def _minute_entries(meeting: Meeting, viewer: Viewer) -> list[MinuteEntry]:
    """Every minute, so a withheld one keeps its number and notice; only the visible ones
    bring their resolutions and amendments."""
    rows = (
        Minute.objects.filter(meeting=meeting)
        .with_visibility(viewer)
        .order_by("number", "suffix")
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.visible_to(viewer)),
            Prefetch("amendments", queryset=MinuteAmendment.objects.visible_to(viewer)),
        )
    )
    return [
        MinuteEntry(
            minute=minute,
            visible=minute.is_visible,
            amendments=list(minute.amendments.all()) if minute.is_visible else [],
        )
        for minute in rows
    ]


def _agenda_tree(items: list[AgendaItem]) -> list[AgendaEntry]:
    """Items loaded `with_visibility`, their papers already filtered by `visible_to`."""
    top = [i for i in items if i.parent_id is None]
    children: dict[int, list[AgendaItem]] = {}
    for i in items:
        if i.parent_id is not None:
            children.setdefault(i.parent_id, []).append(i)
    labels = numbering.agenda_labels(
        [(t.pk, [(c.pk, []) for c in children.get(t.pk, [])]) for t in top]
    )

    def entry(item: AgendaItem) -> AgendaEntry:
        visible = bool(item.is_visible)  # type: ignore[attr-defined]  # from with_visibility
        papers = list(item.papers.all()) if visible else []
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


def meetings_ahead_for(person: Person, today: dt.date, limit: int = 5) -> QuerySet[Meeting]:
    """The next meetings of the bodies a person sits on today (membership not ended), soonest
    first: what a member's home and the partnership home's panel show them."""
    sits_on = Membership.objects.filter(person=person).filter(
        Q(start__isnull=True) | Q(start__lte=today), Q(end__isnull=True) | Q(end__gte=today)
    )
    return (
        Meeting.objects.filter(
            body__partnership_id=person.partnership_id,
            body__in=sits_on.values("body"),
            date__gte=today,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .prefetch_related("body__former_names")
        .order_by("date", "start_time")[:limit]
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


def attendance_of(meeting: Meeting, viewer: Viewer) -> QuerySet[Attendance]:
    """The attendance recorded for a meeting, with each person, as the viewer may read it."""
    return meeting.attendance.visible_to(viewer).select_related("person")


def agenda_items_of(meeting: Meeting, viewer: Viewer) -> QuerySet[AgendaItem]:
    """The meeting's agenda items the viewer may read, in agenda order."""
    return meeting.items.visible_to(viewer).order_by("position")


def later_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """The body's meetings after this one, soonest first: where its minutes may be approved
    or a correction to them agreed."""
    return Meeting.objects.filter(body=meeting.body, date__gt=meeting.date).order_by("date")


def status_as_seen(meeting: Meeting, now: dt.datetime) -> str:
    """The status a reader sees at ``now``: "Awaiting minutes" once a meeting whose agenda
    was published has started (lifecycle.status_label_now), otherwise the stored status in
    the site's usual words ("Draft minutes published")."""
    label = lifecycle.status_label_now(meeting, now)
    return label if label == lifecycle.AWAITING_MINUTES else meeting.get_status_display()


def approval_meetings(meeting: Meeting) -> QuerySet[Meeting]:
    """The meetings at which this meeting's minutes may be approved, soonest first: later
    meetings of the same body that have been held (the rule is lifecycle.approval_refusal;
    the service checks it again whatever the form sends)."""
    return later_meetings(meeting).filter(status__in=list(lifecycle.HELD_STATUSES))


def next_sub_minute(meeting: Meeting) -> dict[str, object]:
    """The number and suffix of a sub-minute of the last minute ("186a" after "186"), or
    nothing when there is no minute yet to follow."""
    last = meeting.minutes.order_by("-number", "-suffix").first()
    if last is None:
        return {}
    taken = meeting.minutes.filter(number=last.number).values_list("suffix", flat=True)
    return {"number": last.number, "suffix": numbering.next_suffix(taken)}


# A meeting that has taken place: only these have attendance to count.
HELD = [Meeting.Status.HELD, Meeting.Status.DRAFT_MINUTES, Meeting.Status.MINUTES_APPROVED]

EXPECTED_ROLES = {"chair", "co_chair", "vice_chair", "member", "adviser"}


@dataclass
class AttendanceReport:
    body: Body
    start: dt.date
    end: dt.date
    meetings: list[Meeting]
    people: list[tuple[Person, Rate]]  # by name
    organisations: list[tuple[Organisation, Rate]]  # by name


def attendance_report(body: Body, viewer: Viewer, start: dt.date, end: dt.date) -> AttendanceReport:
    """Attendance rates for a body over a period, from meetings whose minutes the viewer may
    read. Observers and the secretary are not expected to attend, so they are not counted."""
    from csphub.partnerships.models import Membership
    from csphub.partnerships.terms import held_on

    from .attendance_rates import MeetingFacts, Presence, Seat, attendance_rates

    meetings = list(
        Meeting.objects.minutes_visible_to(viewer)
        .filter(body=body, date__range=(start, end), status__in=HELD)
        .order_by("date")
    )
    memberships = list(
        Membership.objects.filter(
            body=body, role__in=EXPECTED_ROLES, person__isnull=False
        ).select_related("person", "organisation")
    )
    rows = list(
        Attendance.objects.visible_to(viewer)
        .filter(meeting__in=meetings)
        .select_related("person", "organisation")
    )
    people: dict[int, Person] = {m.person.pk: m.person for m in memberships if m.person}
    orgs: dict[int, Organisation] = {
        m.organisation.pk: m.organisation for m in memberships if m.organisation is not None
    }
    facts = []
    for meeting in meetings:
        seats = {
            m.person.pk: m.organisation_id
            for m in memberships
            if m.person and held_on(m.start, m.end, meeting.date)
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
