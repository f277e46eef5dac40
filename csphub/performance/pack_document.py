"""The crime data pack laid out: `pack_document` turns a `PackData` into a `Document` for
the HTML, PDF and DOCX renderers, in the layout of the published packs (seed 004), and
`pack_csv` writes every number shown. `pack.crime_pack` gathers the numbers.
"""

from __future__ import annotations

import csv
import io

from csphub.documents import model as doc
from csphub.police import selectors

from . import calculations as calc
from . import figures as ind
from .pack import PackData, RatedLine
from .pack_text import (
    INDICATOR_HEADER,
    comparator_cell,
    hotspot_numbers,
    indicator_cells,
    notes,
    rag_cell,
    row_numbers,
    table_header,
)


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
                keep_together=True,
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
                keep_together=True,
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
    if pack.about_lines:
        blocks.append(doc.Heading("About these figures"))
        blocks.append(doc.ListBlock(pack.about_lines))
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
    blocks.append(doc.Paragraph(notes(pack)))
    if pack.charts:
        blocks.append(doc.PageBreak())
        blocks.append(doc.Heading("Monthly trends"))
        blocks += _figures(pack)
    blocks.append(doc.Heading("Hotspots"))
    tables = hotspot_tables(pack)
    if tables:
        if pack.boundaries_text:
            blocks.append(doc.Paragraph(pack.boundaries_text))
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
    "note",
]


def pack_csv(pack: PackData) -> str:
    """Every number shown in the pack, one row each (categories, hotspots, chart points)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    base = {"area": pack.area.name, "area_code": pack.area.code, "to": calc.month_key(pack.to)}
    about = (
        ("source", pack.source_text),
        ("population", pack.population_text),
        ("boundaries", pack.boundaries_text),
    )
    for topic, text in about:
        if text:
            writer.writerow(
                {
                    **base,
                    "section": "about",
                    "category": topic,
                    "population": pack.summary["population"] if topic == "population" else None,
                    "note": text,
                }
            )
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
                "note": "; ".join(
                    filter(
                        None,
                        [
                            f.period_text,
                            f.population_note if f.rate is not None else "",
                        ],
                    )
                ),
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
