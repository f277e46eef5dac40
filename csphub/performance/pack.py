"""The crime data pack: an area's police-recorded crime for the financial year to date.

`crime_pack` gathers every number the pack shows (from `selectors.crime_summary`, one series
query for the trend charts, `selectors.hotspots` and the comparator area's summary) into a
`PackData`; `pack_document` lays it out as a `Document` for the HTML, PDF and DOCX
renderers, and `pack_csv` writes every number shown. The page renders the same `PackData`.

Crime is "lower is better": a category is rated against the same months last year with
`calculations.rag_against_previous`. Categories where a rise can be good news (more
reporting, more proactive policing) are "for monitoring" and never rated; the list is a
parameter. The sections are a list, so indicator sections can be appended later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Max

from csphub.documents import model as doc
from csphub.police import selectors
from csphub.police.models import Area, CrimeCount
from csphub.police.selectors import area_for_partnership

from . import calculations as calc
from . import charts
from . import figures as ind

__all__ = ["area_for_partnership", "crime_pack", "pack_csv", "pack_document"]

DEFAULT_MONITOR: tuple[str, ...] = ("other-crime", "drugs", "nfib-fraud")
"""Categories for monitoring, not RAG rated: "Other crime" is a catch-all; a rise in drug
offences usually means more proactive policing; NFIB fraud is counted elsewhere."""

RAG_LABELS = {
    calc.GREEN: ("✓", "Green"),
    calc.AMBER: ("!", "Amber"),
    calc.RED: ("✕", "Red"),
    calc.NO_RATING: ("–", "Not rated"),
}
CHARTED = 6
"""How many categories get a trend chart (all crime, then the largest)."""
HOTSPOTS = 10


def rag_text(rag: str) -> str:
    """The RAG as a word and a symbol, e.g. "✕ Red", so it reads without colour."""
    symbol, word = RAG_LABELS[rag]
    return f"{symbol} {word}"


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
        return self.summary["source"] is not None

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
            {"body": group.body, "rows": [indicator_cells(f) for f in group.figures]}
            for group in self.indicator_groups
        ]

    @property
    def executive_summary(self) -> list[str]:
        return executive_summary(self)

    @property
    def notes(self) -> str:
        return _notes(self)

    @property
    def table_header(self) -> list[str]:
        return table_header(self)

    @property
    def table_rows(self) -> list[dict]:
        return [
            {"row": r, "numbers": row_numbers(self, r), "monitor": r.polarity == calc.MONITOR}
            for r in self.rows
        ]

    def hotspot_rows(self, key: str) -> list[dict]:
        return [{"entry": e, "numbers": hotspot_numbers(e)} for e in self.hotspots.get(key) or []]

    @property
    def hotspots_most(self) -> list[dict]:
        return self.hotspot_rows("most")

    @property
    def hotspots_rises(self) -> list[dict]:
        return self.hotspot_rows("rises")

    @property
    def hotspot_level(self) -> str:
        return {"ward": "Ward", "lsoa": "LSOA"}.get(self.hotspots.get("level") or "", "Area")


def latest_month(area: Area) -> dt.date | None:
    """The last month with any crime count for ``area``."""
    return CrimeCount.objects.filter(area=area).aggregate(m=Max("month"))["m"]


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
                rag=calc.rag_against_previous(polarity, comparison),
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
        return [f"No police-recorded crime has been imported for {pack.area.name} to this month."]
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


def _size_of_change(row: PackRow) -> tuple:
    """Largest changes first; a small-number change after any other."""
    return (row.comparison.small, -abs(row.comparison.change), row.category)


# --- numbers as text -----------------------------------------------------------------


def num(value) -> str:
    return "" if value is None else calc.format_number(value)


def signed(value) -> str:
    return "" if value is None else f"{value:+,}"


def pct(value: float | None, small: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}%" + (" (small numbers)" if small else "")


def rate(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


# --- the document ------------------------------------------------------------------------


def table_header(pack: PackData) -> list[str]:
    header = ["Category", "FYTD", "Last year", "Change", "% change", "Rolling 12 months"]
    header.append("Rate per 1,000")
    if pack.comparator:
        name = pack.comparator.name
        header += [f"{name} % change", f"Share of {name}"]
    return [*header, "RAG"]


def row_numbers(pack: PackData, r: PackRow) -> list[str]:
    """The numbers of a category row as shown (page, PDF, DOCX), without the name and RAG."""
    c = r.comparison
    cells = [
        num(c.current),
        num(c.previous),
        signed(c.change),
        pct(c.change_pct, c.small),
        num(r.rolling_12),
        rate(r.rate_per_1000),
    ]
    if pack.comparator:
        share = "" if r.share_pct is None else f"{r.share_pct:.1f}%"
        cells += [pct(r.comparator_change_pct), share]
    return cells


def hotspot_numbers(e: dict) -> list[str]:
    return [
        num(e["fytd"]),
        num(e["fytd_previous"]),
        signed(e["change"]),
        pct(e["change_pct"], e["small"]),
    ]


def rag_cell(r: PackRow) -> str:
    return r.rag_text if r.polarity != calc.MONITOR else "– For monitoring"


def category_table(pack: PackData) -> doc.Table:
    rows = [
        [
            doc.Cell(r.category, header=True),
            *(doc.Cell(n, align="right") for n in row_numbers(pack, r)),
            doc.Cell(rag_cell(r)),
        ]
        for r in pack.rows
    ]
    return doc.Table(
        caption=f"Every category: {pack.period}",
        header=[[doc.Cell(h) for h in table_header(pack)]],
        rows=rows,
    )


def hotspot_tables(pack: PackData) -> list[doc.Table]:
    spots = pack.hotspots
    level = {"ward": "Ward", "lsoa": "LSOA"}.get(spots.get("level") or "", "Area")
    out = []
    for key, caption in (("most", "most crime"), ("rises", "largest rises")):
        entries = spots.get(key) or []
        if not entries:
            continue
        out.append(
            doc.Table(
                caption=f"{level}s with the {caption}, all crime, {pack.summary['fytd_period']}",
                header=[[level, "Code", "FYTD", "Last year", "Change", "% change"]],
                rows=[
                    [
                        doc.Cell(e["area"], header=True),
                        e["area_code"],
                        *(doc.Cell(n, align="right") for n in hotspot_numbers(e)),
                    ]
                    for e in entries
                ],
            )
        )
    return out


def _rated_list(rows: list[RatedLine], empty: str) -> list[doc.Block]:
    if not rows:
        return [doc.Paragraph(empty)]
    return [doc.ListBlock([f"{r.rag_text}: {r.sentence}" for r in rows])]


INDICATOR_HEADER = ["No.", "Indicator", "Performance", "Rate", "Target", "Comparator", "RAG"]


def indicator_rag(f: ind.IndicatorFigure) -> str:
    """The RAG as text for a table cell: "✕ Red", "– For monitoring", "– Not rated"."""
    if f.indicator.is_monitor:
        return "– For monitoring"
    if not f.has_data:
        return "– Not rated"
    return rag_text(f.rag)


def comparator_cell(f: ind.IndicatorFigure) -> str:
    """ "London (MPS): Up 7.0%", or the comparator's label alone when it has no figure."""
    label = f.indicator.comparator or (
        f.indicator.comparator_area.name if f.indicator.comparator_area else ""
    )
    figure = f.comparator_text if f.has_data else ""
    if label and figure:
        return f"{label}: {figure}"
    return label or figure


