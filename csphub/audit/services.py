"""Recording audit events. Every service function calls `audit_record` once per logical change."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .models import AuditEvent


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


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        {
            "partnership": event.partnership_id,
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "verb": event.verb,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "before": event.before,
            "after": event.after,
            "note": event.note,
            "created_at": event.created_at.isoformat(),
            "previous": event.previous_hash,
        },
        sort_keys=True,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *,
    actor: Any,
    verb: str,
    obj: models.Model | None = None,
    partnership: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    object_type: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the chain. `actor` may be a user, None (the system) or a label."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        label = user.get_full_name() or user.get_username()
    elif isinstance(actor, str):
        label = actor
    elif getattr(actor, "label", ""):
        label = actor.label
    else:
        label = "system"
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    event = AuditEvent(
        partnership=partnership,
        actor=user,
        actor_label=label[:200],
        verb=verb,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        before=before,
        after=after,
        note=note,
        created_at=timezone.now(),
        previous_hash=last or "",
    )
    event.hash = _digest(event)
    event.save()
    return event


def audit_verify() -> list[int]:
    """Ids of events whose stored hash no longer matches their content or chain position."""
    broken: list[int] = []
    previous = ""
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.previous_hash != previous or _digest(event) != event.hash:
            broken.append(event.pk)
        previous = event.hash
    return broken
