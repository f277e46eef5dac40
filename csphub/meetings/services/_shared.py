"""Helpers the meetings services share: the partnership, the status machine, locks."""

from __future__ import annotations

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
