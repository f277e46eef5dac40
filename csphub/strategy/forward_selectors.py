"""Reading a body's forward plan: its items as rows (for the page and the command), grouped
by meeting, and the resolutions that ask for something at the next meeting.

A fixed number of queries whatever the number of items: the rows come from one query with
their priority and meeting joined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from csphub.meetings.models import Meeting, Resolution
from csphub.partnerships.models import Body

from . import quarters
from .models import ForwardPlanItem

Item = ForwardPlanItem
NEXT_MEETING_WORDS = r"(at|to|for) (the|its) next meeting"
STATE_TEXT = {
    quarters.PLANNED: ("Planned", "govuk-tag--blue"),
    quarters.ON_AGENDA: ("On the agenda", "govuk-tag--green"),
    quarters.DONE: ("Taken", "govuk-tag--grey"),
    quarters.SLIPPED: ("Slipped", "govuk-tag--red"),
    quarters.UNSCHEDULED: ("Not yet scheduled", "govuk-tag--yellow"),
    quarters.DROPPED: ("Dropped", "govuk-tag--grey"),
}


@dataclass
class Row:
    item: ForwardPlanItem
    state: str

    @property
    def state_text(self) -> str:
        return STATE_TEXT[self.state][0]

    @property
    def state_class(self) -> str:
        return STATE_TEXT[self.state][1]

    @property
    def year_label(self) -> str:
        return quarters.year_label(self.item.year) if self.item.year else ""

    @property
    def quarter_label(self) -> str:
        if self.item.year and self.item.quarter:
            return quarters.quarter_label(self.item.year, self.item.quarter)
        return ""

    def as_json(self) -> dict[str, Any]:
        i = self.item
        return {
            "id": i.pk,
            "title": i.title,
            "source": i.source,
            "priority": i.priority.number if i.priority else None,
            "financial_year": self.year_label or None,
            "quarter": i.quarter,
            "meeting": i.meeting.date.isoformat() if i.meeting else None,
            "meeting_status": i.meeting.status if i.meeting else None,
            "status": self.state,
            "presenter": i.presenter,
            "note": i.note,
        }


@dataclass
class MeetingGroup:
    meeting: Meeting
    rows: list[Row] = field(default_factory=list)


def rows(body: Body, years: list[int] | None = None) -> list[Row]:
    """The body's forward plan items (of `years` if given), in order of meeting then due."""
    qs = Item.objects.filter(body=body).select_related("priority", "meeting", "agenda_item")
    if years is not None:
        qs = qs.filter(year__in=years)
    found = [
        Row(item, quarters.item_state(item.status, item.meeting.status if item.meeting else None))
        for item in qs
    ]
    far = dt.date.max
    found.sort(
        key=lambda r: (
            r.item.meeting.date if r.item.meeting else far,
            r.item.year or 0,
            r.item.quarter or 0,
            r.item.priority.number if r.item.priority else 99,
            r.item.pk,
        )
    )
    return found


def grouped(found: list[Row]) -> dict[str, Any]:
    """Rows grouped for the page: by meeting (planned, on the agenda, done), then the
    unscheduled, the slipped and the dropped."""
    meetings: dict[int, MeetingGroup] = {}
    out: dict[str, Any] = {"unscheduled": [], "slipped": [], "dropped": []}
    for row in found:
        if row.state in (quarters.UNSCHEDULED, quarters.SLIPPED, quarters.DROPPED):
            out[row.state].append(row)
        elif row.item.meeting is not None:
            group = meetings.setdefault(row.item.meeting.pk, MeetingGroup(row.item.meeting))
            group.rows.append(row)
        else:  # done without a meeting: not made by the services, shown with the unscheduled
            out["unscheduled"].append(row)
    out["meetings"] = list(meetings.values())
    return out


def movable_meetings(body: Body) -> list[Meeting]:
    """The body's meetings an item may be moved to: not yet held or cancelled."""
    return list(
        Meeting.objects.filter(body=body)
        .exclude(status__in=quarters.MEETING_PAST)
        .order_by("date")
        .only("pk", "date", "status", "body_id")
    )


def next_meeting_requests(body: Body, limit: int = 10) -> list[Resolution]:
    """Resolutions of the body asking for something at the next meeting (in their words, or
    through an action due by the next meeting) that are not yet on its forward plan."""
    planned = Item.objects.filter(body=body, resolution__isnull=False).values("resolution")
    return list(
        Resolution.objects.filter(minute__meeting__body=body)
        .filter(Q(text__iregex=NEXT_MEETING_WORDS) | Q(actions__due_next_meeting=True))
        .exclude(pk__in=planned)
        .select_related("minute__meeting")
        .distinct()
        .order_by("-minute__meeting__date", "pk")[:limit]
    )
