"""The crime data pack: an area's police-recorded crime for the financial year to date.

`crime_pack` gathers every number the pack shows (from `selectors.crime_summary`, one series
query for the trend charts, `selectors.hotspots` and the comparator area's summary) into a
`PackData`; `pack_document.pack_document` lays it out as a `Document` for the HTML, PDF and
DOCX renderers, and `pack_document.pack_csv` writes every number shown. The page renders the
same `PackData`.

Crime is "lower is better": a category is rated against the same months last year with
`calculations.rag_against_previous`. Categories where a rise can be good news (more
reporting, more proactive policing) are "for monitoring" and never rated; the list is a
parameter. The sections are a list, so indicator sections can be appended later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from csphub.police import selectors
from csphub.police.models import Area
from csphub.police.selectors import area_for_partnership

from . import calculations as calc
from . import charts, pack_text
from . import figures as ind
from .pack_text import RAG_LABELS, rag_text

__all__ = ["area_for_partnership", "crime_pack"]

DEFAULT_MONITOR: tuple[str, ...] = ("other-crime", "drugs", "nfib-fraud")
"""Categories for monitoring, not RAG rated: "Other crime" is a catch-all; a rise in drug
offences usually means more proactive policing; NFIB fraud is counted elsewhere."""

CHARTED = 6
"""How many categories get a trend chart (all crime, then the largest)."""
HOTSPOTS = 10


@dataclass
class PackRow:
    category: str
    slug: str
    polarity: str
    comparison: calc.Comparison
    rolling_12: int
    rate_per_1000: float | None
    rag: str
    sentence: str
    comparator_fytd: int | None = None
    comparator_change_pct: float | None = None
    share_pct: float | None = None

    @property
    def rag_text(self) -> str:
        return rag_text(self.rag)

    @property
    def rag_word(self) -> str:
        """The word alone, for the page's tag (its CSS adds the symbol)."""
        return RAG_LABELS[self.rag][1]

    @property
    def is_total(self) -> bool:
        return self.slug == "all-crime"


@dataclass
class TrendChart:
    slug: str
    category: str
    chart: charts.Chart


@dataclass(frozen=True)
class RatedLine:
    """One line of the good performance / improvement / monitoring lists."""

    rag: str
    sentence: str

    @property
    def rag_text(self) -> str:
        return rag_text(self.rag)

    @property
    def rag_word(self) -> str:
        return RAG_LABELS[self.rag][1]


