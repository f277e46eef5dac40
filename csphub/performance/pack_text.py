"""The crime data pack's numbers as text, and its table cells: shared by the page (through
`PackData`'s properties) and the laid-out document, so both print the same figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csphub.police import selectors

from . import calculations as calc
from . import figures as ind

if TYPE_CHECKING:  # the pack's data holds these as properties; it imports this module
    from .pack import PackData, PackRow

RAG_LABELS = {
    calc.GREEN: ("✓", "Green"),
    calc.AMBER: ("!", "Amber"),
    calc.RED: ("✕", "Red"),
    calc.NO_RATING: ("–", "Not rated"),
}


def rag_text(rag: str) -> str:
    """The RAG as a word and a symbol, e.g. "✕ Red", so it reads without colour."""
    symbol, word = RAG_LABELS[rag]
    return f"{symbol} {word}"


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


INDICATOR_HEADER = ["No.", "Indicator", "Performance", "Rate", "Target", "Comparator", "RAG"]


def indicator_rag(f: ind.IndicatorFigure) -> str:
    """The RAG as text for a table cell: "✕ Red", "– For monitoring", "– Not rated"."""
    if f.indicator.is_monitor:
        return "– For monitoring"
    if not f.has_data:
        return "– Not rated"
    return rag_text(f.rag)


def comparator_cell(f: ind.IndicatorFigure) -> str:
    """ "London (MPS): Up 7.0%", or the comparator's label alone when it has no figure;
    every comparator when there are several ("London: 24.9%; England and Wales: 24.8%")."""
    label = f.indicator.comparator or (
        f.indicator.comparator_area.name if f.indicator.comparator_area else ""
    )
    figure = f.comparator_text if f.has_data else ""
    own = f"{label}: {figure}" if label and figure else label or figure
    if f.has_data and f.further:
        more = [f"{name}: {figure}" for name, figure in f.further_texts]
        return "; ".join([own, *more] if own else more)
    return own


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


def notes(pack: PackData) -> str:
    s = pack.summary
    parts = []
    if s["source"]:
        parts.append("Source: " + "; ".join(s["source"]["names"]) + ".")
        parts += s["source"]["licence"]
    if s["population"]:
        nearest = s.get("population_wanted_year")
        when = (
            f"ONS mid-{s['population_year']}"
            if nearest in (None, s["population_year"])
            else f"ONS mid-{s['population_year']}, the nearest available to mid-{nearest}"
        )
        parts.append(f"Rates: {selectors.RATE_BASIS}; population {s['population']:,} ({when}).")
    parts.append(
        "RAG: against the same months last year (lower is better); amber is a rise of up to "
        "5%. Small numbers (under 10) are marked."
    )
    return " ".join(parts)
