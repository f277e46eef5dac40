"""Charts: deterministic, small, accessible SVG; a real PNG; words for what they show; and
the series and its comparison still tell apart when printed in greyscale."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import numpy as np
import pytest
from PIL import Image

from csphub.performance import charts
from csphub.performance.calculations import add_months
from csphub.performance.charts import Chart, bar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"

# Burglary, April 2016 to July 2017: highest in March 2017, lowest in May 2016
BURGLARY = [90, 88, 101, 119, 110, 120, 118, 125, 130, 133, 128, 140, 122, 119, 127, 131]
SERIES = [(add_months(date(2016, 4, 1), i), v) for i, v in enumerate(BURGLARY)]
# The same months a year earlier: April 2015 to July 2016
EARLIER = [81, 79, 92, 99, 104, 111, 109, 116, 121, 124, 119, 131]
LAST_YEAR = [(add_months(date(2015, 4, 1), i), v) for i, v in enumerate(EARLIER + BURGLARY[:4])]
TITLE = "Burglary in Barking and Dagenham"


@pytest.fixture(scope="module")
def chart() -> Chart:
    return trend_chart(SERIES, title=TITLE, comparison=LAST_YEAR, target=115)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parse(svg).iter(f"{SVG}text")]


def test_same_input_gives_identical_svg_and_png(chart):
    again = trend_chart(SERIES, title=TITLE, comparison=LAST_YEAR, target=115)
    assert again.svg == chart.svg
    assert again.png == chart.png
    assert again.alt == chart.alt
    assert again.data == chart.data


def test_svg_parses_with_title_desc_and_an_accessible_name(chart):
    root = parse(chart.svg)
    assert root.tag == f"{SVG}svg"
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and title.text == TITLE
    assert desc.tag == f"{SVG}desc" and desc.text == chart.alt
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert root.get("viewBox")


def test_svg_is_small_and_safe_under_a_content_security_policy(chart):
    assert len(chart.svg.encode()) < 40_000
    assert "style=" not in chart.svg  # inline styles would be blocked by style-src 'self'
    assert "<style" not in chart.svg
    assert "<script" not in chart.svg
    assert "<metadata" not in chart.svg  # no dates or tool versions: deterministic
    assert not chart.svg.startswith("<?xml")  # ready to put inline in HTML
    assert "Date" not in chart.svg


def test_ids_are_unique_and_every_reference_resolves(chart):
    root = parse(chart.svg)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    refs = re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', chart.svg)
    assert refs
    for ref in {a or b for a, b in refs}:
        assert ref in ids
    other = trend_chart(SERIES[:-1], title=TITLE)
    other_ids = {e.get("id") for e in parse(other.svg).iter() if e.get("id")}
    assert not other_ids & set(ids)  # two charts on one page never share an id


def test_png_is_a_png_of_print_quality(chart):
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(chart.png))
    image.verify()
    image = Image.open(io.BytesIO(chart.png))
    assert image.format == "PNG"
    assert image.width >= 1500  # 8 inches at 200 dpi


def test_alt_text_says_what_the_chart_shows(chart):
    assert chart.alt.startswith(
        "Burglary in Barking and Dagenham, April 2016 to July 2017: highest 140 in March "
        "2017, lowest 88 in May 2016; latest 131 in July 2017, up 12 on July 2016."
    )
    for word in ("highest", "lowest", "latest", "dashed line", "target of 115"):
        assert word in chart.alt


def test_alt_text_without_the_year_before_uses_the_comparison():
    chart = trend_chart(SERIES[-4:], title="Burglary", comparison=LAST_YEAR[-4:])
    assert "latest 131 in July 2017, up 12 on July 2016" in chart.alt
    london = trend_chart(
        SERIES[-4:],
        title="Burglary",
        comparison=[(m, 100) for m, _ in SERIES[-4:]],
        comparison_label="London average",
        comparison_lag=0,
    )
    assert "London average 100" in london.alt


def test_ties_and_a_single_month_read_naturally():
    flat = trend_chart([(date(2017, 6, 1), 5), (date(2017, 7, 1), 5)], title="Arson")
    assert "highest 5 in June 2017 and July 2017" in flat.alt
    one = trend_chart([(date(2017, 7, 1), 3)], title="Arson")
    assert one.alt.startswith("Arson, July 2017: latest 3 in July 2017.")


def test_comparison_is_drawn_beside_the_month_it_compares_with(chart):
    july = next(row for row in chart.data if row["month"] == "2017-07")
    assert july == {
        "month": "2017-07",
        "label": "Jul 17",
        "value": 131,
        "comparison_month": "2016-07",
        "comparison": 119,
        "target": 115,
    }
    assert [row["month"] for row in chart.data][:2] == ["2016-04", "2016-05"]
    assert len(chart.data) == 16


def test_axis_labels_legend_and_target_are_words(chart):
    labels = texts(chart.svg)
    for label in ("Apr 16", "Jun 17", "0", "Same month last year", "Target 115", "131"):
        assert label in labels, label
    assert "Offences" in labels
    # every month is labelled when 13 fit
    short = trend_chart(SERIES[-13:], title="Burglary")
    assert {"Jul 16", "Aug 16", "Sep 16", "Jul 17"} <= set(texts(short.svg))


def test_a_missing_month_breaks_the_line_and_has_no_value():
    gap = [(date(2017, 4, 1), 10), (date(2017, 5, 1), 12), (date(2017, 7, 1), 9)]
    chart = trend_chart(gap, title="Robbery")
    assert [row["value"] for row in chart.data] == [10, 12, None, 9]
    assert "Jun 17" in texts(chart.svg)
    line = max(parse(chart.svg).iter(f"{SVG}path"), key=lambda p: float(p.get("stroke-width") or 0))
    assert line.get("d").count("M") == 2  # two pieces: April to May, then July


def test_y_axis_starts_at_zero():
    chart = trend_chart([(date(2017, m, 1), 500 + m) for m in range(1, 8)], title="Theft")
    assert "0" in texts(chart.svg)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="at least one month"):
        trend_chart([], title="x")
    with pytest.raises(ValueError, match="twice"):
        trend_chart([(date(2017, 7, 1), 1), (date(2017, 7, 31), 2)], title="x")
    with pytest.raises(ValueError, match="finite"):
        trend_chart([(date(2017, 7, 1), float("nan"))], title="x")
    with pytest.raises(ValueError, match="title"):
        trend_chart([(date(2017, 7, 1), 1)], title=" ")
    with pytest.raises(ValueError, match="at least one category"):
        bar_chart([], title="x")


def dark_runs(row: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of dark pixels in a row of a greyscale image."""
    dark = np.concatenate([[False], row < 150, [False]])
    edges = np.flatnonzero(np.diff(dark.astype(int)))
    return list(zip(edges[::2], edges[1::2], strict=True))