@dataclass
class PackData:
    area: Area
    to: dt.date
    summary: dict
    rows: list[PackRow]
    comparator: Area | None
    charts: list[TrendChart]
    hotspots: dict
    months_missing: list[str] = field(default_factory=list)
    indicator_groups: list[ind.BodyGroup] = field(default_factory=list)
    has_month: bool = True
    """Any police count for the area in the pack's own month."""

    @property
    def title(self) -> str:
        return f"Crime data pack: {self.area.name}"

    @property
    def period(self) -> str:
        return (
            f"{self.summary['fytd_period']} ({self.summary['financial_year']} to date) "
            f"against {self.summary['previous_period']}"
        )

    @property
    def has_data(self) -> bool:
        """Police figures have been loaded for the pack's own month (a pack for a month
        beyond the data says so rather than showing a page of zeros)."""
        return self.summary["source"] is not None and self.has_month

    @property
    def categories(self) -> list[PackRow]:
        return [r for r in self.rows if not r.is_total]

    @property
    def total(self) -> PackRow | None:
        return next((r for r in self.rows if r.is_total), None)

    @property
    def good(self) -> list[PackRow]:
        return [r for r in self.categories if r.rag == calc.GREEN]

    @property
    def improve(self) -> list[PackRow]:
        return sorted(
            (r for r in self.categories if r.rag in (calc.RED, calc.AMBER)),
            key=lambda r: (r.rag != calc.RED, -r.comparison.change),
        )

    @property
    def monitor(self) -> list[PackRow]:
        return [r for r in self.categories if r.polarity == calc.MONITOR]

    @property
    def indicators(self) -> list[ind.IndicatorFigure]:
        return [f for group in self.indicator_groups for f in group.figures]

    @property
    def by_indicator(self) -> bool:
        """True when the lists come from the partnership's indicators (as the Performance
        Call Over does), rather than from the crime categories."""
        return any(f.has_data for f in self.indicators)

    @property
    def good_lines(self) -> list[RatedLine]:
        if self.by_indicator:
            return [
                RatedLine(f.rag, f.sentence)
                for f in self.indicators
                if f.has_data and not f.indicator.is_monitor and f.rag == calc.GREEN
            ]
        return [RatedLine(r.rag, r.sentence) for r in self.good]

    @property
    def improve_lines(self) -> list[RatedLine]:
        if self.by_indicator:
            rated = [
                f
                for f in self.indicators
                if f.has_data and not f.indicator.is_monitor and f.rag in (calc.RED, calc.AMBER)
            ]
            rated.sort(key=lambda f: f.rag != calc.RED)
            return [RatedLine(f.rag, f.sentence) for f in rated]
        return [RatedLine(r.rag, r.sentence) for r in self.improve]

    @property
    def monitor_lines(self) -> list[str]:
        if self.by_indicator:
            return [f.sentence for f in self.indicators if f.has_data and f.indicator.is_monitor]
        return [r.sentence for r in self.monitor]

    @property
    def list_source(self) -> str:
        return "indicator" if self.by_indicator else "category"

    @property
    def indicator_sections(self) -> list[dict]:
        """Per sub-group tables for the page: the body and its rows of cells."""
        return [
            {"body": group.body, "rows": [pack_text.indicator_cells(f) for f in group.figures]}
            for group in self.indicator_groups
        ]

    @property
    def executive_summary(self) -> list[str]:
        return executive_summary(self)

    @property
    def notes(self) -> str:
        return pack_text.notes(self)

    @property
    def table_header(self) -> list[str]:
        return pack_text.table_header(self)

    @property
    def table_rows(self) -> list[dict]:
        return [
            {
                "row": r,
                "numbers": pack_text.row_numbers(self, r),
                "monitor": r.polarity == calc.MONITOR,
            }
            for r in self.rows
        ]

    def hotspot_rows(self, key: str) -> list[dict]:
        return [
            {"entry": e, "numbers": pack_text.hotspot_numbers(e)}
            for e in self.hotspots.get(key) or []
        ]

    @property
    def hotspots_most(self) -> list[dict]:
        return self.hotspot_rows("most")

    @property
    def hotspots_rises(self) -> list[dict]:
        return self.hotspot_rows("rises")

    @property
    def source_text(self) -> str:
        """ "Metropolitan Police Service, London Datastore, borough level, published January
        2019; figures are revised after publication": from the import the figures came from."""
        source = self.summary.get("source")
        return source["text"] if source else ""

    @property
    def population_text(self) -> str:
        return self.summary.get("population_text") or ""

    @property
    def boundaries_text(self) -> str:
        return self.hotspots.get("boundaries") or ""

    @property
    def indicator_population_notes(self) -> list[str]:
        """Where each indicator rate's population comes from, once each."""
        seen: dict[str, None] = {}
        for f in self.indicators:
            if f.rate is not None and f.population_note:
                seen.setdefault(f"{f.indicator.name}: {f.population_note}.", None)
        return list(seen)

    @property
    def about_lines(self) -> list[str]:
        """What the figures rest on, as every format of the pack states it: the police
        source and its vintage, the population estimate, the ward boundaries."""
        lines = []
        if self.source_text:
            lines.append(f"Police figures: {self.source_text}.")
        if self.population_text:
            lines.append(self.population_text)
        if self.boundaries_text:
            lines.append(self.boundaries_text)
        lines += [f"Indicator rate, {note}" for note in self.indicator_population_notes]
        return lines

    @property
    def hotspot_level(self) -> str:
        return {"ward": "Ward", "lsoa": "LSOA"}.get(self.hotspots.get("level") or "", "Area")


def latest_month(area: Area) -> dt.date | None:
    """The last month with any crime count for ``area``."""
    return selectors.month_range(area)[1]


