"""Reading the audit trail of one partnership, in a fixed number of queries per page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import QuerySet

from .models import AuditEvent

if TYPE_CHECKING:  # the partnership is passed in; audit sits below partnerships
    from csphub.partnerships.models import Partnership


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def audit_events_of(
    partnership: Partnership, *, verb: str = "", object_type: str = ""
) -> QuerySet[AuditEvent]:
    """The partnership's events, newest first. Rows need no joins: who and what are stored."""
    events = AuditEvent.objects.filter(partnership=partnership)
    if verb:
        events = events.filter(verb=verb)
    if object_type:
        events = events.filter(object_type=object_type)
    return events.order_by("-created_at", "-id")


def audit_verbs_of(partnership: Partnership) -> list[str]:
    return list(
        AuditEvent.objects.filter(partnership=partnership)
        .order_by("verb")
        .values_list("verb", flat=True)
        .distinct()
    )


def audit_object_types_of(partnership: Partnership) -> list[str]:
    return list(
        AuditEvent.objects.filter(partnership=partnership)
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )


@cache
def object_type_label(object_type: str) -> str:
    """ "partnerships.body" -> "Body": the model's own name for itself, without a query."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def audit_changes(event: AuditEvent) -> list[Change]:
    """Before and after, field by field, in the order the fields were recorded."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    fields = list(dict.fromkeys([*before, *after]))
    return [
        Change(
            field=name.replace("_", " ").capitalize(),
            before=_text(before.get(name)) if name in before else "–",
            after=_text(after.get(name)) if name in after else "–",
        )
        for name in fields
    ]
