"""What a Matters Arising report holds: its lines, grouped by minute, and what the page and
the documents ask of them. `matters_arising.matters_arising_for` fills it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from csphub.accounts.permissions import Viewer
from csphub.core.formats import short_date
from csphub.meetings.models import AgendaItem, Meeting, Minute, Paper
from csphub.partnerships.models import Body

from . import rules
from .models import Action, ActionUpdate

STATUS_TAGS = {
    "open": "govuk-tag--blue",
    "in_progress": "govuk-tag--light-blue",
    "carried_forward": "govuk-tag--purple",
    "done": "govuk-tag--green",
    "dropped": "govuk-tag--grey",
}
RAG_TAGS = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


def report_is_published(meeting: Meeting, viewer: Viewer) -> bool:
    """The report is a paper of the meeting: public with the agenda, the secretariat always."""
    return meeting.shows_agenda_to(viewer)


@dataclass
class Owner:
    name: str
    initials: str


@dataclass
class MattersArisingLine:
    """One action as the report gives it: its status and latest update as at the report
    (the start of the meeting day, once the meeting has been held; now, until then)."""

    action: Action
    matter: str
    owners: list[Owner]
    status: str  # as at the report
    closed_at: dt.datetime | None  # as at the report
    update: ActionUpdate | None  # the latest progress update, if any
    closing: ActionUpdate | None  # the status change that closed it, if closed
    due: dt.date | None
    overdue: bool
    later: ActionUpdate | None = None  # a change of status after the report (held meetings)

    @property
    def pk(self) -> int:
        return self.action.pk

    @property
    def description(self) -> str:
        """The action as worded, when it says more than the matter (a resolution)."""
        text = self.action.description
        return "" if text.strip() == self.matter.strip() else text

    @property
    def proposal(self) -> ActionUpdate | None:
        """The latest update, when it proposes a status the secretariat has not yet
        accepted or rejected (the owner said "Done"; the action is still open)."""
        update = self.update
        if update is None or not rules.proposal_is_pending(
            via_link=update.via_link,
            proposed_status=update.proposed_status,
            decision=update.proposal_decision,
            status=self.action.status,
        ):
            return None
        return update

    @property
    def status_label(self) -> str:
        """ "Open", or "Done (proposed)" while an owner's proposal waits for a decision."""
        proposal = self.proposal
        if proposal is not None and proposal.proposed_status in rules.STATUSES:
            return f"{Action.Status(proposal.proposed_status).label} (proposed)"
        return Action.Status(self.status).label

    @property
    def status_tag(self) -> str:
        return STATUS_TAGS.get(self.status, "govuk-tag--grey")

    @property
    def rag(self) -> str:
        return self.action.rag

    @property
    def rag_label(self) -> str:
        return rules.rag_label(self.action.rag)

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS.get(self.action.rag, "govuk-tag--grey")

    @property
    def is_open(self) -> bool:
        return self.status in rules.OPEN_STATUSES

    @property
    def is_open_now(self) -> bool:
        """Whether the secretariat can still close or carry it forward."""
        return self.action.status in rules.OPEN_STATUSES

    @property
    def later_label(self) -> str:
        """ "Done on 10 January 2018", when its status has changed since the report."""
        if self.later is None:
            return ""
        label = Action.Status(self.action.status).label
        return f"{label} on {short_date(timezone.localdate(self.later.at))}"

    @property
    def owner_names(self) -> list[str]:
        return [o.name for o in self.owners]

    @property
    def owner_initials(self) -> str:
        return rules.owner_initials(o.initials for o in self.owners)

    @property
    def update_text(self) -> str:
        return self.update.shown_text if self.update is not None else ""

    @property
    def update_date(self) -> dt.date | None:
        return timezone.localdate(self.update.at) if self.update is not None else None

    @property
    def wording_edited(self) -> bool:
        return self.update is not None and bool(self.update.published_text)

    @property
    def closed_on(self) -> dt.date | None:
        closed = self.closed_at
        return timezone.localdate(closed) if closed and not self.is_open else None

    @property
    def closing_note(self) -> str:
        return self.closing.text if self.closing is not None else ""

    @property
    def due_text(self) -> str:
        if self.action.due_date is not None:
            return short_date(self.action.due_date)
        if self.action.due_next_meeting:
            return (
                f"by the next meeting ({short_date(self.due)})"
                if self.due
                else "by the next meeting"
            )
        return ""


@dataclass
class MinuteGroup:
    """The lines from one minute (or, for actions not tied to a minute, one meeting)."""

    meeting: Meeting
    minute: Minute | None
    lines: list[MattersArisingLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.minute.label if self.minute is not None else ""

    @property
    def title(self) -> str:
        return self.minute.title if self.minute is not None else "Other actions from the meeting"

    @property
    def meeting_date(self) -> dt.date:
        return self.meeting.date

    @property
    def heading(self) -> str:
        prefix = f"Minute {self.label}" if self.label else "Meeting"
        return f"{prefix}, {short_date(self.meeting_date)}: {self.title}"


@dataclass
class MattersArisingReport:
    meeting: Meeting
    viewer: Viewer
    body_name: str
    previous: dt.date | None  # the previous meeting's date: what "since" is measured from
    since: dt.datetime | None
    as_at: dt.datetime | None  # None: the report is live (the meeting is not held yet)
    item: AgendaItem | None  # the meeting's Matters Arising agenda item
    paper: Paper | None  # that item's paper row standing for the report (no file), if any
    groups: list[MinuteGroup]
    hidden_unpublished: int = 0  # lines left out because their minutes are not public yet

    @property
    def published(self) -> bool:
        return report_is_published(self.meeting, self.viewer)

    @property
    def lines(self) -> list[MattersArisingLine]:
        return [line for g in self.groups for line in g.lines]

    @property
    def open_count(self) -> int:
        return sum(1 for line in self.lines if line.is_open)

    @property
    def closed_count(self) -> int:
        return sum(1 for line in self.lines if not line.is_open)

    @property
    def reference(self) -> str:
        """The paper's own report number when it has one (e.g. "CSD18054"), else ours."""
        if self.paper is not None and self.paper.reference:
            return self.paper.reference
        return f"MA-{self.meeting.body.slug}-{self.meeting.date.isoformat()}"

    @property
    def unpublished_count(self) -> int:
        """Lines the public does not see yet: their meeting's minutes are not published."""
        return sum(1 for line in self.lines if not line.action.meeting.minutes_are_public)

    @property
    def has_restricted(self) -> bool:
        return any(
            line.action.is_restricted
            or (line.action.minute is not None and line.action.minute.is_restricted)
            for line in self.lines
        )

    @property
    def group_word(self) -> str:
        """ "Board" or "Group", as the seeds' recommendation addresses the body."""
        kind = self.meeting.body.kind
        return "Board" if kind in {Body.Kind.BOARD, Body.Kind.SNB} else "Group"

    @property
    def reason(self) -> str:
        return (
            f"Appendix A updates the {self.group_word} on matters arising or outstanding "
            "from previous meetings."
        )

    @property
    def recommendation(self) -> str:
        return (
            f"The {self.group_word} is asked to review progress on matters arising "
            "from previous meetings."
        )
