"""The status an owner proposes through their link: the secretariat accepts or rejects it
with one click (on the action's page or in Matters Arising). Until then the action keeps
its status and Matters Arising shows the proposal beside it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor, actor_user
from csphub.audit.services import audit_record

from .. import rules
from ..models import Action, ActionUpdate
from .actions import action_set_status

ACCEPT = "accepted"
REJECT = "rejected"


def _pending(update: ActionUpdate, status: str) -> bool:
    return rules.proposal_is_pending(
        via_link=update.via_link,
        proposed_status=update.proposed_status,
        decision=update.proposal_decision,
        status=status,
    )


@transaction.atomic
def proposal_decide(
    *,
    actor: Actor,
    update: ActionUpdate,
    decision: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> ActionUpdate:
    """Accept (the action takes the proposed status, in its history as a status change) or
    reject (the status stays; the owner's update stays in the history, marked rejected)."""
    action = Action.objects.select_for_update().get(pk=update.action_id)
    ensure_can_manage(actor, action.partnership)
    if decision not in {ACCEPT, REJECT}:
        raise ValidationError("Choose accept or reject.")
    if not _pending(update, action.status):
        raise ValidationError("That proposal has already been dealt with.")
    if update.proposed_status not in rules.STATUSES:
        raise ValidationError("The proposed status is not one we know.")
    at = at or timezone.now()
    who = update.author_label or "the owner"
    if decision == ACCEPT:
        action_set_status(
            actor=actor,
            action=action,
            status=update.proposed_status,
            note=note or f"Accepted the status proposed by {who}.",
            at=at,
        )
    update.proposal_decision = decision
    update.proposal_decided_at = at
    update.proposal_decided_by = actor_user(actor)
    update.save(update_fields=["proposal_decision", "proposal_decided_at", "proposal_decided_by"])
    audit_record(
        actor=actor,
        verb=f"action.proposal_{'accept' if decision == ACCEPT else 'reject'}",
        obj=action,
        partnership=action.partnership,
        before={"status": update.proposed_status if decision == REJECT else None},
        after={
            "update": update.pk,
            "proposed_status": update.proposed_status,
            "decision": decision,
            "status": action.status,
        },
        note=note,
    )
    return update
