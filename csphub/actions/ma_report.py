"""What a Matters Arising report holds: its lines, grouped by minute, and what the page and
the documents ask of them. `matters_arising.matters_arising_for` fills it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from csphub.accounts.permissions import Viewer
from csphub.core.formats import short_date
from csphub.meetings.models import AgendaItem, Meeting, Minute, Paper
from csphub.partnerships.models import Body

from . import rules
from .as_at import OwnerAt
from .models import Action, ActionUpdate, CoverSheet, CoverSheetDefaults, CoverSheetOverride

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


Owner = OwnerAt  # an owner as the report prints them (as at the report)


@dataclass
class MattersArisingLine:
    """One action as the report gives it: its owners, status, due date, RAG rating and
    latest update as at the report (the start of the meeting day, once the meeting has been
    held; now, until then), worked out from its history by `as_at.state_at`."""

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
    # As at the report; None: as the action is now.
    due_date: dt.date | None = None
    due_next_meeting: bool | None = None
    rag_at: str | None = None
    description_at: str | None = None
    # Everything recorded after the report (held meetings): for the web page only, apart
    # from the report; the PDF and DOCX print the report as the meeting had it.
    since: list[ActionUpdate] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.action.pk

    @property
    def description(self) -> str:
        """The action as worded, when it says more than the matter (a resolution)."""
        text = self.action.description if self.description_at is None else self.description_at
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
        return self.action.rag if self.rag_at is None else self.rag_at

    @property
    def rag_label(self) -> str:
        return rules.rag_label(self.rag)

    @property
    def rag_tag(self) -> str:
        return RAG_TAGS.get(self.rag, "govuk-tag--grey")

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
    def owners_now(self) -> str:
        """Today's owners' initials, when they differ from the report's (held meetings)."""
        now = rules.owner_initials(o.initials for o in self.action.owners.all())
        return now if now != self.owner_initials else ""

    @property
    def due_text(self) -> str:
        due_date = self.action.due_date if self.due_next_meeting is None else self.due_date
        due_next = (
            self.action.due_next_meeting if self.due_next_meeting is None else self.due_next_meeting
        )
        if due_date is not None:
            return short_date(due_date)
        if due_next:
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

    @cached_property
    def words(self) -> tuple[str, str]:
        """What the report calls the body and its members, as the body used them on the
        day: ("Group", "Members") for the Strategic Group, ("Board", "the Board") since."""
        body = self.meeting.body
        word, members = body.words_on(self.meeting.date)
        return rules.body_words(word, members, is_board=body.kind in BOARD_KINDS)

    @property
    def group_word(self) -> str:
        return self.words[0]

    @property
    def reason(self) -> str:
        return (
            f"Appendix A updates {self.words[1]} on matters arising or outstanding "
            "from previous meetings."
        )

    @property
    def recommendation(self) -> str:
        return (
            f"The {self.group_word} is asked to review progress on matters arising "
            "from previous meetings."
        )

    @cached_property
    def cover(self) -> Cover:
        """The cover sheet: the meeting's own wording over the partnership's defaults.
        Read only when the cover is shown (two queries), so the JSON form stays lean."""
        meeting = self.meeting
        defaults = CoverSheetDefaults.objects.filter(
            partnership_id=meeting.body.partnership_id
        ).first()
        override = CoverSheetOverride.objects.filter(meeting=meeting).first()
        return Cover.resolve(
            defaults.values() if defaults is not None else {},
            override.values() if override is not None else {},
        )


BOARD_KINDS = {Body.Kind.BOARD, Body.Kind.SNB}

# The impact sections, in the seeds' order, with their printed headings.
IMPACT_SECTIONS = (
    ("corporate_policy", "Corporate Policy"),
    ("financial", "Financial"),
    ("staff", "Staff"),
    ("legal", "Legal"),
    ("customer_impact", "Customer Impact"),
    ("ward_councillor_views", "Ward Councillor Views"),
)


COVER_FALLBACKS = {
    "contact_job_title": "",
    "background_documents": "Minutes of the last meeting, and the previous Matters Arising report.",
}


@dataclass
class Cover:
    """The cover sheet's fields as printed: every field has a value ("Not applicable" when
    neither the meeting nor the partnership gives one), except the contact officer's job
    title, which is left off rather than printed as "Not applicable"."""

    values: dict[str, str]

    @classmethod
    def resolve(cls, defaults: dict[str, str], override: dict[str, str]) -> Cover:
        values = {
            name: rules.cover_value(
                override.get(name, ""),
                defaults.get(name, ""),
                fallback=COVER_FALLBACKS.get(name, rules.NOT_GIVEN),
            )
            for name in CoverSheet.FIELDS
        }
        return cls(values)

    def __getattr__(self, name: str) -> str:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, lines) of each impact section; a line per point, as printed."""
        return [
            (heading, [line.strip() for line in self.values[name].splitlines() if line.strip()])
            for name, heading in IMPACT_SECTIONS
        ]
