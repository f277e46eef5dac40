"""Recording audit events. Every service function calls `audit_record` once per logical change."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from . import chain
from .actors import Actor, actor_label, actor_user
from .models import AuditEvent, AuditHead
from .verify import audit_verify

__all__ = ["audit_record", "audit_verify", "model_create", "model_delete", "model_update"]

if TYPE_CHECKING:  # events belong to a partnership; audit sits below partnerships
    from csphub.partnerships.models import Partnership


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, JSON-ready, for before/after records."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = str(value) if value else ""
        data[field.name] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _lock_head() -> AuditHead:
    """The chain head, locked until the surrounding transaction ends.

    PostgreSQL: SELECT ... FOR UPDATE on the one head row. SQLite: FOR UPDATE is ignored, so
    write the row first (a no-op UPDATE); that takes SQLite's database write lock, which
    settings also take at BEGIN (transaction_mode IMMEDIATE). Either way a second writer
    waits here until the first commits, then reads the head the first one left.
    """
    AuditHead.objects.filter(pk=1).update(count=F("count"))
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a fresh or flushed database: start the chain
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def audit_record(
    *,
    actor: Actor | str | None,
    verb: str,
    obj: models.Model | None = None,
    partnership: Partnership | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the chain. `actor` may be any Actor, None (the system) or a label.

    The head row is locked, the event signed with the chain's key and saved, and the head
    re-signed, all in one transaction: concurrent writers (threads or processes) queue.
    """
    user = actor_user(actor)
    label = actor_label(actor)
    key = chain.current_key()
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            partnership=partnership,
            actor=user,
            actor_label=label[:200],
            verb=verb,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
            before=_json_ready(before),
            after=_json_ready(after),
            note=note,
            created_at=timezone.now(),
            previous_hash=head.last_hash,
            seq=head.count + 1,
            key_id=chain.fingerprint(key),
        )
        event.hash = chain.digest(event, key)
        event.save()
        head.count = event.seq
        head.last_id = event.pk
        head.last_hash = event.hash
        head.key_id = event.key_id
        head.signature = chain.head_signature(head.count, head.last_id, head.last_hash, key)
        head.save()
    return event


def _json_ready(value: dict | None) -> dict | None:
    """What the JSON column will give back (dates as strings, tuples as lists), so the digest
    computed now matches the digest of the row read back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


M = TypeVar("M", bound=models.Model)


def _only(fields: Collection[str], given: Iterable[str], model: type[models.Model]) -> None:
    """Refuse a change to a field the calling service did not allow (a programming error,
    not a user's: forms only offer allowed fields)."""
    unknown = sorted(set(given) - set(fields))
    if unknown:
        raise ValueError(f"{model.__name__}: these fields cannot be set here: {unknown}")


def model_create(
    *,
    actor: Actor | str | None,
    model: type[M],
    partnership: Partnership | None,
    verb: str,
    fields: Collection[str] | None = None,
    **values: Any,
) -> M:
    """Create, validate and save one row and record it. With `fields`, only those may be
    given (foreign keys set by the service itself, such as `partnership_id`, are passed
    outside the allow-list by naming them in it)."""
    if fields is not None:
        _only(fields, values, model)
    instance = model(**values)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor, verb=verb, obj=instance, partnership=partnership, after=snapshot(instance)
    )
    return instance


def model_update(
    *,
    actor: Actor | str | None,
    instance: M,
    data: Mapping[str, Any],
    fields: Collection[str],
    partnership: Partnership | None,
    verb: str,
    note: str = "",
) -> M:
    """Apply `data` (only the `fields` the service allows), validate, save and record
    before/after of the fields that changed.

    Returns the instance unchanged (and records nothing) when nothing actually changed, so
    re-submitting a form does not fill the audit trail with empty edits.
    """
    _only(fields, data, type(instance))
    before = snapshot(instance)
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    after = snapshot(instance)
    changed = sorted(k for k in after if before.get(k) != after.get(k))
    if not changed:
        return instance
    instance.save()
    audit_record(
        actor=actor,
        verb=verb,
        obj=instance,
        partnership=partnership,
        before={k: before.get(k) for k in changed},
        after={k: after[k] for k in changed},
        note=note,
    )
    return instance


def model_delete(
    *,
    actor: Actor | str | None,
    instance: models.Model,
    partnership: Partnership | None,
    verb: str,
) -> None:
    before = snapshot(instance)
    audit_record(actor=actor, verb=verb, obj=instance, partnership=partnership, before=before)
    instance.delete()
