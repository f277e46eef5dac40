"""Every write to actions. Each checks permission and records the history and an audit event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor, LinkActor, actor_label, actor_user
from csphub.audit.services import audit_record, snapshot
from csphub.partnerships.models import Body, Organisation, Person

from .. import rules
from ..models import Action, ActionOwner, ActionUpdate
from ..representatives import answers_for

Owner = Person | Organisation


def _set_owners(action: Action, owners: list[Owner]) -> None:
    if not owners:
        raise ValidationError({"owners": "Give the action at least one owner."})
    for owner in owners:
        if owner.partnership_id != action.partnership_id:
            raise ValidationError({"owners": f"{owner} is not part of this partnership."})
    action.owners.all().delete()
    ActionOwner.objects.bulk_create(
        ActionOwner(
            action=action,
            person=o if isinstance(o, Person) else None,
            organisation=o if isinstance(o, Organisation) else None,
            position=i,
        )
        for i, o in enumerate(owners)
    )


def _owner_names(action: Action) -> list[str]:
    return [o.name for o in action.owners.select_related("person", "organisation")]


def _owners_record(action: Action) -> dict[str, list[str]]:
    """Who owns the action, as its history records it: names, and the initials the reports
    print, so a report frozen as at a past meeting shows the owners of that day."""
    owners = list(action.owners.select_related("person", "organisation"))
    return {"owners": [o.name for o in owners], "initials": [o.initials for o in owners]}


def _history(action: Action, actor: Actor, kind: str, *, at=None, **fields) -> ActionUpdate:
    return ActionUpdate.objects.create(
        action=action,
        kind=kind,
        author=actor_user(actor),
        author_label=fields.pop("author_label", None) or actor_label(actor),
        at=at or timezone.now(),
        **fields,
    )


@transaction.atomic
def action_create(
    *,
    actor: Actor,
    body: Body,
    description: str,
    owners: list[Owner],
    source: str = Action.Source.MANUAL,
    minute=None,
    resolution=None,
    due_date: dt.date | None = None,
    due_next_meeting: bool = False,
    status: str = Action.Status.OPEN,
    rag: str = "",
    reference: str = "",
    others: str = "",
    start_date: dt.date | None = None,
    created_at: dt.datetime | None = None,
    initials_key: str = "",
    is_restricted: bool = False,
) -> Action:
    """Record an action; one minute or resolution may give several. `initials_key` marks
    an action made from the minutes' Action-by column (see `services.initials`). An action
    is restricted when its minute is, or when `is_restricted` says so (e.g. a delivery-plan
    action about a domestic homicide review)."""
    partnership = body.partnership
    ensure_can_manage(actor, partnership)
    if resolution is not None and minute is None:
        minute = resolution.minute
    meeting = minute.meeting if minute is not None else None
    if meeting is not None and meeting.body.partnership_id != partnership.pk:
        raise PermissionDenied("The minute belongs to another partnership.")
    at = created_at or timezone.now()
    action = Action(
        partnership=partnership,
        body=body,
        description=description.strip(),
        source=source,
        meeting=meeting,
        minute=minute,
        resolution=resolution,
        due_date=due_date,
        due_next_meeting=due_next_meeting and due_date is None,
        status=status,
        rag=rag,
        reference=reference,
        others=others,
        start_date=start_date,
        is_restricted=is_restricted or bool(minute and minute.is_restricted),
        created_at=at,
        closed_at=at if status in rules.CLOSED_STATUSES else None,
        initials_key=initials_key,
    )
    action.full_clean()
    action.save()
    _set_owners(action, owners)
    _history(
        action,
        actor,
        ActionUpdate.Kind.CREATED,
        at=at,
        status_after=status,
        after=_owners_record(action),
    )
    audit_record(
        actor=actor,
        verb="action.create",
        obj=action,
        partnership=partnership,
        after={**snapshot(action), "owners": _owner_names(action)},
    )
    return action


def _can_update(actor: Actor | None, action: Action) -> None:
    """The secretariat may update any action; an owner only their own, through their link."""
    if isinstance(actor, LinkActor):
        if not answers_for(actor.person.pk, action):
            raise PermissionDenied("This link is not for this action.")
        return
    ensure_can_manage(actor, action.partnership)


@transaction.atomic
def action_update_record(
    *,
    actor: Actor,
    action: Action,
    text: str,
    proposed_status: str = "",
    at: dt.datetime | None = None,
) -> ActionUpdate:
    """Post a progress update. Through an owner's link (a `LinkActor`) the status is only
    proposed; the secretariat's own update may change it."""
    _can_update(actor, action)
    link_person = actor.person if isinstance(actor, LinkActor) else None
    if not text.strip():
        raise ValidationError({"text": "Write the update."})
    if proposed_status and proposed_status not in rules.STATUSES:
        raise ValidationError({"proposed_status": "Choose a status from the list."})
    update = _history(
        action,
        actor,
        ActionUpdate.Kind.UPDATE,
        at=at,
        text=text.strip(),
        proposed_status=proposed_status,
        via_link=link_person is not None,
        author_person=link_person,
        author_label=link_person.display_name if link_person is not None else None,
    )
    audit_record(
        actor=actor,
        verb="action.update_link" if link_person is not None else "action.update",
        obj=action,
        partnership=action.partnership,
        after={"text": update.text, "proposed_status": proposed_status},
    )
    if link_person is None and proposed_status and proposed_status != action.status:
        action_set_status(actor=actor, action=action, status=proposed_status, at=at)
    return update


