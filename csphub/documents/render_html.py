"""Render a ``Document`` to HTML with Django templates (autoescaped throughout).

``standalone=True`` gives the downloadable page (and the source of the PDF); ``False`` gives
a fragment for the site's own pages, using GOV.UK Frontend classes and no inline styles so
it works under the site's Content Security Policy.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from .model import (
    AgendaItem,
    Block,
    Document,
    Figure,
    Heading,
    Minute,
    Paper,
    Table,
    check_paper,
)
from .svg import sanitise_svg

PAGE_SIZES: dict[str, str] = {
    "a4": "A4 portrait",
    "a4-landscape": "A4 landscape",
    "a3-landscape": "A3 landscape",
}


def render_html(doc: Document, *, standalone: bool = True, paper: str = "a4") -> str:
    """The document as HTML: a full accessible page, or a fragment whose headings start at h2."""
    return _render(doc, standalone=standalone, paper=check_paper(paper), pdf=False)


def html_for_pdf(doc: Document, *, paper: str = "a4", page_numbers: bool = True) -> str:
    """The standalone page plus the print-only CSS (margin boxes) WeasyPrint understands.

    ``page_numbers=False`` leaves the footer number off, for a part of a compiled pack
    whose numbers run through the whole pack and are stamped on afterwards."""
    return _render(
        doc, standalone=True, paper=check_paper(paper), pdf=True, page_numbers=page_numbers
    )


def _render(
    doc: Document, *, standalone: bool, paper: Paper, pdf: bool, page_numbers: bool = True
) -> str:
    items, width_rules = _items(doc.blocks, standalone=standalone)
    context = {
        "doc": doc,
        "items": items,
        "standalone": standalone,
        "pdf": pdf,
        "page_numbers": page_numbers,
        "width_rules": width_rules,
        "brand": doc.brand_colour,
        "page_size": PAGE_SIZES[paper],
        "author": doc.author or doc.organisation or doc.partnership,
    }
    template = "documents/standalone.html" if standalone else "documents/fragment.html"
    return render_to_string(template, context)


def _items(blocks: list[Block], *, standalone: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """Per-block template context: heading tag level, and table ids and widths (standalone).

    Column widths become rules in the page's <style> rather than style attributes, and are
    only emitted for the standalone page (the fragment must not carry inline styles).
    """
    items: list[dict[str, Any]] = []
    width_rules: list[str] = []
    for index, block in enumerate(blocks, start=1):
        item: dict[str, Any] = {
            "block": block,
            "h": 2,
            "table_id": "",
            "cols": [],
            "figure_id": "",
            "svg": "",
        }
        if isinstance(block, Heading | AgendaItem | Minute):
            item["h"] = block.level + 1  # h1 is the document (or the site page) title
        if isinstance(block, Table) and standalone:
            item["table_id"] = table_id = f"doc-table-{index}"
            if block.col_widths:
                item["cols"] = list(range(len(block.col_widths)))
                width_rules.append(f"#{table_id} {{ table-layout: fixed; }}")
                width_rules += [
                    f"#{table_id} col:nth-child({n}) {{ width: {fraction * 100:.2f}%; }}"
                    for n, fraction in enumerate(block.col_widths, start=1)
                ]
        if isinstance(block, Figure):
            item["figure_id"] = figure_id = f"doc-figure-{index}"
            item["svg"] = sanitise_svg(
                block.svg, prefix=figure_id, described_by=f"{figure_id}-description"
            )
        items.append(item)
    return items, width_rules
