"""The meeting status machine, as pure functions.

Why this exists: what may be done to a meeting depends on where it is in its life. An
agenda goes out before the meeting, attendance is taken at it, minutes are drafted after
it and, once approved at the next meeting, they are the record and must not change (a
correction is a recorded amendment, not an edit). Keeping the allowed moves in one table
lets services refuse a wrong move with a message a secretariat officer understands, and
lets the tests check every pair of statuses.

    scheduled -> agenda_published -> held -> draft_minutes -> minutes_approved
    scheduled, agenda_published -> cancelled

Approved minutes and cancelled meetings are final. A meeting moved to another date is
a new date on the same scheduled meeting, not a status.

Some moves also depend on the clock and on other meetings, and these are rules too
(issue 11: a January meeting was marked held in December and its minutes "approved" at an
April meeting whose agenda was not even out): a meeting is held only once it has started,
and minutes are approved only at a later meeting of the same body that has itself been
held. What a meeting *looks like* also changes with time: a meeting whose agenda went out
and whose start has passed is no longer "Agenda published" to a reader, it is awaiting its
minutes, and it no longer takes questions. ``now`` is always passed in, so these stay pure.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

__all__ = [
    "AWAITING_MINUTES",
    "HELD_STATUSES",
    "LONDON",
    "TRANSITIONS",
    "MeetingFacts",
    "approval_refusal",
    "has_started",
    "held_refusal",
    "starts_at",
    "status_label_now",
    "takes_questions",
    "MeetingStatus",
    "TransitionError",
    "allowed_transitions",
    "assert_transition",
    "can_transition",
    "is_final",
    "parse_status",
]


class MeetingStatus(StrEnum):
    """Where a meeting is in its life. Values are what the database stores."""

    SCHEDULED = "scheduled"
    AGENDA_PUBLISHED = "agenda_published"
    HELD = "held"
    DRAFT_MINUTES = "draft_minutes"
    MINUTES_APPROVED = "minutes_approved"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status as shown to people, e.g. "Agenda published"."""
        return _LABELS[self]


_LABELS: dict[MeetingStatus, str] = {
    MeetingStatus.SCHEDULED: "Scheduled",
    MeetingStatus.AGENDA_PUBLISHED: "Agenda published",
    MeetingStatus.HELD: "Held",
    MeetingStatus.DRAFT_MINUTES: "Draft minutes",
    MeetingStatus.MINUTES_APPROVED: "Minutes approved",
    MeetingStatus.CANCELLED: "Cancelled",
}

TRANSITIONS: dict[MeetingStatus, tuple[MeetingStatus, ...]] = {
    MeetingStatus.SCHEDULED: (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.CANCELLED),
    MeetingStatus.AGENDA_PUBLISHED: (MeetingStatus.HELD, MeetingStatus.CANCELLED),
    MeetingStatus.HELD: (MeetingStatus.DRAFT_MINUTES,),
    MeetingStatus.DRAFT_MINUTES: (MeetingStatus.MINUTES_APPROVED,),
    MeetingStatus.MINUTES_APPROVED: (),
    MeetingStatus.CANCELLED: (),
}
"""Each status and the statuses a meeting may move to from it, in the order to offer them."""


class TransitionError(ValueError):
    """A meeting was asked to move between two statuses that are not connected."""

    def __init__(self, frm: MeetingStatus, to: MeetingStatus, message: str) -> None:
        super().__init__(message)
        self.frm = frm
        self.to = to


def parse_status(status: MeetingStatus | str) -> MeetingStatus:
    """Return the status for a stored value, refusing unknown values loudly.

    An unknown status is a bug or bad data, not a move that happens to be disallowed, so
    it is reported as such rather than answered with False.
    """
    try:
        return MeetingStatus(status)
    except ValueError:
        known = ", ".join(s.value for s in MeetingStatus)
        raise ValueError(f"Unknown meeting status {status!r} (known: {known})") from None


def allowed_transitions(frm: MeetingStatus | str) -> tuple[MeetingStatus, ...]:
    """Return the statuses a meeting in status ``frm`` may move to (empty if final)."""
    return TRANSITIONS[parse_status(frm)]


def can_transition(frm: MeetingStatus | str, to: MeetingStatus | str) -> bool:
    """True if a meeting may move from ``frm`` to ``to``. Staying put is not a move."""
    return parse_status(to) in allowed_transitions(frm)


def is_final(status: MeetingStatus | str) -> bool:
    """True if nothing can follow ``status`` (minutes approved, or cancelled)."""
    return not allowed_transitions(status)


