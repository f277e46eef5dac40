"""An indicator's figures: the reads behind the indicator pages and the pack.

Every figure is worked out to the same month, the partnership's latest with data, so the
list, one indicator's page and the pack agree; the figure for one indicator reads only
what that indicator needs, so its page costs the same however many indicators there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Max

from csphub.accounts.permissions import Viewer
from csphub.accounts.visibility import anyone
from csphub.police import provenance, selectors
from csphub.police.models import Area, AreaPopulation

from . import calculations as calc
from .models import Indicator, Observation, ObservationComparator

RAG_WORDS = {
    calc.GREEN: "Green",
    calc.AMBER: "Amber",
    calc.RED: "Red",
    calc.NO_RATING: "Not rated",
}


def indicators_of(partnership, viewer: Viewer | None = None):
    """The partnership's indicators the viewer may read (no viewer: as the public does)."""
    return (
        Indicator.objects.visible_to(viewer or anyone())
        .filter(partnership=partnership)
        .select_related("owner", "crime_category", "area", "comparator_area")
    )


def indicator_get(partnership, pk: int, viewer: Viewer | None = None) -> Indicator:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(indicators_of(partnership, viewer), pk=pk)


def latest_period(partnership, area=None) -> dt.date | None:
    """The latest month with a value: an observation, or (for police-sourced indicators)
    a crime count of their area."""
    latest = Observation.objects.filter(
        indicator__partnership=partnership, area__isnull=True
    ).aggregate(m=Max("period"))["m"]
    police = Indicator.objects.filter(partnership=partnership, source=Indicator.Source.POLICE)
    areas = {pk for pk in police.values_list("area_id", flat=True) if pk}
    if area is not None and police.filter(area__isnull=True).exists():
        areas.add(area.pk)
    if areas:
        crime = selectors.latest_of(areas)
        latest = max(filter(None, [latest, crime]), default=None)
    return latest


