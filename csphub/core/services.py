"""Helpers every app's services share: validated create/update with one audit event."""

from __future__ import annotations

from typing import Any

from django.db import models

from csphub.audit.services import audit_record, snapshot


def model_create(
    *, actor: Any, model: type[models.Model], partnership: Any, verb: str, **fields: Any
) -> models.Model:
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor, verb=verb, obj=instance, partnership=partnership, after=snapshot(instance)
    )
    return instance


def model_update(
    *,
    actor: Any,
    instance: models.Model,
    data: dict[str, Any],
    partnership: Any,
    verb: str,
    note: str = "",
) -> models.Model:
    """Apply `data`, validate, save and record before/after of the fields that changed.

    Returns the instance unchanged (and records nothing) when nothing actually changed, so
    re-submitting a form does not fill the audit trail with empty edits.
    """
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


def model_delete(*, actor: Any, instance: models.Model, partnership: Any, verb: str) -> None:
    before = snapshot(instance)
    audit_record(actor=actor, verb=verb, obj=instance, partnership=partnership, before=before)
    instance.delete()
