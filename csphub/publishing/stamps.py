"""What a compiled pack prints over every page: its running page number, "Agenda Item N" at
the head of each item's first page, and "RESTRICTED" on every Part 2 page.

The marks are laid out by WeasyPrint as one overlay page per pack page (same size as the
page beneath) and merged onto the pages with pypdf, so uploaded papers keep their own
content untouched and the numbers run through the whole pack.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape

from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

FONT = '"Liberation Sans", "DejaVu Sans", Arial, sans-serif'


@dataclass(frozen=True)
class Stamp:
    """The marks for one page; ``width`` and ``height`` are the page's, in points."""

    width: float
    height: float
    page_number: int
    heading: str = ""  # "Agenda Item 12a" on an item's first page
    restricted: bool = False


def overlay_html(stamps: list[Stamp]) -> str:
    """One overlay page per stamp: named pages carry each distinct page size."""
    sizes: dict[tuple[float, float], str] = {}
    pages = []
    for stamp in stamps:
        size = (round(stamp.width, 2), round(stamp.height, 2))
        name = sizes.setdefault(size, f"s{len(sizes)}")
        marks = [f'<p class="number">Page {stamp.page_number}</p>']
        if stamp.heading:
            marks.append(f'<p class="heading">{escape(stamp.heading)}</p>')
        if stamp.restricted:
            marks.append('<p class="marking top">RESTRICTED</p>')
            marks.append('<p class="marking bottom">RESTRICTED</p>')
        pages.append(f'<div class="page {name}">{"".join(marks)}</div>')
    rules = "".join(
        f"@page {name} {{ size: {w}pt {h}pt; margin: 0; }} .{name} {{ page: {name}; "
        f"width: {w}pt; height: {h}pt; }}"
        for (w, h), name in sizes.items()
    )
    style = (
        f"{rules} body {{ margin: 0; font-family: {FONT}; color: #0b0c0c; }}"
        " .page { position: relative; break-after: page; overflow: hidden; }"
        " .page:last-child { break-after: auto; }"
        " p { position: absolute; margin: 0; }"
        " .number { bottom: 8mm; right: 12mm; font-size: 9pt; }"
        " .heading { top: 7mm; right: 12mm; font-size: 12pt; font-weight: bold; }"
        " .marking { left: 0; right: 0; text-align: center; font-size: 11pt;"
        " font-weight: bold; color: #d4351c; letter-spacing: 0.1em; }"
        " .top { top: 3mm; } .bottom { bottom: 3mm; }"
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Pack marks</title><style>{style}</style></head>"
        f"<body>{''.join(pages)}</body></html>"
    )


def stamp_pages(writer: PdfWriter, stamps: list[Stamp]) -> None:
    """Merge each stamp onto the writer's page of the same index."""
    if len(stamps) != len(writer.pages):
        raise ValueError("one stamp per page is needed")
    html = HTML(
        string=overlay_html(stamps),
        url_fetcher=URLFetcher(allowed_protocols={"data"}),
        base_url=None,
    )
    overlay = PdfReader(io.BytesIO(html.write_pdf()))
    if len(overlay.pages) != len(stamps):  # pragma: no cover - a layout fault, not input
        raise RuntimeError("the pack's page marks did not lay out one per page")
    for page, mark in zip(writer.pages, overlay.pages, strict=True):
        box = page.mediabox
        left, bottom = float(box.left), float(box.bottom)
        if left or bottom:
            page.merge_transformed_page(mark, Transformation().translate(left, bottom))
        else:
            page.merge_page(mark)