@dataclass
class IndicatorFigure:
    """An indicator's year-to-date position, as the list and the pack show it."""

    indicator: Indicator
    to: dt.date | None
    comparison: calc.Comparison | None = None
    target: float | None = None
    rag: str = calc.NO_RATING
    comparator_value: float | None = None
    comparator_change_pct: float | None = None
    months_present: int = 0
    months_expected: int = 0
    rate: float | None = None
    population: int | None = None
    population_note: str = ""
    area_name: str = ""
    latest_value: float | None = None
    latest_period: dt.date | None = None
    """An indicator entered by hand with no value for the chosen months: its latest value
    up to then (and its month), shown instead of a bare "No data"."""
    further: list[tuple[str, float]] = field(default_factory=list)
    """Comparators beyond the indicator's own, by name (England and Wales, say)."""
    period_end: dt.date | None = None
    """For a rolling 12 months indicator: the month its latest value runs to."""

    @property
    def period_text(self) -> str:
        """ "12 months to June 2017" for a rolling indicator's latest value; else empty."""
        if self.period_end is None:
            return ""
        return f"12 months to {calc.month_label(self.period_end)}"

    @property
    def comparators(self) -> list[tuple[str, str]]:
        """Every comparator with a figure, as (name, figure): the indicator's own first."""
        out = []
        own = self.comparator_text
        if own:
            label = self.indicator.comparator or (
                self.indicator.comparator_area.name if self.indicator.comparator_area else ""
            )
            out.append((label, own))
        return out + self.further_texts

    @property
    def further_texts(self) -> list[tuple[str, str]]:
        """The further comparators as (name, figure): ("England and Wales", "24.8%")."""
        return [(name, _fmt(value) + self._pct) for name, value in self.further]

    @property
    def comparators_text(self) -> str:
        """ "London 24.9%; England and Wales 24.8%" (names and figures)."""
        return "; ".join(f"{name} {figure}".strip() for name, figure in self.comparators)

    @property
    def has_data(self) -> bool:
        return self.comparison is not None

    @property
    def rag_text(self) -> str:
        if self.indicator.is_monitor:
            return "For monitoring"
        return RAG_WORDS[self.rag]

    @property
    def rag_word(self) -> str:
        return self.rag_text

    @property
    def polarity(self) -> str:
        return self.indicator.polarity

    @property
    def current(self) -> str:
        return _fmt(self.comparison.current) if self.comparison else "No data"

    @property
    def latest_text(self) -> str:
        """ "163 in July 2017": the latest value of an indicator with none this period."""
        if self.comparison is not None or self.latest_period is None:
            return ""
        return f"{_fmt(self.latest_value)}{self._pct} in {calc.month_label(self.latest_period)}"

    @property
    def previous(self) -> str:
        """Last year's figure; "No data" when there is none (never 0: a missing value is not
        a value)."""
        if self.comparison is None:
            return ""
        return _fmt(self.comparison.previous) if self.has_previous else "No data"

    @property
    def change(self) -> str:
        """The change on last year; "–" when there is no figure to compare with."""
        c = self.comparison
        if c is None:
            return ""
        if not self.has_previous:
            return "–"
        text = ("+" if c.change > 0 else "") + _fmt(c.change)
        if c.change_pct is not None:
            text += f" ({'+' if c.change_pct > 0 else ''}{c.change_pct}%)"
        return text

    @property
    def small(self) -> bool:
        """True when a count is under the small-number threshold: don't over-read the change
        (and the figure is not RAG rated)."""
        return bool(self.comparison and self.comparison.small)

    @property
    def comparator_text(self) -> str:
        """The comparator's figure: its % change for counts ("Up 7.0%"), else its value."""
        if self.comparator_change_pct is not None:
            pct = self.comparator_change_pct
            word = "Up" if pct > 0 else ("Down" if pct < 0 else "Unchanged")
            return word + ("" if pct == 0 else f" {abs(pct):.1f}%")
        return "" if self.comparator_value is None else _fmt(self.comparator_value) + self._pct

    @property
    def target_text(self) -> str:
        return "" if self.target is None else _fmt(self.target) + self._pct

    @property
    def rate_text(self) -> str:
        """ "654 per 100,000 10-17 year olds"; empty without a rate."""
        if self.rate is None:
            return ""
        places = 0 if self.indicator.rate_per >= 100000 else 1
        return f"{self.rate:,.{places}f} {rate_basis(self.indicator)}"

    @property
    def _pct(self) -> str:
        return "%" if self.indicator.unit.strip() == "%" else ""

    @property
    def performance(self) -> str:
        """The figure as the seed's Performance column writes it: "517, up 27.6% (up 112
        offences)"; "25.3%"; "In development" when nothing has ever been recorded."""
        c = self.comparison
        if c is None:
            if self.latest_text:
                return f"No data for this period; latest {self.latest_text}"
            return "No data for this period" if self.months_expected else "No data"
        unit = self.indicator.unit.strip() or "offences"
        if self._pct:
            text = f"{_fmt(c.current)}%"
            if self.has_previous:
                text += f" ({_fmt(c.previous)}% a year before)"
            return text + self._period_suffix
        text = _fmt(c.current)
        if self.has_previous:
            text += ", " + calc.change_phrase(c, unit)
        else:
            text += f" {unit}"
        return text + self._period_suffix

    @property
    def _period_suffix(self) -> str:
        return f", {self.period_text}" if self.period_text else ""

    @property
    def has_previous(self) -> bool:
        return self.comparison is not None and self._has_previous

    _has_previous: bool = False

    @property
    def sentence(self) -> str:
        """A sentence for the executive summary lists."""
        name = self.indicator.name
        c = self.comparison
        if c is None:
            if self.latest_text:
                return f"{name}: no data for this period (latest {self.latest_text})"
            return f"{name}: no data"
        unit = self.indicator.unit.strip() or "offences"
        if self._pct:
            text = f"{name} is {_fmt(c.current)}%"
            details = []
            if self.has_previous:
                details.append(f"{_fmt(c.previous)}% a year before")
            if self.target is not None:
                details.append(f"target {self.target_text}")
            if self.indicator.rating_basis == Indicator.RatingBasis.COMPARATOR:
                details += [f"{n} {figure}".strip() for n, figure in self.comparators]
            if details:
                text += f" ({'; '.join(details)})"
        elif self.has_previous:
            text = calc.describe_change(name, c, unit)
        else:
            text = f"{name}: {_fmt(c.current)} {unit}"
        if self.period_text:
            text += f", {self.period_text}"
            if self.has_previous:
                text += " against the 12 months before"
        if self.rate is not None:
            text += f", a rate of {self.rate_text}"
        return text


def rate_basis(indicator: Indicator) -> str:
    per = "per 1,000" if indicator.rate_per == 1000 else "per 100,000"
    if indicator.denominator == Indicator.Denominator.AGE_BAND:
        return f"{per} {indicator.age_band} year olds"
    return f"{per} residents"


def _fmt(value) -> str:
    return calc.format_number(float(value)) if value is not None else ""