def assert_transition(frm: MeetingStatus | str, to: MeetingStatus | str) -> None:
    """Raise :class:`TransitionError` with a plain-English reason unless the move is allowed."""
    source, target = parse_status(frm), parse_status(to)
    if can_transition(source, target):
        return
    if source == target:
        message = f'The meeting status is already "{source.label}".'
    elif source == MeetingStatus.MINUTES_APPROVED:
        message = (
            "The minutes of this meeting have been approved and cannot change status; "
            "record a correction as an amendment instead."
        )
    elif source == MeetingStatus.CANCELLED:
        message = "This meeting was cancelled and cannot change status; schedule a new meeting."
    else:
        options = " or ".join(f'"{s.label.lower()}"' for s in TRANSITIONS[source])
        message = (
            f'A meeting that is "{source.label.lower()}" cannot become '
            f'"{target.label.lower()}"; it can only become {options}.'
        )
    raise TransitionError(source, target, message)


# --- Rules that depend on the clock and on other meetings -------------------------------

LONDON = ZoneInfo("Europe/London")
"""Meetings start at a wall-clock time in the partnership's time zone."""

HELD_STATUSES = frozenset(
    {MeetingStatus.HELD, MeetingStatus.DRAFT_MINUTES, MeetingStatus.MINUTES_APPROVED}
)
"""Statuses of a meeting that has taken place."""

AWAITING_MINUTES = "Awaiting minutes"
"""What a reader sees for a meeting that is over but not yet recorded as held or minuted."""


class MeetingFacts(Protocol):
    """What these rules read about a meeting (a ``Meeting`` row has all of it)."""

    @property
    def body_id(self) -> int: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def start_time(self) -> dt.time: ...
    @property
    def status(self) -> str: ...


def starts_at(meeting: MeetingFacts, tz: dt.tzinfo = LONDON) -> dt.datetime:
    """The meeting's start as an aware datetime: its date and time on the London clock."""
    return dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)


def _aware(now: dt.datetime) -> dt.datetime:
    if now.utcoffset() is None:
        raise ValueError(f"`now` must carry a time zone, got {now.isoformat()}")
    return now


def has_started(meeting: MeetingFacts, now: dt.datetime) -> bool:
    """True from the minute the meeting is due to start."""
    return _aware(now) >= starts_at(meeting)


def held_refusal(meeting: MeetingFacts, now: dt.datetime) -> str | None:
    """Why the meeting cannot be marked held at ``now``, or None if it can.

    Only the status machine says which statuses may become "held"; this adds the clock:
    a meeting that has not started has not been held, whatever anyone clicks.
    """
    if has_started(meeting, now):
        return None
    start = starts_at(meeting)
    when = f"{start:%A} {start.day} {start:%B %Y} at {start:%H:%M}"
    return f"The meeting cannot be marked as held before it starts ({when})."


def approval_refusal(meeting: MeetingFacts, at_meeting: MeetingFacts) -> str | None:
    """Why ``meeting``'s minutes cannot be approved at ``at_meeting``, or None if they can.

    Minutes are signed as a correct record by the same body at a later meeting, and only
    once that meeting has taken place: approving "at" a meeting still in the diary records
    a decision nobody has made.
    """
    if at_meeting.body_id != meeting.body_id:
        return "Minutes are approved at a meeting of the same body."
    if starts_at(at_meeting) <= starts_at(meeting):
        return "Minutes are approved at a later meeting than the one they record."
    if parse_status(at_meeting.status) not in HELD_STATUSES:
        return (
            "Minutes are approved at a meeting that has been held: mark that meeting as held first."
        )
    return None


def status_label_now(meeting: MeetingFacts, now: dt.datetime) -> str:
    """The status as a reader should see it at ``now``.

    The stored status moves only when someone acts, so a meeting whose agenda went out
    and which has since started still says "Agenda published" in the database. To a
    reader it is over and its minutes are awaited, so that is what it says.
    """
    status = parse_status(meeting.status)
    if status == MeetingStatus.AGENDA_PUBLISHED and has_started(meeting, now):
        return AWAITING_MINUTES
    return status.label


def takes_questions(meeting: MeetingFacts, now: dt.datetime) -> bool:
    """True while the public may still send a question for the meeting.

    Questions after the deadline are received and marked late (the chair decides), but
    once the meeting has started a question can no longer be taken at it, and a cancelled
    meeting or one already held takes none.
    """
    status = parse_status(meeting.status)
    if status not in {MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED}:
        return False
    return not has_started(meeting, now)