def indicator_cells(f: ind.IndicatorFigure) -> dict:
    """An indicator's row as shown on the page, in the PDF and DOCX and (its numbers) in
    the CSV."""
    return {
        "figure": f,
        "number": str(f.indicator.number or ""),
        "name": f.indicator.name,
        "performance": f.performance,
        "rate": f.rate_text,
        "target": f.target_text,
        "comparator": comparator_cell(f),
        "rag": indicator_rag(f),
    }


def indicator_tables(pack: PackData) -> list[doc.Table]:
    """One table per owning body (sub-group), as in the Performance Call Over."""
    tables = []
    for group in pack.indicator_groups:
        rows = []
        for f in group.figures:
            cells = indicator_cells(f)
            rows.append(
                [
                    doc.Cell(cells["number"]),
                    doc.Cell(cells["name"], header=True),
                    cells["performance"],
                    doc.Cell(cells["rate"], align="right"),
                    doc.Cell(cells["target"], align="right"),
                    cells["comparator"],
                    cells["rag"],
                ]
            )
        tables.append(
            doc.Table(
                caption=f"{group.body.name}: {pack.summary['fytd_period']}",
                header=[[doc.Cell(h) for h in INDICATOR_HEADER]],
                rows=rows,
                col_widths=[0.05, 0.25, 0.22, 0.12, 0.08, 0.16, 0.12],
            )
        )
    return tables