def figure_for(
    indicator: Indicator,
    series: dict[dt.date, float],
    comparators,
    to,
    further: dict[dt.date, list[tuple[str, float]]] | None = None,
) -> IndicatorFigure:
    """FYTD (or latest value, for rates and percentages; or the latest rolling 12 months)
    against the same point last year, rated against its target, last year or its
    comparators (``further`` holds the comparators beyond the indicator's own, by month)."""
    fig = IndicatorFigure(indicator=indicator, to=to)
    if to is None:
        return fig
    further = further or {}
    if indicator.is_rolling:
        return _rolling_figure(fig, series, comparators, to, further)
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
        fig.further = _summed(further, months)
    else:
        latest = max(present)
        year_before = calc.add_months(latest, -12)
        has_previous = year_before in series
        fig.comparison = calc.compare(series[latest], series.get(year_before, 0), small_below=0)
        if indicator.annual_target is not None:
            fig.target = float(indicator.annual_target)
        fig.comparator_value = comparators.get(latest)
        fig.further = list(further.get(latest, []))
    if not has_previous and fig.comparison.small:
        # last year's 0 is a missing value, not a small count: only this year's can be small
        fig.comparison = replace(
            fig.comparison, small=bool(small) and abs(fig.comparison.current) < small
        )
    fig._has_previous = has_previous
    _rate(fig, has_previous)
    return fig


def _rate(fig: IndicatorFigure, has_previous: bool) -> None:
    """The figure's rating: against its comparators when the indicator is judged against
    an average, else against its target or last year (:func:`calc.rate_figure`)."""
    indicator = fig.indicator
    tolerance = float(indicator.tolerance_pct)
    if indicator.rating_basis == Indicator.RatingBasis.COMPARATOR:
        if fig.comparison is None or fig.comparison.small:
            fig.rag = calc.NO_RATING
            return
        values = [fig.comparator_value, *(v for _, v in fig.further)]
        fig.rag = calc.rag_against_comparators(
            indicator.polarity, fig.comparison.current, values, tolerance
        )
        return
    fig.rag = calc.rate_figure(
        indicator.polarity, fig.comparison, fig.target, tolerance, has_previous=has_previous
    )


def _summed(
    further: dict[dt.date, list[tuple[str, float]]], months: list[dt.date]
) -> list[tuple[str, float]]:
    """Further comparators of a count, added up over ``months`` like the indicator's own."""
    totals: dict[str, float] = {}
    for month in months:
        for name, value in further.get(month, []):
            totals[name] = totals.get(name, 0) + value
    return list(totals.items())


def _rolling_figure(
    fig: IndicatorFigure,
    series: dict[dt.date, float],
    comparators,
    to: dt.date,
    further: dict[dt.date, list[tuple[str, float]]],
) -> IndicatorFigure:
    """A rolling 12 months indicator: its latest value in the year to ``to`` (hate crime is
    published a month behind: the pack to July 2017 shows the 12 months to June) against
    the 12 months to the same month a year before."""
    indicator = fig.indicator
    fig.months_expected = 1
    recent = [m for m in series if calc.add_months(to, -11) <= m <= to]
    if not recent:
        return fig
    latest = max(recent)
    year_before = calc.add_months(latest, -12)
    has_previous = year_before in series
    fig.months_present = 1
    fig.period_end = latest
    small = indicator.small_number_threshold
    fig.comparison = calc.compare(series[latest], series.get(year_before, 0), small_below=small)
    if not has_previous and fig.comparison.small:
        fig.comparison = replace(
            fig.comparison, small=bool(small) and abs(fig.comparison.current) < small
        )
    if indicator.annual_target is not None:
        fig.target = float(indicator.annual_target)
    fig.comparator_value = comparators.get(latest)
    if fig.comparator_value is not None and comparators.get(year_before) is not None:
        theirs = calc.compare(fig.comparator_value, comparators[year_before], small_below=0)
        fig.comparator_change_pct = theirs.change_pct
    fig.further = list(further.get(latest, []))
    fig._has_previous = has_previous
    _rate(fig, has_previous)
    return fig


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def _window(to: dt.date) -> list[dt.date]:
    months = calc.fytd_months(to)
    window = set(months) | set(calc.same_months_last_year(months))
    window |= {calc.add_months(to, -n) for n in range(0, 24)}
    return sorted(window)


