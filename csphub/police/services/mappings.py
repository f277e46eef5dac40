"""Writes to the category mapping table: publishers' crime labels to CSP Hub's categories.

Police open data is shared by every partnership, so the mapping is too: only a site
administrator (or a batch job) changes it, and every change is audited without a
partnership. A change applies to the next import; figures already imported keep the
categories they were counted under until their months are imported again, which the
pages say.

This is the table's only write path: the /categories/ pages, `csphub category-mappings`
and the demo all come through these functions, so there is one permission check
(:func:`~csphub.accounts.permissions.ensure_site_admin`) and one set of checks on the months.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from csphub.accounts.permissions import ensure_site_admin
from csphub.audit.actors import Actor
from csphub.audit.services import model_create, model_delete, model_update

from ..models import CategoryMapping, CrimeCategory

FIELDS = (
    "source",
    "source_label",
    "source_sublabel",
    "category",
    "valid_from",
    "valid_to",
    "note",
)


def _check(data: dict[str, Any]) -> None:
    for key in ("valid_from", "valid_to"):
        month = data.get(key)
        if isinstance(month, dt.date) and month.day != 1:
            raise ValidationError({key: "A mapping's months start on the 1st."})
    start, end = data.get("valid_from"), data.get("valid_to")
    if start and end and end < start:
        raise ValidationError({"valid_to": "The last month must not be before the first."})


@transaction.atomic
def mapping_create(*, actor: Actor, **fields: Any) -> CategoryMapping:
    ensure_site_admin(actor)
    _check(fields)
    return model_create(
        actor=actor, model=CategoryMapping, partnership=None, verb="category_mapping.create",
        fields=FIELDS, **fields,
    )  # fmt: skip


@transaction.atomic
def mapping_update(
    *, actor: Actor, mapping: CategoryMapping, data: dict[str, Any]
) -> CategoryMapping:
    ensure_site_admin(actor)
    _check(data)
    return model_update(
        actor=actor, instance=mapping, data=data, fields=FIELDS, partnership=None,
        verb="category_mapping.update",
    )  # fmt: skip


@transaction.atomic
def mapping_delete(*, actor: Actor, mapping: CategoryMapping) -> None:
    ensure_site_admin(actor)
    model_delete(actor=actor, instance=mapping, partnership=None, verb="category_mapping.delete")


@transaction.atomic
def category_mapping_save(
    *,
    actor: Actor,
    source: str,
    source_label: str,
    category: CrimeCategory,
    source_sublabel: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    note: str = "",
) -> CategoryMapping:
    """Add a publisher's label to the mapping table, or re-point the one it already has.

    For callers that know a label but not whether it is mapped yet (a script adding a
    publisher's renamed categories): the same checks and permission as the pages, recorded
    under its own verb so the trail shows the change came from a bulk upsert.
    """
    ensure_site_admin(actor)
    data = {"category": category, "valid_to": valid_to, "note": note}
    key = {
        "source": source,
        "source_label": source_label,
        "source_sublabel": source_sublabel,
        "valid_from": valid_from,
    }
    _check(key | data)
    mapping = CategoryMapping.objects.filter(**key).first()
    if mapping is None:
        return model_create(
            actor=actor, model=CategoryMapping, partnership=None,
            verb="performance.category_mapping_save", fields=FIELDS, **key, **data,
        )  # fmt: skip
    return model_update(
        actor=actor, instance=mapping, data=data, fields=FIELDS, partnership=None,
        verb="performance.category_mapping_save",
    )  # fmt: skip
