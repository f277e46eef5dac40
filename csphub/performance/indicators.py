"""Indicators and their observations: the writes (services) and the reads (selectors).

Services are keyword-only, check the actor may manage the partnership (the secretariat; an
analyst role does not exist yet) and write one audit event per logical change. Selectors
build what the pages show in a fixed number of queries, whatever the number of indicators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.services import audit_record, snapshot
from csphub.core.services import model_create, model_update

from . import calculations as calc
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
    "small_number_threshold",
    "notes",
)

RAG_WORDS = {
    calc.GREEN: "Green",
    calc.AMBER: "Amber",
    calc.RED: "Red",
    calc.NO_RATING: "Not rated",
}


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


# Selectors ------------------------------------------------------------------------------


def indicators_of(partnership):
    return Indicator.objects.filter(partnership=partnership).select_related(
        "owner", "crime_category", "area", "comparator_area"
    )


def indicator_get(partnership, pk: int) -> Indicator:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(indicators_of(partnership), pk=pk)


def latest_period(partnership) -> dt.date | None:
    return Observation.objects.filter(
        indicator__partnership=partnership, area__isnull=True
    ).aggregate(m=Max("period"))["m"]


@dataclass
class IndicatorFigure:
    """An indicator's year-to-date position, as the list and the pack show it."""

    indicator: Indicator
    to: dt.date | None
    comparison: calc.Comparison | None = None
    target: float | None = None
    rag: str = calc.NO_RATING
    comparator_value: float | None = None
    months_present: int = 0
    months_expected: int = 0

    @property
    def has_data(self) -> bool:
        return self.comparison is not None

    @property
    def rag_text(self) -> str:
        if self.indicator.is_monitor:
            return "For monitoring"
        return RAG_WORDS[self.rag]

    @property
    def current(self) -> str:
        return _fmt(self.comparison.current) if self.comparison else "No data"

    @property
    def previous(self) -> str:
        return _fmt(self.comparison.previous) if self.comparison else ""

    @property
    def change(self) -> str:
        c = self.comparison
        if c is None:
            return ""
        text = ("+" if c.change > 0 else "") + _fmt(c.change)
        if c.change_pct is not None:
            text += f" ({'+' if c.change_pct > 0 else ''}{c.change_pct}%)"
        return text

    @property
    def small(self) -> bool:
        """True when a count is under the small-number threshold: don't over-read the change."""
        return bool(self.comparison and self.comparison.small)

    @property
    def comparator_text(self) -> str:
        return "" if self.comparator_value is None else _fmt(self.comparator_value)

    @property
    def target_text(self) -> str:
        return "" if self.target is None else _fmt(self.target)


def _fmt(value) -> str:
    return calc.format_number(float(value)) if value is not None else ""


def figure_for(
    indicator: Indicator, series: dict[dt.date, float], comparators, to
) -> IndicatorFigure:
    """FYTD (or latest value, for rates and percentages) against the same point last year."""
    fig = IndicatorFigure(indicator=indicator, to=to)
    if to is None:
        return fig
    months = calc.fytd_months(to)
    fig.months_expected = len(months)
    present = [m for m in months if m in series]
    fig.months_present = len(present)
    if not present:
        return fig
    small = indicator.small_number_threshold
    if indicator.accumulates:
        fig.comparison = calc.fytd(series, to, small_below=small)
        last = calc.same_months_last_year(months)
        has_previous = any(m in series for m in last)
        if indicator.annual_target is not None:
            fig.target = calc.pro_rata_to(float(indicator.annual_target), to)
        if comparators:
            fig.comparator_value = sum(comparators.get(m, 0) for m in months)
    else:
        latest = max(present)
        year_before = calc.add_months(latest, -12)
        has_previous = year_before in series
        fig.comparison = calc.compare(series[latest], series.get(year_before, 0), small_below=0)
        if indicator.annual_target is not None:
            fig.target = float(indicator.annual_target)
        fig.comparator_value = comparators.get(latest)
    tolerance = float(indicator.tolerance_pct)
    if fig.target is not None:
        fig.rag = calc.rag(indicator.polarity, fig.comparison.current, fig.target, tolerance)
    elif has_previous:
        fig.rag = calc.rag_against_previous(indicator.polarity, fig.comparison, tolerance)
    return fig


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def indicator_figures(partnership, to: dt.date | None = None) -> list[IndicatorFigure]:
    """Every indicator's figure to ``to`` (default: the latest month with data): 2 queries."""
    indicators = list(indicators_of(partnership))
    if to is None:
        to = latest_period(partnership)
    if to is None:
        return [IndicatorFigure(indicator=i, to=None) for i in indicators]
    to = calc.month_start(to)
    months = calc.fytd_months(to)
    window = set(months) | set(calc.same_months_last_year(months))
    window |= {calc.add_months(to, -n) for n in range(0, 24)}
    series: dict[int, dict[dt.date, float]] = {}
    comparators: dict[int, dict[dt.date, float]] = {}
    rows = Observation.objects.filter(
        indicator__partnership=partnership, area__isnull=True, period__in=sorted(window)
    ).values_list("indicator_id", "period", "value", "comparator_value")
    for indicator_id, period, value, comparator in rows:
        series.setdefault(indicator_id, {})[period] = _number(value)
        if comparator is not None:
            comparators.setdefault(indicator_id, {})[period] = _number(comparator)
    return [figure_for(i, series.get(i.pk, {}), comparators.get(i.pk, {}), to) for i in indicators]


@dataclass
class BodyGroup:
    body: Any
    figures: list[IndicatorFigure] = field(default_factory=list)


def figures_by_body(figures: list[IndicatorFigure]) -> list[BodyGroup]:
    groups: dict[int, BodyGroup] = {}
    for fig in figures:
        owner = fig.indicator.owner
        groups.setdefault(owner.pk, BodyGroup(body=owner)).figures.append(fig)
    return list(groups.values())


def observations_of(indicator: Indicator):
    return indicator.observations.select_related("area", "entered_by").order_by("-period", "area")


def validation_message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)