def _police_series(
    indicators: list[Indicator], area_of, months: list[dt.date]
) -> tuple[dict[int, dict[dt.date, int]], dict[int, dict[dt.date, int]]]:
    """Crime counts for police-sourced indicators and for their comparator areas, by
    indicator: a few queries per distinct area, however many indicators share it."""

    wanted: dict[int, tuple[Area, set[str]]] = {}
    for indicator in indicators:
        if indicator.source != Indicator.Source.POLICE or indicator.crime_category is None:
            continue
        for area in (area_of(indicator), indicator.comparator_area):
            if area is not None:
                wanted.setdefault(area.pk, (area, set()))[1].add(indicator.crime_category.slug)
    by_area: dict[int, dict[str, dict[dt.date, int]]] = {}
    for pk, (area, slugs) in wanted.items():
        family = selectors.family_for(area, months)
        if family is not None:
            by_area[pk] = selectors.category_series(
                area=area, family=family, months=months, names=sorted(slugs)
            )
    own: dict[int, dict[dt.date, int]] = {}
    theirs: dict[int, dict[dt.date, int]] = {}
    for indicator in indicators:
        if indicator.source != Indicator.Source.POLICE or indicator.crime_category is None:
            continue
        slug = indicator.crime_category.slug
        area = area_of(indicator)
        if area is not None and area.pk in by_area:
            own[indicator.pk] = by_area[area.pk].get(slug, {})
        comparator = indicator.comparator_area
        if comparator is not None and comparator.pk in by_area:
            theirs[indicator.pk] = by_area[comparator.pk].get(slug, {})
    return own, theirs


def _add_rates(figures: list[IndicatorFigure], area_of, to: dt.date) -> None:
    """Rates for indicators with a denominator: the figure shown per 1,000 (or 100,000) of
    the population, from the indicator's own population figure or the imported ONS
    estimate nearest the financial year; one query per distinct area and age band."""

    found: dict[tuple[int, str], AreaPopulation | None] = {}
    year = provenance.population_year_for(to)
    for fig in figures:
        indicator = fig.indicator
        if indicator.denominator == Indicator.Denominator.NONE or fig.comparison is None:
            continue
        if indicator.denominator_population:
            fig.population = indicator.denominator_population
            fig.population_note = indicator.denominator_note
        else:
            area = area_of(indicator)
            band = (
                indicator.age_band.strip()
                if indicator.denominator == Indicator.Denominator.AGE_BAND
                else AreaPopulation.ALL_AGES
            )
            if area is None:
                continue
            key = (area.pk, band)
            if key not in found:
                found[key] = selectors.population(area, year, band)
            estimate = found[key]
            if estimate is None:
                continue
            fig.population = estimate.count
            age = "all ages" if band == AreaPopulation.ALL_AGES else f"aged {band}"
            nearest = "" if estimate.year == year else f" (nearest available to mid-{year})"
            fig.population_note = f"ONS mid-{estimate.year} estimate{nearest}, {area.name}, {age}"
        fig.rate = calc.rate_per(fig.comparison.current, fig.population, indicator.rate_per)


def indicator_figures(
    partnership, to: dt.date | None = None, *, area: Area | None = None
) -> list[IndicatorFigure]:
    """Every indicator's figure to ``to`` (default: the latest month with data).

    Manual and uploaded indicators read their observations (one query); police-sourced ones
    read the imported crime counts of their area (the partnership's area, ``area``, unless
    the indicator names one) and of their comparator area. The number of queries depends
    on the number of areas, not of indicators.
    """

    indicators = list(indicators_of(partnership))
    police = [i for i in indicators if i.source == Indicator.Source.POLICE]
    if area is None and any(i.area_id is None for i in police):
        area = selectors.area_for_partnership(partnership)
    if to is None:
        to = latest_period(partnership, area)
    return _figures(partnership, indicators, to, area)


def indicator_figure(partnership, indicator: Indicator, to: dt.date | None = None):
    """One indicator's figure, exactly as `indicator_figures` gives it, reading only what
    this indicator needs: its own observations, or the crime counts of its own areas.

    The partnership's area (the default for indicators naming none, and the month default)
    is looked up on the same condition as for the whole list, so the two always agree."""

    area = None
    police = indicators_of(partnership).filter(source=Indicator.Source.POLICE)
    if police.filter(area__isnull=True).exists():
        area = selectors.area_for_partnership(partnership)
    if to is None:
        to = latest_period(partnership, area)
    return _figures(partnership, [indicator], to, area)[0]


