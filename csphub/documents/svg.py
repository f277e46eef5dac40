"""The one SVG sanitiser: every SVG that reaches a page or a PDF passes through here.

Figures are our own matplotlib charts today, but a document is a data structure anyone
can fill, so its SVG is parsed and rebuilt from an allowlist rather than trusted: one list
of elements and attributes, kept in one place, so a page and a PDF can never disagree about
what is safe. Word never sees SVG (python-docx takes the figure's PNG).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - entities refused, then allowlisted

from django.utils.safestring import SafeString, mark_safe

__all__ = ["SVG_ATTRIBUTES", "SVG_ELEMENTS", "sanitise_svg"]

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SVG_ELEMENTS = frozenset(
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
SVG_ATTRIBUTES = _PRESENTATION | frozenset(
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
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)


def sanitise_svg(svg: str, *, prefix: str, described_by: str) -> SafeString:
    """The figure's SVG, cut down to an allowlist and made safe to put inline in a page.

    The SVG is our own charts' output, but it is still parsed and rebuilt rather than
    trusted: only drawing elements and attributes survive (no script, foreignObject, image,
    event handlers or outside references), ``style`` becomes presentation attributes (which
    the site's Content Security Policy allows), ids get ``prefix`` so two figures on a page
    never share one, and the scalable drawing is labelled by its <title> and described by
    the printed description (``described_by``).
    """
    if _ENTITY.search(svg):  # entity expansion is the one parser trick left to refuse
        raise ValueError("Figure SVG must not declare entities")
    try:
        # Expat expands no external entities, and internal ones are refused above.
        root = ET.fromstring(svg)  # noqa: S314
    except ET.ParseError as error:
        raise ValueError(f"Figure SVG does not parse: {error}") from None
    q = f"{{{_SVG_NS}}}"
    if root.tag != f"{q}svg":
        raise ValueError("Figure SVG must have an <svg> root element")
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag.removeprefix(q) not in SVG_ELEMENTS:
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
            if name not in SVG_ATTRIBUTES or _UNSAFE_VALUE.search(value):
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
