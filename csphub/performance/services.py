"""Writes to a partnership's performance data: indicators, observations (entered or
uploaded) and attaching the crime data pack to a meeting.

Services are keyword-only, check the actor may manage the partnership (the secretariat; an
analyst role does not exist yet) and write one audit event per logical change.

The pack is rendered to PDF as it stands when attached and stored as an ordinary paper
(through `meetings.services.paper_add`), so the agenda pack, the public meeting page and
the audit log treat it like any other report; attaching the same month's pack again to the
same item replaces the earlier copy rather than adding a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor, actor_user
from csphub.audit.services import audit_record, model_create, model_update, snapshot
from csphub.documents.render import render
from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Paper
from csphub.police.models import Area

from . import calculations as calc
from . import pack as packs
from . import pack_document
from .models import Indicator, Observation, ObservationComparator
from .pack_papers import PAPERS, PackNotReady, pack_title
from .uploads import parse_observations

INDICATOR_FIELDS = (
    "name",
    "number",
    "owner",
    "priority",
    "unit",
    "accumulates",
    "polarity",
    "period_type",
    "rating_basis",
    "annual_target",
    "tolerance_pct",
    "source",
    "crime_category",
    "area",
    "comparator",
    "comparator_area",
    "denominator",
    "age_band",
    "rate_per",
    "denominator_population",
    "denominator_note",
    "small_number_threshold",
    "notes",
)


@transaction.atomic
def indicator_create(*, actor: Actor, partnership, **fields: Any) -> Indicator:
    ensure_can_manage(actor, partnership)
    return model_create(
        actor=actor,
        model=Indicator,
        partnership=partnership,
        verb="indicator.create",
        fields=(*INDICATOR_FIELDS, "partnership_id"),
        partnership_id=partnership.pk,
        **fields,
    )


@transaction.atomic
def indicator_update(*, actor: Actor, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    ensure_can_manage(actor, indicator.partnership)
    return model_update(
        actor=actor,
        instance=indicator,
        data=data,
        fields=INDICATOR_FIELDS,
        partnership=indicator.partnership,
        verb="indicator.update",
    )


def _decimal(value) -> Decimal:
    """A Decimal from a number or text; floats go through their shortest repr (17.1, not
    17.10000000000000142...)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _check_period(period: dt.date) -> dt.date:
    if period.day != 1:
        period = period.replace(day=1)
    return period


def _put(
    *, actor, indicator, period, area, value, comparator_value, source_note, now
) -> tuple[Observation, dict | None]:
    """Create or replace one observation; returns it and its before-snapshot (None if new)."""
    existing = Observation.objects.filter(indicator=indicator, period=period, area=area).first()
    before = snapshot(existing) if existing is not None else None
    obs = existing or Observation(indicator=indicator, period=period, area=area)
    obs.value = _decimal(value)
    obs.comparator_value = None if comparator_value in (None, "") else _decimal(comparator_value)
    obs.source_note = source_note or ""
    obs.entered_by = actor_user(actor)
    obs.entered_at = now
    obs.full_clean(validate_constraints=False)
    obs.save()
    return obs, before


@transaction.atomic
def observation_record(
    *,
    actor: Actor,
    indicator: Indicator,
    period: dt.date,
    value: Decimal | int | float | str,
    area=None,
    comparator_value=None,
    source_note: str = "",
    further_comparators: Sequence[tuple[str, Decimal | int | float | str]] | None = None,
) -> Observation:
    """Record an indicator's value for a month (replacing any value already held for it).

    ``further_comparators`` are (name, value) pairs beyond the indicator's own comparator
    (England and Wales beside London); given, they replace those held for the month; None
    leaves them as they are."""
    ensure_can_manage(actor, indicator.partnership)
    obs, before = _put(
        actor=actor,
        indicator=indicator,
        period=_check_period(period),
        area=area,
        value=value,
        comparator_value=comparator_value,
        source_note=source_note,
        now=timezone.now(),
    )
    keep = ["period", "area", "value", "comparator_value", "source_note"]
    held = _further_of(obs)
    after = snapshot(obs, keep)
    if further_comparators is not None:
        after["further_comparators"] = _put_further(obs, further_comparators)
    audit_record(
        actor=actor,
        verb="observation.update" if before else "observation.create",
        obj=obs,
        partnership=indicator.partnership,
        before={**{k: before[k] for k in keep}, "further_comparators": held} if before else None,
        after=after,
    )
    return obs