def _figures(
    partnership, indicators: list[Indicator], to: dt.date | None, area: Area | None
) -> list[IndicatorFigure]:
    if to is None:
        return [IndicatorFigure(indicator=i, to=None) for i in indicators]
    to = calc.month_start(to)

    def area_of(indicator: Indicator) -> Area | None:
        return indicator.area or area

    window = _window(to)
    series, comparators = _observed(partnership, indicators, window)
    further = _further(partnership, indicators, window)
    police = [i for i in indicators if i.source == Indicator.Source.POLICE]
    crime, crime_comparators = _police_series(police, area_of, window) if police else ({}, {})
    figures = []
    for indicator in indicators:
        if indicator.pk in crime:
            fig = figure_for(indicator, crime[indicator.pk], {}, to)
            theirs = crime_comparators.get(indicator.pk)
            if theirs and fig.has_data:
                comparison = calc.fytd(theirs, to)
                fig.comparator_value = comparison.current
                fig.comparator_change_pct = comparison.change_pct
        else:
            fig = figure_for(
                indicator,
                series.get(indicator.pk, {}),
                comparators.get(indicator.pk, {}),
                to,
                further.get(indicator.pk),
            )
        shown = area_of(indicator)
        fig.area_name = shown.name if shown else ""
        figures.append(fig)
    _add_rates(figures, area_of, to)
    _add_latest(partnership, [f for f in figures if f.comparison is None], to)
    return figures


def _add_latest(partnership, figures: list[IndicatorFigure], to: dt.date) -> None:
    """Each figure's latest value up to ``to``, for indicators entered by hand (or uploaded)
    that have none in the chosen months: two queries, however many indicators."""
    wanted = {f.indicator.pk: f for f in figures if f.indicator.source != Indicator.Source.POLICE}
    if not wanted:
        return
    rows = Observation.objects.filter(
        indicator__partnership=partnership,
        indicator__in=list(wanted),
        area__isnull=True,
        period__lte=to,
    )
    latest = dict(
        rows.values("indicator_id").annotate(m=Max("period")).values_list("indicator_id", "m")
    )
    if not latest:
        return
    keys = list(latest.items())
    values = Observation.objects.filter(
        indicator__partnership=partnership,
        area__isnull=True,
        indicator__in=[pk for pk, _ in keys],
        period__in={month for _, month in keys},
    ).values_list("indicator_id", "period", "value")
    for pk, period, value in values:
        if latest.get(pk) == period:
            wanted[pk].latest_value = _number(value)
            wanted[pk].latest_period = period


def _further(
    partnership, indicators: list[Indicator], window: list[dt.date]
) -> dict[int, dict[dt.date, list[tuple[str, float]]]]:
    """Further comparators by indicator and month, in their order: one query."""
    out: dict[int, dict[dt.date, list[tuple[str, float]]]] = {}
    rows = ObservationComparator.objects.filter(
        observation__indicator__partnership=partnership,
        observation__indicator__in=[i.pk for i in indicators],
        observation__area__isnull=True,
        observation__period__in=window,
    ).order_by("observation__period", "position", "name")
    for indicator_id, period, name, value in rows.values_list(
        "observation__indicator_id", "observation__period", "name", "value"
    ):
        out.setdefault(indicator_id, {}).setdefault(period, []).append((name, _number(value)))
    return out


def _observed(
    partnership, indicators: list[Indicator], window: list[dt.date]
) -> tuple[dict[int, dict[dt.date, float]], dict[int, dict[dt.date, float]]]:
    """Observed values and comparator values by indicator and month: one query."""
    series: dict[int, dict[dt.date, float]] = {}
    comparators: dict[int, dict[dt.date, float]] = {}
    rows = Observation.objects.filter(
        indicator__partnership=partnership,
        indicator__in=[i.pk for i in indicators],
        area__isnull=True,
        period__in=window,
    )
    for indicator_id, period, value, comparator in rows.values_list(
        "indicator_id", "period", "value", "comparator_value"
    ):
        series.setdefault(indicator_id, {})[period] = _number(value)
        if comparator is not None:
            comparators.setdefault(indicator_id, {})[period] = _number(comparator)
    return series, comparators


@dataclass
class BodyGroup:
    body: Any
    figures: list[IndicatorFigure] = field(default_factory=list)


def figures_by_body(figures: list[IndicatorFigure]) -> list[BodyGroup]:
    """Figures grouped by owning body, in the report's order: bodies by their first
    indicator's number (then name), indicators by number within a body."""
    groups: dict[int, BodyGroup] = {}
    for fig in figures:
        owner = fig.indicator.owner
        groups.setdefault(owner.pk, BodyGroup(body=owner)).figures.append(fig)

    def order(fig: IndicatorFigure) -> tuple:
        number = fig.indicator.number
        return (number is None, number or 0, fig.indicator.name)

    for group in groups.values():
        group.figures.sort(key=order)
    return sorted(groups.values(), key=lambda g: (order(g.figures[0]), g.body.name))


def observations_of(indicator: Indicator, viewer: Viewer | None = None):
    return (
        indicator.observations.visible_to(viewer or anyone())
        .select_related("area", "entered_by")
        .order_by("-period", "area")
    )