def crime_pack(
    area: Area,
    to_month: dt.date,
    *,
    polarity_map: Mapping[str, str] | None = None,
    monitor: Iterable[str] | None = None,
    comparator: Area | None = None,
    charted: int = CHARTED,
    partnership=None,
) -> PackData:
    """Every number of the pack for ``area`` to ``to_month`` (financial year to date).

    ``monitor`` lists category slugs not RAG rated (default :data:`DEFAULT_MONITOR`);
    ``polarity_map`` (slug -> polarity) overrides any category's polarity. The comparator is
    the area's parent (the force; London for an MPS borough) unless given. With a
    ``partnership``, its indicators are added, grouped by owning body (sub-group), and the
    good / improvement / monitoring lists are written from them.
    """
    to = calc.month_start(to_month)
    monitored = set(DEFAULT_MONITOR if monitor is None else monitor)
    polarities = dict(polarity_map or {})
    summary = selectors.crime_summary(area=area, to=to)
    if comparator is None and area.parent_id:
        comparator = Area.objects.get(pk=area.parent_id)
    slugs = [r["slug"] for r in summary["categories"]]
    by_comparator = {}
    if comparator is not None and slugs:
        other = selectors.crime_summary(area=comparator, to=to, categories=slugs)
        if other["source"] is not None:
            by_comparator = {r["slug"]: r for r in other["categories"]}
        else:
            comparator = None
    rows = []
    for r in summary["categories"]:
        polarity = polarities.get(
            r["slug"], calc.MONITOR if r["slug"] in monitored else calc.LOWER_IS_BETTER
        )
        comparison = calc.Comparison(
            r["fytd"], r["fytd_previous"], r["change"], r["change_pct"], r["small"]
        )
        theirs = by_comparator.get(r["slug"])
        rows.append(
            PackRow(
                category=r["category"],
                slug=r["slug"],
                polarity=polarity,
                comparison=comparison,
                rolling_12=r["rolling_12"],
                rate_per_1000=r["rate_per_1000"],
                rag=calc.rate_figure(polarity, comparison),
                sentence=calc.describe_change(r["category"], comparison),
                comparator_fytd=theirs["fytd"] if theirs else None,
                comparator_change_pct=theirs["change_pct"] if theirs else None,
                share_pct=calc.share_pct(r["fytd"], theirs["fytd"]) if theirs else None,
            )
        )
    trend = _charts(area, to, summary, rows, charted)
    spots = selectors.hotspots(area=area, to=to, limit=HOTSPOTS) if rows else {"most": []}
    groups = []
    if partnership is not None:
        groups = ind.figures_by_body(ind.indicator_figures(partnership, to, area=area))
    return PackData(
        area=area,
        to=to,
        summary=summary,
        rows=rows,
        comparator=comparator,
        charts=trend,
        hotspots=spots,
        months_missing=summary["months_missing"] if summary["source"] else [],
        indicator_groups=groups,
        has_month=bool(selectors.source_ids(area, [to])),
    )


def _charts(
    area: Area, to: dt.date, summary: dict, rows: list[PackRow], charted: int
) -> list[TrendChart]:
    """Trend charts, the twelve months to ``to`` against the twelve before, for all crime
    and the largest categories, from one query."""
    if not rows or summary["source"] is None:
        return []
    total = [r for r in rows if r.is_total]
    largest = sorted((r for r in rows if not r.is_total), key=lambda r: -r.rolling_12)
    chosen = (total + largest)[:charted]
    start = calc.add_months(to, -23)
    months = calc.months_between(start, to)
    series = selectors.category_series(
        area=area,
        family=summary["source"]["family"],
        months=months,
        names=[r.slug for r in chosen],
    )
    out = []
    this_year = calc.rolling_months(to, 12)
    for row in chosen:
        values = series.get(row.slug, {})
        current = calc.monthly_series(values, this_year[0], to)
        previous = calc.monthly_series(values, start, calc.add_months(this_year[0], -1))
        chart = charts.trend_chart(
            current,
            title=f"{row.category}: each month, {area.name}",
            comparison=previous,
            series_label=f"12 months to {calc.month_label(to)}",
        )
        out.append(TrendChart(row.slug, row.category, chart))
    return out


def executive_summary(pack: PackData) -> list[str]:
    """Sentences written from the numbers: the total, the biggest rises and falls."""
    if not pack.has_data:
        return [no_data_text(pack.area, pack.to)]
    out = []
    if pack.total:
        out.append(pack.total.sentence + f", {pack.summary['fytd_period']} against a year before.")
    rated = [r for r in pack.categories if r.polarity != calc.MONITOR]
    rises = sorted((r for r in rated if r.comparison.change > 0), key=_size_of_change)[:3]
    falls = sorted((r for r in rated if r.comparison.change < 0), key=_size_of_change)[:3]
    out += [r.sentence + "." for r in rises]
    out += [r.sentence + "." for r in falls]
    small = [r.category for r in pack.categories if r.comparison.small]
    if small:
        out.append(
            "Small numbers (under 10 in either year), so read their % change with care: "
            + ", ".join(small)
            + "."
        )
    if pack.months_missing:
        out.append("Months with no data, counted as 0: " + ", ".join(pack.months_missing) + ".")
    return out


def no_data_text(area: Area, to: dt.date) -> str:
    """What the pack says for a month with no police figures, instead of zeros."""
    return (
        f"No police data has been loaded for {area.name} for {calc.month_label(to)}, so this "
        "pack has no figures for this period. Choose an earlier month."
    )


def _size_of_change(row: PackRow) -> tuple:
    """Largest changes first; a small-number change after any other."""
    return (row.comparison.small, -abs(row.comparison.change), row.category)
