"""Render a ``Document`` to HTML with Django templates (autoescaped throughout).

``standalone=True`` gives the downloadable page (and the source of the PDF); ``False`` gives
a fragment for the site's own pages, using GOV.UK Frontend classes and no inline styles so
it works under the site's Content Security Policy.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - see _safe_svg: our own charts, allowlisted
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

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

PAGE_SIZES: dict[str, str] = {"a4": "A4 portrait", "a3-landscape": "A3 landscape"}


def render_html(doc: Document, *, standalone: bool = True, paper: str = "a4") -> str:
    """The document as HTML: a full accessible page, or a fragment whose headings start at h2."""
    return _render(doc, standalone=standalone, paper=check_paper(paper), pdf=False)


def html_for_pdf(doc: Document, *, paper: str = "a4") -> str:
    """The standalone page plus the print-only CSS (margin boxes) WeasyPrint understands."""
    return _render(doc, standalone=True, paper=check_paper(paper), pdf=True)


def _render(doc: Document, *, standalone: bool, paper: Paper, pdf: bool) -> str:
    items, width_rules = _items(doc.blocks, standalone=standalone)
    context = {
        "doc": doc,
        "items": items,
        "standalone": standalone,
        "pdf": pdf,
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
            item["svg"] = _safe_svg(block.svg, figure_id, f"{figure_id}-description")
        items.append(item)
    return items, width_rules


# --- SVG ------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_SVG_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "path",
        "use",
        "clipPath",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "title",
        "linearGradient",
        "radialGradient",
        "stop",
        "marker",
        "symbol",
        "mask",
        "pattern",
    }
)
_PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "stroke-opacity",
        "opacity",
        "clip-path",
        "clip-rule",
        "mask",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "font-variant",
        "text-anchor",
        "dominant-baseline",
        "alignment-baseline",
        "letter-spacing",
        "text-decoration",
        "visibility",
        "display",
        "color",
        "stop-color",
        "stop-opacity",
        "marker-start",
        "marker-mid",
        "marker-end",
    }
)
_SVG_ATTRIBUTES = _PRESENTATION | frozenset(
    {
        "id",
        "viewBox",
        "preserveAspectRatio",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "dx",
        "dy",
        "d",
        "points",
        "width",
        "height",
        "transform",
        "href",
        "clipPathUnits",
        "gradientUnits",
        "gradientTransform",
        "offset",
        "patternUnits",
        "patternTransform",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "markerUnits",
        "maskUnits",
        "textLength",
        "lengthAdjust",
    }
)
_UNSAFE_VALUE = re.compile(r"url\(\s*(?!#)|javascript:|expression\(|[<>]", re.IGNORECASE)
_URL_REF = re.compile(r"url\(#([^)\s]+)\)")


def _safe_svg(svg: str, prefix: str, described_by: str) -> SafeString:
    """The figure's SVG, cut down to an allowlist and made safe to put inline in a page.

    The SVG is our own charts' output, but it is still parsed and rebuilt rather than
    trusted: only drawing elements and attributes survive (no script, foreignObject, image,
    event handlers or outside references), ``style`` becomes presentation attributes (which
    the site's Content Security Policy allows), ids get ``prefix`` so two figures on a page
    never share one, and the scalable drawing is labelled by its <title> and described by
    the printed description (``described_by``).
    """
    try:
        # Expat expands no external entities; the input is our own matplotlib output.
        root = ET.fromstring(svg)  # noqa: S314
    except ET.ParseError as error:
        raise ValueError(f"Figure SVG does not parse: {error}") from None
    q = f"{{{_SVG_NS}}}"
    if root.tag != f"{q}svg":
        raise ValueError("Figure SVG must have an <svg> root element")
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.removeprefix(q) not in _SVG_ELEMENTS:
                parent.remove(child)
    ids = {e.get("id") for e in root.iter() if e.get("id")}

    def new_id(old: str) -> str:
        return f"{prefix}-{old}"

    title_id = ""
    for element in root.iter():
        element.tag = element.tag.removeprefix(q)
        attributes = dict(element.attrib)
        element.attrib.clear()
        if _XLINK_HREF in attributes:
            attributes.setdefault("href", attributes.pop(_XLINK_HREF))
        for declaration in attributes.pop("style", "").split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() in _PRESENTATION and value.strip():
                attributes[name.strip()] = value.strip()  # CSS wins over attributes
        for name, value in attributes.items():
            if name not in _SVG_ATTRIBUTES or _UNSAFE_VALUE.search(value):
                continue
            if name == "href":
                if not value.startswith("#") or value[1:] not in ids:
                    continue
                value = "#" + new_id(value[1:])
            elif name == "id":
                value = new_id(value)
            else:
                value = _URL_REF.sub(lambda m: f"url(#{new_id(m[1])})", value)
            element.set(name, value)
        if element.tag == "title" and not title_id and element.get("id"):
            title_id = element.get("id", "")
        elif element.tag == "title" and not title_id:
            title_id = new_id("title")
            element.set("id", title_id)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("width", "100%")  # scales to its container; the height follows the viewBox
    root.set("xmlns", _SVG_NS)
    root.set("role", "img")
    root.set("focusable", "false")
    if title_id:
        root.set("aria-labelledby", title_id)
    root.set("aria-describedby", described_by)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 - rebuilt above
