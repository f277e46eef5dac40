"""The one SVG sanitiser: hostile markup is cut down to drawing, our own charts pass intact."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from csphub.documents.svg import SVG_ATTRIBUTES, SVG_ELEMENTS, sanitise_svg

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


def test_our_charts_pass_unchanged_apart_from_ids_and_size():
    """Every element and drawing attribute of a real chart survives: the allowlist is wide
    enough for what matplotlib draws, so tightening it would be caught here."""
    from csphub.performance.charts import trend_chart

    series = [(date(2016, 4 + i, 1), v) for i, v in enumerate([90, 88, 101, 119, 110, 120])]
    chart = trend_chart(series, title="Burglary", comparison=series, target=100)
    before, after = parse(chart.svg), parse(clean(chart.svg))
    dropped = {"desc"}  # the page prints the description; aria-describedby points at it
    kept_before = [e for e in before.iter() if e.tag.removeprefix(Q) not in dropped]
    kept_after = list(after.iter())
    assert [e.tag for e in kept_after] == [e.tag for e in kept_before]
    assert all(e.tag.removeprefix(Q) in SVG_ELEMENTS for e in kept_after)
    for old, new in zip(kept_before, kept_after, strict=True):
        assert (old.text or "") == (new.text or "")
        for name, value in old.attrib.items():
            if old is before and name in {"width", "height", "aria-describedby"}:
                continue
            if name in {"role", "aria-labelledby", "aria-describedby", "xmlns"}:
                continue
            assert name in SVG_ATTRIBUTES, name
            expected = value.replace("#chart-", "#fig-chart-").replace("(#chart-", "(#fig-chart-")
            if name == "id":
                expected = f"fig-{value}"
            assert new.get(name) == expected, (old.tag, name)
    assert after.get("width") == "100%"
    assert after.get("aria-describedby") == "fig-description"