def _further_of(obs: Observation) -> list[list[str]]:
    return [
        [name, str(value)]
        for name, value in obs.further_comparators.order_by("position", "name").values_list(
            "name", "value"
        )
    ]


def _put_further(
    obs: Observation, pairs: Sequence[tuple[str, Decimal | int | float | str]]
) -> list[list[str]]:
    """Replace the observation's further comparators; a blank or repeated name is refused."""
    rows = []
    seen: set[str] = set()
    for position, (name, value) in enumerate(pairs):
        label = (name or "").strip()
        if not label:
            raise ValidationError({"further_comparators": "Name every further comparator."})
        if label.casefold() in seen:
            raise ValidationError(
                {"further_comparators": f"The comparator {label!r} is given twice."}
            )
        seen.add(label.casefold())
        row = ObservationComparator(
            observation=obs, name=label, value=_decimal(value), position=position
        )
        row.full_clean(exclude=["observation"], validate_constraints=False)
        rows.append(row)
    obs.further_comparators.all().delete()
    ObservationComparator.objects.bulk_create(rows)
    return [[r.name, str(r.value)] for r in rows]


@dataclass
class UploadResult:
    rows: int
    created: int
    replaced: int
    indicators: int


@transaction.atomic
def observations_upload(*, actor: Actor, partnership, name: str, data: bytes) -> UploadResult:
    """Check the whole file, then write every row or none (raises UploadError listing why)."""
    ensure_can_manage(actor, partnership)
    rows = parse_observations(partnership=partnership, name=name, data=data)
    now = timezone.now()
    created = replaced = 0
    for row in rows:
        _, before = _put(
            actor=actor,
            indicator=row.indicator,
            period=row.period,
            area=row.area,
            value=row.value,
            comparator_value=row.comparator_value,
            source_note=f"Uploaded in {name}, row {row.row}"[:300],
            now=now,
        )
        if before is None:
            created += 1
        else:
            replaced += 1
    result = UploadResult(
        rows=len(rows),
        created=created,
        replaced=replaced,
        indicators=len({r.indicator.pk for r in rows}),
    )
    audit_record(
        actor=actor,
        verb="observation.upload",
        partnership=partnership,
        object_type="performance.observation",
        object_repr=f"Upload of {name}"[:300],
        after={"file": name, **result.__dict__},
        note=f"{result.rows} rows: {created} new, {replaced} replaced",
    )
    return result


@transaction.atomic
def pack_attach(
    *, actor: Actor, item: AgendaItem, area: Area, to: dt.date, paper: str = "a4"
) -> Paper:
    """Render the pack for ``area`` to ``to`` and attach it as a paper of ``item``."""
    partnership = item.meeting.body.partnership
    ensure_can_manage(actor, partnership)
    if paper not in PAPERS:
        raise ValueError(f"Unknown paper size {paper!r}: choose a4 or a3.")
    to = calc.month_start(to)
    built = packs.crime_pack(area, to, partnership=partnership)
    if not built.has_data:
        raise PackNotReady(
            f"There are no crime figures for {area.name} to {calc.month_label(to)}: import "
            "the police data for those months first."
        )
    content, _type, _ext = render(
        pack_document.pack_document(built, partnership=partnership), "pdf", paper=PAPERS[paper]
    )
    title = pack_title(area, to)
    replaced = list(item.papers.filter(title=title))
    for old in replaced:
        meeting_services.paper_delete(actor=actor, paper=old)
    suffix = "-a3" if paper == "a3" else ""
    name = f"{partnership.slug}-crime-pack-{calc.month_key(to)}{suffix}.pdf"
    attached = meeting_services.paper_add(
        actor=actor,
        item=item,
        title=title,
        file=ContentFile(content, name=name),
        author=partnership.name,
        date_filed=timezone.localdate(),
    )
    audit_record(
        actor=actor,
        verb="crime_pack.attach",
        obj=attached,
        partnership=partnership,
        after={
            "area": area.code,
            "to": calc.month_key(to),
            "paper": paper,
            "item": item.pk,
            "replaced": [p.pk for p in replaced],
        },
        note=f"{title} attached to the item “{item.title}” of {item.meeting}",
    )
    return attached
