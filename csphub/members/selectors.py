"""What a member's home shows, read through the same visibility rules as every other page.

A member's home is not a second permission system: papers come from `Paper.objects
.visible_to(viewer)` (so Part 2 papers appear only to those cleared for them), actions from
`actions_visible`, attendance from `Attendance.objects.visible_to`. What is theirs is decided
by the person their account is linked to (`partnerships.services.user_person_link`). Each
part is read in a fixed number of queries, however many meetings, papers or actions there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from csphub.accounts.permissions import Viewer
from csphub.actions import rules as action_rules
from csphub.actions.models import Action, ActionOwner
from csphub.actions.selectors import ActionRow, action_rows, actions_visible, with_details
from csphub.meetings.models import Attendance, Meeting, Paper
from csphub.meetings.selectors import meetings_ahead_for
from csphub.partnerships.models import Membership, Organisation, Partnership, Person
from csphub.reports.models import ReportRequest, SubmittedReport

RECENT_ATTENDANCE = 10


@dataclass
class MeetingAhead:
    """One of the member's next meetings with the papers they may open."""

    meeting: Meeting
    papers: list[Paper] = field(default_factory=list)
    agenda_published: bool = False


@dataclass
class AttendanceRecord:
    """Their attendance at the meetings whose minutes they may read, latest first."""

    rows: list[Attendance]
    attended: int
    recorded: int


@dataclass
class MemberHome:
    person: Person | None
    meetings: list[MeetingAhead]
    actions: list[ActionRow]
    organisations: list[Organisation]
    attendance: AttendanceRecord
    reports: list[ReportRequest] = field(default_factory=list)


def reports_to_write(viewer: Viewer, person: Person, today: dt.date) -> list[ReportRequest]:
    """The sub-group reports they are asked for, for meetings not yet held, each marked
    `is_submitted`: one query."""
    return list(
        ReportRequest.objects.visible_to(viewer)
        .filter(author=person, revoked_at__isnull=True, item__meeting__date__gte=today)
        .annotate(is_submitted=Exists(SubmittedReport.objects.filter(request=OuterRef("pk"))))
        .select_related("item__meeting__body")
        .order_by("deadline", "pk")
    )


def organisations_of(person: Person, today: dt.date) -> list[Organisation]:
    """The organisations a person sits for today: their actions are the member's to see."""
    ids = (
        Membership.objects.filter(person=person, organisation__isnull=False)
        .filter(
            Q(start__isnull=True) | Q(start__lte=today), Q(end__isnull=True) | Q(end__gte=today)
        )
        .values("organisation")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def meetings_ahead(viewer: Viewer, person: Person, today: dt.date) -> list[MeetingAhead]:
    """Their next meetings, each with the papers this viewer may open: two queries."""
    meetings = list(meetings_ahead_for(person, today))
    papers = (
        Paper.objects.visible_to(viewer)
        .filter(item__meeting__in=meetings)
        .select_related("item")
        .order_by(
            "item__meeting",
            Coalesce("item__parent__position", "item__position"),
            F("item__parent").asc(nulls_first=True),
            "item__position",
            "position",
            "id",
        )
    )
    by_meeting: dict[int, list[Paper]] = defaultdict(list)
    for paper in papers if meetings else []:
        by_meeting[paper.item.meeting_id].append(paper)
    return [
        MeetingAhead(meeting=m, papers=by_meeting[m.pk], agenda_published=m.shows_agenda_to(viewer))
        for m in meetings
    ]


def open_actions_for(
    viewer: Viewer,
    partnership: Partnership,
    person: Person,
    organisations: list[Organisation],
    today: dt.date,
) -> list[ActionRow]:
    """Open actions the person owns, or that their organisation owns, soonest due first."""
    owned = ActionOwner.objects.filter(action=OuterRef("pk")).filter(
        Q(person=person) | Q(organisation__in=organisations)
    )
    actions: QuerySet[Action] = (
        with_details(actions_visible(viewer, partnership))
        .filter(status__in=action_rules.OPEN_STATUSES)
        .filter(Exists(owned))
        .order_by("effective_due", "created_at", "id")
    )
    return action_rows(actions, today)


def attendance_record(viewer: Viewer, person: Person) -> AttendanceRecord:
    """Their latest recorded attendance, as the minutes show it, and how often they came."""
    visible = Attendance.objects.visible_to(viewer).filter(person=person)
    rows = list(
        visible.select_related("meeting", "meeting__body", "substitute_for").order_by(
            "-meeting__date", "-id"
        )[:RECENT_ATTENDANCE]
    )
    counted = list(visible.values_list("status", flat=True))
    attended = sum(
        1
        for status in counted
        if status in {Attendance.Status.PRESENT, Attendance.Status.ALSO_PRESENT}
    )
    return AttendanceRecord(rows=rows, attended=attended, recorded=len(counted))


def member_home(
    viewer: Viewer, partnership: Partnership, person: Person | None, today: dt.date
) -> MemberHome:
    """Everything the home page shows for a signed-in user, in a fixed number of queries.
    An account linked to nobody here gets an empty home (the page says why)."""
    if person is None:
        return MemberHome(
            person=None,
            meetings=[],
            actions=[],
            organisations=[],
            attendance=AttendanceRecord(rows=[], attended=0, recorded=0),
        )
    organisations = organisations_of(person, today)
    return MemberHome(
        person=person,
        meetings=meetings_ahead(viewer, person, today),
        actions=open_actions_for(viewer, partnership, person, organisations, today),
        organisations=organisations,
        attendance=attendance_record(viewer, person),
        reports=reports_to_write(viewer, person, today),
    )