@transaction.atomic
def action_set_status(
    *, actor: Actor, action: Action, status: str, note: str = "", at: dt.datetime | None = None
) -> Action:
    ensure_can_manage(actor, action.partnership)
    if status not in rules.STATUSES:
        raise ValidationError({"status": "Choose a status from the list."})
    before = action.status
    if before == status:
        return action
    at = at or timezone.now()
    action.status = status
    action.closed_at = at if status in rules.CLOSED_STATUSES else None
    action.save(update_fields=["status", "closed_at"])
    _history(
        action,
        actor,
        ActionUpdate.Kind.STATUS,
        at=at,
        text=note,
        status_before=before,
        status_after=status,
    )
    audit_record(
        actor=actor,
        verb="action.status",
        obj=action,
        partnership=action.partnership,
        before={"status": before},
        after={"status": status},
        note=note,
    )
    return action


@transaction.atomic
def action_set_due(
    *,
    actor: Actor,
    action: Action,
    due_date: dt.date | None,
    due_next_meeting: bool = False,
    note: str = "",
    at: dt.datetime | None = None,
) -> Action:
    ensure_can_manage(actor, action.partnership)
    before = {"due_date": action.due_date, "due_next_meeting": action.due_next_meeting}
    action.due_date = due_date
    action.due_next_meeting = due_next_meeting and due_date is None
    after = {"due_date": action.due_date, "due_next_meeting": action.due_next_meeting}
    if before == after:
        return action
    action.save(update_fields=["due_date", "due_next_meeting"])
    as_text = {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
    _history(
        action,
        actor,
        ActionUpdate.Kind.DUE,
        at=at,
        text=note,
        before=as_text[0],
        after=as_text[1],
    )
    audit_record(
        actor=actor,
        verb="action.due",
        obj=action,
        partnership=action.partnership,
        before=as_text[0],
        after=as_text[1],
        note=note,
    )
    return action


@transaction.atomic
def action_reassign(
    *,
    actor: Actor,
    action: Action,
    owners: list[Owner],
    note: str,
    at: dt.datetime | None = None,
) -> Action:
    """Move an action to new owners, e.g. when someone leaves; who it moved from, and why,
    stay in the history ("forwarded to Detective Superintendent Paul Warnett")."""
    ensure_can_manage(actor, action.partnership)
    if not note.strip():
        raise ValidationError({"note": "Say why the action is being reassigned."})
    return _owners_change(
        actor,
        action,
        owners,
        kind=ActionUpdate.Kind.REASSIGNED,
        verb="action.reassign",
        note=note,
        at=at,
    )


def _owners_change(
    actor: Actor,
    action: Action,
    owners: list[Owner],
    *,
    kind: str,
    verb: str,
    note: str,
    at: dt.datetime | None = None,
) -> Action:
    """Give an action new owners, with who had it before in its history and the audit
    trail (a reassignment by hand, or the minutes' Action-by column changing)."""
    was = _owners_record(action)
    _set_owners(action, owners)
    now = _owners_record(action)
    _history(action, actor, kind, at=at, text=note.strip(), before=was, after=now)
    audit_record(
        actor=actor,
        verb=verb,
        obj=action,
        partnership=action.partnership,
        before={"owners": was["owners"]},
        after={"owners": now["owners"]},
        note=note,
    )
    return action


EDITABLE = {"description", "reference", "others", "rag", "start_date"}


@transaction.atomic
def action_edit(*, actor: Actor, action: Action, data: dict) -> Action:
    ensure_can_manage(actor, action.partnership)
    unknown = set(data) - EDITABLE
    if unknown:
        raise ValidationError(f"These cannot be edited here: {', '.join(sorted(unknown))}.")
    before = snapshot(action, list(data))
    for k, v in data.items():
        setattr(action, k, v)
    action.full_clean()
    after = snapshot(action, list(data))
    changed = {k for k in after if before[k] != after[k]}
    if not changed:
        return action
    action.save(update_fields=sorted(changed))
    _history(
        action,
        actor,
        ActionUpdate.Kind.EDITED,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    audit_record(
        actor=actor,
        verb="action.edit",
        obj=action,
        partnership=action.partnership,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return action


@transaction.atomic
def action_update_publish_wording(
    *, actor: Actor, update: ActionUpdate, published_text: str
) -> ActionUpdate:
    """The secretariat may tidy an owner's words for the published report; the original
    stays, and the edit is audited."""
    ensure_can_manage(actor, update.action.partnership)
    before = update.shown_text
    update.published_text = "" if published_text.strip() == update.text else published_text.strip()
    update.save(update_fields=["published_text"])
    audit_record(
        actor=actor,
        verb="action_update.edit_wording",
        obj=update.action,
        partnership=update.action.partnership,
        before={"text": before},
        after={"text": update.shown_text},
    )
    return update
