"""Our charts go through the one SVG sanitiser (documents.svg) without losing anything:
the allowlist is wide enough for what matplotlib draws, so tightening it is caught here."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from csphub.documents.svg import SVG_ATTRIBUTES, SVG_ELEMENTS, sanitise_svg
from csphub.performance.charts import bar_chart, trend_chart

Q = "{http://www.w3.org/2000/svg}"


def clean(svg: str) -> str:
    return str(sanitise_svg(svg, prefix="fig", described_by="fig-description"))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


@pytest.mark.parametrize("kind", ["trend", "bar"])
def test_our_charts_pass_unchanged_apart_from_ids_and_size(kind):
    series = [(date(2016, 4 + i, 1), v) for i, v in enumerate([90, 88, 101, 119, 110, 120])]
    if kind == "trend":
        chart = trend_chart(series, title="Burglary", comparison=series, target=100)
    else:
        chart = bar_chart([("Ward A", 12), ("Ward B", 7)], title="Burglary by ward")
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