MONITOR_TEXT = (
    "Not RAG rated: a rise in these can be good news (more victims coming forward, more "
    "proactive policing), so they are watched rather than judged."
)
INDICATOR_TEXT = (
    "Financial year to date against the same months last year (the latest value, for rates "
    "and percentages). Police-sourced indicators are counted from the imported police data; "
    "the others are the values the partnership recorded."
)


def pack_document(pack: PackData, *, partnership=None) -> doc.Document:
    """The pack as a structured document, for HTML, PDF (A4 or A3 landscape) and DOCX."""
    document = doc.Document(
        title=pack.title,
        subtitle=pack.period,
        partnership=partnership.name if partnership else "",
        brand_colour=partnership.colour if partnership else "#1d4f91",
        organisation=(partnership.council or partnership.name) if partnership else "",
        date_text=calc.month_label(pack.to),
    )
    blocks = document.blocks
    blocks.append(doc.Heading("Executive summary"))
    blocks.append(doc.ListBlock(pack.executive_summary))
    if not pack.has_data:
        return document
    kind = pack.list_source
    blocks.append(doc.Heading("Good performance"))
    blocks += _rated_list(pack.good_lines, f"No {kind} is better than the same months last year.")
    blocks.append(doc.Heading("Areas for improvement"))
    blocks += _rated_list(pack.improve_lines, f"No {kind} is worse than the same months last year.")
    blocks.append(doc.Heading("For monitoring"))
    blocks.append(doc.Paragraph(MONITOR_TEXT))
    blocks.append(doc.ListBlock(pack.monitor_lines or ["None."]))
    if pack.indicator_groups:
        blocks.append(doc.Heading("Indicators by sub-group"))
        blocks.append(doc.Paragraph(INDICATOR_TEXT))
        blocks += indicator_tables(pack)
    blocks.append(doc.Heading("Every category"))
    blocks.append(category_table(pack))
    blocks.append(doc.Paragraph(_notes(pack)))
    if pack.charts:
        blocks.append(doc.PageBreak())
        blocks.append(doc.Heading("Monthly trends"))
        blocks += _figures(pack)
    blocks.append(doc.Heading("Hotspots"))
    tables = hotspot_tables(pack)
    if tables:
        blocks += tables
    else:
        blocks.append(
            doc.Paragraph(
                "No ward or LSOA figures have been imported for these months, so there is no "
                "hotspot table."
            )
        )
    return document


def _figures(pack: PackData) -> list[doc.Figure]:
    return [
        doc.Figure(
            svg=item.chart.svg,
            png=item.chart.png,
            caption=f"{item.category}: 12 months to {calc.month_label(pack.to)} "
            "against the 12 months before",
            alt=item.chart.alt,
        )
        for item in pack.charts
    ]


def figures_document(pack: PackData) -> doc.Document:
    """Only the trend charts, for the page (the rest of the page is its own template)."""
    return doc.Document(title=pack.title, blocks=list(_figures(pack)))


