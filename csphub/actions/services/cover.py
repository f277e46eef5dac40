"""The Matters Arising cover sheet: the partnership's defaults and one meeting's own
wording. Each write checks the secretariat's permission and leaves an audit event."""

from __future__ import annotations

from django.db import transaction

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import model_create, model_update
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership

from ..models import CoverSheet, CoverSheetDefaults, CoverSheetOverride

FIELDS = CoverSheet.FIELDS


@transaction.atomic
def cover_defaults_update(
    *, actor: Actor, partnership: Partnership, data: dict[str, str]
) -> CoverSheetDefaults:
    """Set what every report of the partnership prints unless its meeting says otherwise."""
    ensure_can_manage(actor, partnership)
    row = CoverSheetDefaults.objects.filter(partnership=partnership).first()
    if row is None:
        return model_create(
            actor=actor,
            model=CoverSheetDefaults,
            partnership=partnership,
            verb="matters_arising.cover_defaults_create",
            fields=(*FIELDS, "partnership_id"),
            partnership_id=partnership.pk,
            **data,
        )
    return model_update(
        actor=actor,
        instance=row,
        data=data,
        fields=FIELDS,
        partnership=partnership,
        verb="matters_arising.cover_defaults_update",
    )


@transaction.atomic
def cover_override_update(
    *, actor: Actor, meeting: Meeting, data: dict[str, str]
) -> CoverSheetOverride:
    """Set one meeting's report's own wording; a blank field takes the default."""
    partnership = meeting.body.partnership
    ensure_can_manage(actor, partnership)
    row = CoverSheetOverride.objects.filter(meeting=meeting).first()
    if row is None:
        return model_create(
            actor=actor,
            model=CoverSheetOverride,
            partnership=partnership,
            verb="matters_arising.cover_create",
            fields=(*FIELDS, "meeting_id"),
            meeting_id=meeting.pk,
            **data,
        )
    return model_update(
        actor=actor,
        instance=row,
        data=data,
        fields=FIELDS,
        partnership=partnership,
        verb="matters_arising.cover_update",
    )
