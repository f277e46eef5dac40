"""The strategy's answers to signals from the apps below it (connected in apps.py)."""

from __future__ import annotations

from typing import Any


def meeting_moved(
    sender: Any, *, actor: Any, meeting: Any, old_start: Any, new_start: Any, **kw: Any
) -> None:
    """A meeting moved to another day: re-plan the forward plan's schedule items on it."""
    from .services.forward_plan import replan_after_move

    replan_after_move(actor=actor, meeting=meeting, old_start=old_start, new_start=new_start)