def _notes(pack: PackData) -> str:
    s = pack.summary
    parts = []
    if s["source"]:
        parts.append("Source: " + "; ".join(s["source"]["names"]) + ".")
        parts += s["source"]["licence"]
    if s["population"]:
        parts.append(
            f"Rates: {selectors.RATE_BASIS}; population {s['population']:,} "
            f"(ONS mid-{s['population_year']})."
        )
    parts.append(
        "RAG: against the same months last year (lower is better); amber is a rise of up to "
        "5%. Small numbers (under 10) are marked."
    )
    return " ".join(parts)


# --- CSV ----------------------------------------------------------------------------------

CSV_HEADER = [
    "section",
    "area",
    "area_code",
    "to",
    "category",
    "fytd",
    "fytd_previous",
    "change",
    "change_pct",
    "small",
    "rolling_12",
    "rate_per_1000",
    "comparator",
    "comparator_fytd",
    "comparator_change_pct",
    "share_pct",
    "polarity",
    "rag",
    "month",
    "value",
    "body",
    "number",
    "unit",
    "target",
    "rate",
    "rate_basis",
    "population",
]


def pack_csv(pack: PackData) -> str:
    """Every number shown in the pack, one row each (categories, hotspots, chart points)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    base = {"area": pack.area.name, "area_code": pack.area.code, "to": calc.month_key(pack.to)}
    for r in pack.rows:
        c = r.comparison
        writer.writerow(
            {
                **base,
                "section": "category",
                "category": r.category,
                "fytd": c.current,
                "fytd_previous": c.previous,
                "change": c.change,
                "change_pct": c.change_pct,
                "small": c.small,
                "rolling_12": r.rolling_12,
                "rate_per_1000": r.rate_per_1000,
                "comparator": pack.comparator.name if pack.comparator else "",
                "comparator_fytd": r.comparator_fytd,
                "comparator_change_pct": r.comparator_change_pct,
                "share_pct": r.share_pct,
                "polarity": r.polarity,
                "rag": r.rag,
            }
        )
    for f in pack.indicators:
        c = f.comparison
        writer.writerow(
            {
                **base,
                "section": "indicator",
                "area": f.area_name or pack.area.name,
                "category": f.indicator.name,
                "fytd": c.current if c else None,
                "fytd_previous": c.previous if c and f.has_previous else None,
                "change": c.change if c and f.has_previous else None,
                "change_pct": c.change_pct if c and f.has_previous else None,
                "small": c.small if c else None,
                "comparator": comparator_cell(f),
                "comparator_fytd": f.comparator_value,
                "comparator_change_pct": f.comparator_change_pct,
                "polarity": f.indicator.polarity,
                "rag": "monitor" if f.indicator.is_monitor else f.rag,
                "body": f.indicator.owner.name,
                "number": f.indicator.number,
                "unit": f.indicator.unit,
                "target": f.target,
                "rate": f.rate,
                "rate_basis": ind.rate_basis(f.indicator) if f.rate is not None else "",
                "population": f.population,
            }
        )
    for key in ("most", "rises"):
        for e in pack.hotspots.get(key) or []:
            writer.writerow(
                {
                    **base,
                    "section": f"hotspot-{key}",
                    "area": e["area"],
                    "area_code": e["area_code"],
                    "category": selectors.ALL_CRIME,
                    "fytd": e["fytd"],
                    "fytd_previous": e["fytd_previous"],
                    "change": e["change"],
                    "change_pct": e["change_pct"],
                    "small": e["small"],
                }
            )
    for item in pack.charts:
        for point in item.chart.data:
            writer.writerow(
                {
                    **base,
                    "section": "trend",
                    "category": item.category,
                    "month": point.get("month"),
                    "value": point.get("value"),
                }
            )
            if point.get("comparison") is not None:
                writer.writerow(
                    {
                        **base,
                        "section": "trend-previous-year",
                        "category": item.category,
                        "month": point.get("comparison_month"),
                        "value": point.get("comparison"),
                    }
                )
    return out.getvalue()
