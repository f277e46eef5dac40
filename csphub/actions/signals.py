"""What actions does when meetings says an Action-by cell was saved (decision 0019)."""

from __future__ import annotations

from typing import Any

from csphub.audit.actors import SystemActor

from .services.initials import action_by_sync


def on_action_by_saved(sender: Any, *, actor, minute, resolution=None, **kwargs: Any) -> None:
    """Initials typed by the secretariat become actions. A batch job (the demo loader, an
    import) brings its own list of actions with their real history, so its Action-by
    cells are left as written rather than making a second, guessed set."""
    if isinstance(actor, SystemActor):
        return
    action_by_sync(actor=actor, minute=minute, resolution=resolution)
