"""The Matters Arising cover sheet: the partnership's defaults and one meeting's own
wording. Each write checks the secretariat's permission and leaves an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import model_create, model_update
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership

from ..models import CoverSheet, CoverSheetDefaults, CoverSheetOverride

FIELDS = CoverSheet.FIELDS


def _upsert(
    actor: Actor,
    model: type[CoverSheetDefaults] | type[CoverSheetOverride],
    partnership: Partnership,
    verb: str,
    owner: str,
    owner_id: int,
    data: dict[str, str],
) -> Any:
    """Create the cover-sheet row of its owner (partnership or meeting) or update it, with
    its audit event; part of the service that calls it."""
    row = model.objects.filter(**{owner: owner_id}).first()
    if row is None:
        return model_create(
            actor=actor,
            model=model,
            partnership=partnership,
            verb=f"{verb}_create",
            fields=(*FIELDS, owner),
            **{owner: owner_id},
            **data,
        )
    return model_update(
        actor=actor,
        instance=row,
        data=data,
        fields=FIELDS,
        partnership=partnership,
        verb=f"{verb}_update",
    )


@transaction.atomic
def cover_defaults_update(
    *, actor: Actor, partnership: Partnership, data: dict[str, str]
) -> CoverSheetDefaults:
    """Set what every report of the partnership prints unless its meeting says otherwise."""
    ensure_can_manage(actor, partnership)
    return _upsert(
        actor, CoverSheetDefaults, partnership, "matters_arising.cover_defaults",
        "partnership_id", partnership.pk, data,
    )  # fmt: skip


@transaction.atomic
def cover_override_update(
    *, actor: Actor, meeting: Meeting, data: dict[str, str]
) -> CoverSheetOverride:
    """Set one meeting's report's own wording; a blank field takes the default."""
    partnership = meeting.body.partnership
    ensure_can_manage(actor, partnership)
    return _upsert(
        actor, CoverSheetOverride, partnership, "matters_arising.cover", "meeting_id",
        meeting.pk, data,
    )  # fmt: skip
