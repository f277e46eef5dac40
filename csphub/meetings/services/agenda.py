"""The agenda: items added, edited, moved, nested as 12a/12b, removed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, model_delete, model_update, snapshot

from ..models import (
    AgendaItem,
    Meeting,
    Minute,
)
from ..numbering import agenda_insert_index
from ._shared import partnership_of

AGENDA_ITEM_FIELDS = (
    "title",
    "description",
    "presenter",
    "minutes_allowed",
    "is_restricted",
    "restricted_reason",
)


def _siblings(meeting: Meeting, parent: AgendaItem | None):
    return AgendaItem.objects.filter(meeting=meeting, parent=parent).order_by("position", "id")


def _renumber(meeting: Meeting, parent: AgendaItem | None, ordered: list[AgendaItem]) -> None:
    for i, item in enumerate(ordered, start=1):
        if item.position != i:
            item.position = i
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, meeting: Meeting, title: str, parent: AgendaItem | None = None, **fields: Any
) -> AgendaItem:
    """Add an item at the end of the agenda (before AOB and next meeting) or of a parent's list."""
    ensure_can_manage(actor, partnership_of(meeting))
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationError("Sub-items go under a top-level item of the same meeting.")
    siblings = list(_siblings(meeting, parent))
    insert_at = len(siblings)
    if parent is None:
        insert_at = agenda_insert_index([s.standing for s in siblings], fields.get("standing", ""))
    item = AgendaItem(meeting=meeting, parent=parent, title=title, **fields)
    item.full_clean(exclude=["position"])
    _check_restriction(item)
    item.save()
    siblings.insert(insert_at, item)
    _renumber(meeting, parent, siblings)
    audit_record(
        actor=actor,
        verb="agenda_item.add",
        obj=item,
        partnership=partnership_of(meeting),
        after=snapshot(item),
    )
    return item


def _check_restriction(item: AgendaItem | Any) -> None:
    if item.is_restricted and not item.restricted_reason:
        raise ValidationError(
            {"restricted_reason": "Give the reason the item is restricted (Schedule 12A)."}
        )
    if not item.is_restricted:
        item.restricted_reason = ""


@transaction.atomic
def agenda_item_update(*, actor: Actor, item: AgendaItem, data: dict) -> AgendaItem:
    meeting = item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    for name, value in data.items():
        setattr(item, name, value)
    _check_restriction(item)
    data = {**data, "restricted_reason": item.restricted_reason}
    item.refresh_from_db()
    updated = model_update(
        actor=actor,
        instance=item,
        data=data,
        partnership=partnership_of(meeting),
        verb="agenda_item.update",
        fields=AGENDA_ITEM_FIELDS,
    )
    if "is_restricted" in data:
        # A minute records its item: when the item becomes restricted, so does the minute.
        Minute.objects.filter(item=item).update(
            is_restricted=item.is_restricted, restricted_reason=item.restricted_reason
        )
    return updated


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one place up or down among its siblings."""
    meeting = item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    if direction not in {"up", "down"}:
        raise ValidationError("Move an item up or down.")
    siblings = list(_siblings(meeting, item.parent))
    i = next(n for n, s in enumerate(siblings) if s.pk == item.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        siblings[i], siblings[j] = siblings[j], siblings[i]
        _renumber(meeting, item.parent, siblings)
        audit_record(
            actor=actor,
            verb="agenda_item.move",
            obj=item,
            partnership=partnership_of(meeting),
            before={"position": i + 1},
            after={"position": j + 1},
        )
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_indent(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Make an item a sub-item (12a) of the top-level item above it."""
    meeting = item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    if item.parent_id is not None:
        raise ValidationError("The item is already a sub-item.")
    if item.children.exists():
        raise ValidationError("An item with sub-items cannot itself become a sub-item.")
    siblings = list(_siblings(meeting, None))
    i = next(n for n, s in enumerate(siblings) if s.pk == item.pk)
    if i == 0:
        raise ValidationError("The first item has no item above it to go under.")
    new_parent = siblings[i - 1]
    position = _siblings(meeting, new_parent).count() + 1
    item.parent, item.position = new_parent, position
    item.save(update_fields=["parent", "position"])
    _renumber(meeting, None, [s for s in siblings if s.pk != item.pk])
    audit_record(
        actor=actor,
        verb="agenda_item.indent",
        obj=item,
        partnership=partnership_of(meeting),
        after={"parent": new_parent.pk},
    )
    return item


@transaction.atomic
def agenda_item_outdent(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Lift a sub-item back to the top level, just after its former parent."""
    meeting = item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    parent = item.parent
    if parent is None:
        raise ValidationError("The item is already at the top level.")
    old_siblings = [s for s in _siblings(meeting, parent) if s.pk != item.pk]
    _renumber(meeting, parent, old_siblings)
    top = list(_siblings(meeting, None))
    i = next(n for n, s in enumerate(top) if s.pk == parent.pk)
    item.parent = None
    item.save(update_fields=["parent"])
    top.insert(i + 1, item)
    _renumber(meeting, None, top)
    audit_record(
        actor=actor,
        verb="agenda_item.outdent",
        obj=item,
        partnership=partnership_of(meeting),
        before={"parent": parent.pk},
        after={"parent": None},
    )
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem) -> None:
    meeting = item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    if meeting.status not in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED}:
        raise ValidationError("Items cannot be removed once the meeting has been held.")
    parent = item.parent
    model_delete(
        actor=actor, instance=item, partnership=partnership_of(meeting), verb="agenda_item.delete"
    )
    _renumber(meeting, parent, list(_siblings(meeting, parent)))
