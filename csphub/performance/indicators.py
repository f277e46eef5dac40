"""Indicators and their observations: the writes (services) and the reads (selectors).

Services are keyword-only, check the actor may manage the partnership (the secretariat; an
analyst role does not exist yet) and write one audit event per logical change. Selectors
build what the pages show in a fixed number of queries, whatever the number of indicators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.services import audit_record, snapshot
from csphub.core.services import model_create, model_update

from .figures import (  # noqa: F401 (the reads, still reached as `indicators.*`)
    RAG_WORDS,
    BodyGroup,
    IndicatorFigure,
    figure_for,
    figures_by_body,
    indicator_figure,
    indicator_figures,
    indicator_get,
    indicators_of,
    latest_period,
    observations_of,
    rate_basis,
)
from .models import Indicator, Observation
from .uploads import parse_observations

INDICATOR_FIELDS = (
    "name",
    "number",
    "owner",
    "priority",
    "unit",
    "accumulates",
    "polarity",
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


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


# Services -------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, actor: Any, partnership, **fields: Any) -> Indicator:
    ensure_can_manage(actor, partnership)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {', '.join(sorted(unknown))}")
    return model_create(
        actor=actor,
        model=Indicator,
        partnership=partnership,
        verb="indicator.create",
        partnership_id=partnership.pk,
        **fields,
    )


@transaction.atomic
def indicator_update(*, actor: Any, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    ensure_can_manage(actor, indicator.partnership)
    unknown = set(data) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {', '.join(sorted(unknown))}")
    return model_update(
        actor=actor,
        instance=indicator,
        data=data,
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
    obs.entered_by = _user(actor)
    obs.entered_at = now
    obs.full_clean(validate_constraints=False)
    obs.save()
    return obs, before


@transaction.atomic
def observation_record(
    *,
    actor: Any,
    indicator: Indicator,
    period: dt.date,
    value: Decimal | int | float | str,
    area=None,
    comparator_value=None,
    source_note: str = "",
) -> Observation:
    """Record an indicator's value for a month (replacing any value already held for it)."""
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
    audit_record(
        actor=actor,
        verb="observation.update" if before else "observation.create",
        obj=obs,
        partnership=indicator.partnership,
        before={k: before[k] for k in keep} if before else None,
        after=snapshot(obs, keep),
    )
    return obs


@dataclass
class UploadResult:
    rows: int
    created: int
    replaced: int
    indicators: int


@transaction.atomic
def observations_upload(*, actor: Any, partnership, name: str, data: bytes) -> UploadResult:
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


def validation_message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)
