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
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "TRANSITIONS",
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
