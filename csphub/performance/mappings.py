"""The category mapping table: publishers' crime labels to CSP Hub's categories.

Police open data is shared by every partnership, so the mapping is too: only a site
administrator (or a batch job) changes it, and every change is audited without a
partnership. A change applies to the next import; figures already imported keep the
categories they were counted under until their months are imported again, which the
pages say.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count

from csphub.accounts.permissions import ensure_site_admin
from csphub.audit.services import model_create, model_delete, model_update

from .models import CategoryMapping, CrimeCategory

FIELDS = (
    "source",
    "source_label",
    "source_sublabel",
    "category",
    "valid_from",
    "valid_to",
    "note",
)


MAPPING_FIELDS = (
    "source",
    "source_label",
    "source_sublabel",
    "category",
    "valid_from",
    "valid_to",
    "note",
)


def _check(data: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown mapping fields: {', '.join(sorted(unknown))}")
    for key in ("valid_from", "valid_to"):
        month = data.get(key)
        if isinstance(month, dt.date) and month.day != 1:
            raise ValidationError({key: "A mapping's months start on the 1st."})
    start, end = data.get("valid_from"), data.get("valid_to")
    if start and end and end < start:
        raise ValidationError({"valid_to": "The last month must not be before the first."})


@transaction.atomic
def mapping_create(*, actor: Any, **fields: Any) -> CategoryMapping:
    ensure_site_admin(actor)
    _check(fields)
    return model_create(
        actor=actor, model=CategoryMapping, partnership=None, verb="category_mapping.create",
        **fields,
    )  # fmt: skip


@transaction.atomic
def mapping_update(
    *, actor: Any, mapping: CategoryMapping, data: dict[str, Any]
) -> CategoryMapping:
    ensure_site_admin(actor)
    _check(data)
    return model_update(
        actor=actor, instance=mapping, data=data, fields=MAPPING_FIELDS, partnership=None,
        verb="category_mapping.update",
    )  # fmt: skip


@transaction.atomic
def mapping_delete(*, actor: Any, mapping: CategoryMapping) -> None:
    ensure_site_admin(actor)
    model_delete(actor=actor, instance=mapping, partnership=None, verb="category_mapping.delete")


# Reads ---------------------------------------------------------------------------------


def mappings_of(source: str = ""):
    found = CategoryMapping.objects.select_related("category", "category__parent")
    if source:
        found = found.filter(source=source)
    return found.order_by("source", "source_label", "source_sublabel", "valid_from")


def categories_with_counts():
    """The category tree in order, each with how many mappings lead to it."""
    return CrimeCategory.objects.select_related("parent").annotate(mapped=Count("mappings"))


def era(mapping: CategoryMapping) -> str:
    """When a mapping applies, in words: "From April 2017", "Until August 2011", "Always"."""
    from .calculations import month_label

    start, end = mapping.valid_from, mapping.valid_to
    if start and end:
        return f"{month_label(start)} to {month_label(end)}"
    if start:
        return f"From {month_label(start)}"
    if end:
        return f"Until {month_label(end)}"
    return "Always"