def test_series_and_comparison_tell_apart_in_greyscale():
    """Printed in black and white, the series is one unbroken line and the comparison a
    broken (dashed) one: the difference does not rest on colour."""
    months = [add_months(date(2016, 7, 1), i) for i in range(13)]
    chart = trend_chart(
        [(m, 100) for m in months],
        title="Flat",
        comparison=[(m, 40) for m in months],
        comparison_label="London",
        comparison_lag=0,
    )
    grey = np.asarray(Image.open(io.BytesIO(chart.png)).convert("L"))
    height, width = grey.shape
    middle = grey[int(height * 0.15) : int(height * 0.85), int(width * 0.2) : int(width * 0.8)]
    solid_rows, dashed_rows = [], []
    for y, row in enumerate(middle):
        runs = dark_runs(row)
        dark = sum(end - start for start, end in runs) / row.size
        if dark > 0.98:
            solid_rows.append(y)
        elif len(runs) >= 6 and 0.3 < dark < 0.9:
            dashed_rows.append(y)
    assert solid_rows, "no continuous line: the series should be solid"
    assert dashed_rows, "no broken line: the comparison should be dashed"
    assert max(solid_rows) < min(dashed_rows)  # the series (100) is drawn above (40)


def test_bar_chart_keeps_order_and_labels_every_value():
    chart = bar_chart(
        [("Barking and Dagenham 014A", 23), ("Barking and Dagenham 002B", 19), ("Other", 12.5)],
        title="Burglary hotspots, July 2017",
    )
    labels = texts(chart.svg)
    assert {"23", "19", "12.5", "Barking and Dagenham 014A", "Other"} <= set(labels)
    assert labels.index("Barking and Dagenham 014A") < labels.index("Other")
    assert chart.data[0] == {"category": "Barking and Dagenham 014A", "value": 23}
    assert chart.alt == (
        "Burglary hotspots, July 2017: a bar chart of offences, 3 shown. Barking and "
        "Dagenham 014A 23; Barking and Dagenham 002B 19; Other 12.5."
    )
    assert chart.png.startswith(b"\x89PNG")
    root = parse(chart.svg)
    assert root[0].text == "Burglary hotspots, July 2017"
    assert "style=" not in chart.svg
    assert bar_chart([("A", 1)], title="T").svg == bar_chart([("A", 1)], title="T").svg


def test_a_chart_is_drawn_once_and_then_read_from_the_cache(monkeypatch):
    """Drawing is the slow part of the pack page: the same figures are not drawn again."""
    from django.core.cache import cache

    cache.clear()
    drawn = []
    real = charts._render
    monkeypatch.setattr(charts, "_render", lambda *a: drawn.append(1) or real(*a))
    series = [(date(2017, m, 1), 10 * m) for m in range(1, 7)]
    first = charts.trend_chart(series, title="Burglary: each month")
    again = charts.trend_chart(series, title="Burglary: each month")
    assert (again.svg, again.png) == (first.svg, first.png) and len(drawn) == 1
    changed = charts.trend_chart(
        [*series[:-1], (date(2017, 6, 1), 61)], title="Burglary: each month"
    )
    assert changed.svg != first.svg and len(drawn) == 2
