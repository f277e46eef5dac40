"""Helpers the meetings services share: the partnership, the status machine, locks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from .. import lifecycle
from ..models import Meeting


def partnership_of(meeting: Meeting):
    return meeting.body.partnership


def check_transition(meeting: Meeting, to: str) -> None:
    try:
        lifecycle.assert_transition(meeting.status, to)
    except lifecycle.TransitionError as exc:
        raise ValidationError(str(exc)) from exc


def ensure_minutes_editable(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError(
            "These minutes were approved and are locked; record a correction as an amendment."
        )


def check_held(meeting: Meeting, now: dt.datetime) -> None:
    """Refuse to record a meeting as held before it has started (lifecycle.held_refusal)."""
    refusal = lifecycle.held_refusal(meeting, now)
    if refusal:
        raise ValidationError(refusal)


def check_approval(meeting: Meeting, at_meeting: Meeting) -> None:
    """Refuse an approval that is not at a later, held meeting of the same body."""
    refusal = lifecycle.approval_refusal(meeting, at_meeting)
    if refusal:
        raise ValidationError({"at_meeting": refusal})


def check_takes_questions(meeting: Meeting, received_at: dt.datetime) -> None:
    """Refuse a question received once the meeting had started, or for a cancelled meeting
    or one whose minutes are approved. The test is the time it was received, so a question
    that arrived in time may still be recorded after the meeting (the public form asks
    lifecycle.takes_questions with the time now, which is the same test for a new one)."""
    if meeting.status in {Meeting.Status.CANCELLED, Meeting.Status.MINUTES_APPROVED}:
        raise ValidationError("This meeting is not taking questions.")
    if lifecycle.has_started(meeting, received_at):
        raise ValidationError("This meeting is no longer taking questions: it has started.")
