"""The one SVG sanitiser: hostile markup is cut down to drawing (our own charts passing
intact is tested beside them, in performance/tests/test_chart_svg.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from csphub.documents.svg import sanitise_svg

NS = "http://www.w3.org/2000/svg"
Q = f"{{{NS}}}"


def clean(svg: str) -> str:
    return str(sanitise_svg(svg, prefix="fig", described_by="fig-description"))


def wrap(inner: str, attributes: str = "") -> str:
    return (
        f'<svg xmlns="{NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"'
        f" {attributes}>{inner}</svg>"
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the sanitiser's own output


def test_script_and_style_elements_are_removed():
    out = clean(wrap("<script>alert(1)</script><style>rect{fill:red}</style><rect/>"))
    assert "<script" not in out and "alert" not in out
    assert "<style" not in out and "fill:red" not in out
    assert "<rect" in out


@pytest.mark.parametrize(
    "handler", ['onload="alert(1)"', 'onclick="alert(1)"', 'onmouseover="alert(1)"']
)
def test_event_handlers_are_removed(handler):
    out = clean(wrap(f'<rect width="5" {handler}/><g {handler}><circle r="1"/></g>', handler))
    assert "alert" not in out and " on" not in out
    assert "<rect" in out and "<circle" in out


@pytest.mark.parametrize(
    "reference",
    [
        '<use href="https://example.com/sprite.svg#x"/>',
        '<use xlink:href="https://example.com/sprite.svg#x"/>',
        '<use href="#not-in-this-drawing"/>',
        '<image href="https://example.com/x.png" width="5" height="5"/>',
        '<rect fill="url(https://example.com/p)"/>',
        '<rect style="fill: url(https://example.com/p)"/>',
        '<a href="javascript:alert(1)"><text>link</text></a>',
        '<rect filter="url(https://example.com/f)"/>',
    ],
)
def test_outside_references_are_removed(reference):
    out = clean(wrap(reference))
    assert "example.com" not in out
    assert "javascript:" not in out
    assert "not-in-this-drawing" not in out


def test_foreign_object_and_other_namespaces_are_removed():
    out = clean(
        wrap(
            '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>'
            '<html:b xmlns:html="http://www.w3.org/1999/xhtml">bold</html:b>'
            '<text x="1" y="9">kept</text>'
        )
    )
    assert "foreignObject" not in out and "hi" not in out and "bold" not in out
    assert "kept" in out


def test_entities_are_refused_not_expanded():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
        f'<svg xmlns="{NS}"><text>&a;&a;</text></svg>'
    )
    with pytest.raises(ValueError, match="entities"):
        clean(laughs)


def test_not_svg_is_refused():
    with pytest.raises(ValueError, match="parse"):
        clean("<svg")
    with pytest.raises(ValueError, match="<svg>"):
        clean('<html xmlns="http://www.w3.org/1999/xhtml"/>')


def test_internal_references_survive_with_their_ids_prefixed():
    out = parse(
        clean(
            wrap(
                '<defs><clipPath id="c"><rect width="5"/></clipPath><path id="m" d="M0 0"/></defs>'
                '<g clip-path="url(#c)"><use xlink:href="#m" x="1"/></g>'
            )
        )
    )
    ids = {e.get("id") for e in out.iter() if e.get("id")}
    assert ids == {"fig-c", "fig-m"}
    assert next(out.iter(f"{Q}g")).get("clip-path") == "url(#fig-c)"
    assert next(out.iter(f"{Q}use")).get("href") == "#fig-m"
