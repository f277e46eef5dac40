"""Charts for the performance pack: monthly trend lines and hotspot bars, as SVG and PNG.

Why this exists: a crime pack is printed, photocopied and read on screen by people who
cannot tell red from green, so a chart must say everything without colour. The main series
is a solid line with filled circles, the comparison a dashed line with open squares and the
target a dotted line labelled in words; the y axis starts at 0 so a rise is not exaggerated;
every chart carries a generated text description (``Chart.alt``) and the numbers it shows
(``Chart.data``) so the HTML, PDF, DOCX and CSV outputs say the same thing.

Each chart comes as SVG (for HTML and PDF: sharp, small, searchable text) and PNG (for Word,
which cannot take SVG through python-docx). The SVG is rewritten after matplotlib draws it:
no ``style`` attributes or ``<style>`` element (so it works under a Content Security Policy
without ``'unsafe-inline'``), no metadata, ids unique to the chart, and a ``<title>`` and
``<desc>``. The same input always gives byte-identical output.

Pure: no Django. Months follow :mod:`csphub.performance.calculations` (any day of a month
means that month).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import threading
import xml.etree.ElementTree as ET  # noqa: S405 - parses only the SVG matplotlib just wrote
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from .calculations import (
    add_months,
    format_number,
    month_key,
    month_label,
    month_start,
    months_between,
)

__all__ = ["Chart", "bar_chart", "trend_chart"]

Number = int | float

# Dark enough to read as distinct from white in greyscale; meaning never rests on the hue.
INK = "#0b0c0c"
SERIES_COLOUR = "#1d4f91"
COMPARISON_COLOUR = "#505a5f"
TARGET_COLOUR = "#0b0c0c"
GRID_COLOUR = "#dddddd"
FONTS = ["Liberation Sans", "DejaVu Sans"]  # installed locally; never fetched
FONT_STACK = "'Liberation Sans', Arial, 'DejaVu Sans', sans-serif"  # Arial: same metrics
PNG_DPI = 200
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RC = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, read by PDF tools
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 10,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "path.simplify": False,  # every month's point is drawn
}
_LOCK = threading.Lock()  # matplotlib's rcParams are process-wide

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_NUMERIC_ATTRS = {
    "d",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "width",
    "height",
    "points",
    "transform",
    "viewBox",
    "stroke-width",
    "stroke-dasharray",
    "stroke-dashoffset",
    "font-size",
}
_DECIMAL = re.compile(r"-?\d+\.\d+")
_NO_ROTATION = re.compile(r"rotate\(-?0(?:\.0+)? [^)]*\)")
_URL_REF = re.compile(r"url\(#([^)]+)\)")


@dataclass(frozen=True)
class Chart:
    """A drawn chart: SVG markup, PNG bytes, a text description and the numbers shown.

    ``data`` is one dict per point (trend: ``month``, ``label``, ``value``,
    ``comparison_month``, ``comparison``, ``target``; bar: ``category``, ``value``), for a
    table or CSV beside the chart.
    """

    svg: str
    png: bytes = field(repr=False)
    alt: str
    data: list[dict[str, Any]]


# --- trend chart ---------------------------------------------------------------------


def trend_chart(
    series: Sequence[tuple[date, Number]],
    *,
    title: str,
    comparison: Sequence[tuple[date, Number]] | None = None,
    comparison_label: str = "Same month last year",
    comparison_lag: int = 12,
    target: float | None = None,
    unit: str = "offences",
    series_label: str | None = None,
) -> Chart:
    """A monthly line chart of ``series`` that reads in greyscale.

    ``comparison`` points are given at their own months and drawn ``comparison_lag`` months
    later, beside the month they compare with: by default the same month a year earlier
    (pass April 2016's figure; it is drawn above April 2017). For a comparison on the same
    months, such as a London figure, pass ``comparison_lag=0``. ``target`` is a monthly
    level drawn as a dotted line. The y axis starts at 0. ``series_label`` names the
    series in the legend (shown when there is a comparison); by default its period.
    """
    points = _months(series, "series")
    if not points:
        raise ValueError("A trend chart needs at least one month of data")
    if not title.strip():
        raise ValueError("A chart needs a title")
    shifted = {
        add_months(m, comparison_lag): (m, v)
        for m, v in _months(comparison or [], "comparison").items()
    }
    if target is not None:
        _check_number(target, "target")
    ident = _ident("trend", title, points, shifted, comparison_label, target, unit, series_label)
    alt = _trend_alt(title, points, shifted, comparison_label, comparison_lag, target, unit)

    every = set(points) | set(shifted)
    months = months_between(min(every), max(every))
    first = months[0]

    def x(m: date) -> int:
        return (m.year - first.year) * 12 + m.month - first.month

    def draw() -> tuple[str, bytes]:
        with _LOCK, matplotlib.rc_context(_RC):
            fig = Figure(figsize=(8, 3.9), layout="constrained")
            ax = fig.add_subplot()
            # A month with no data breaks the line (NaN) rather than being bridged over
            span = months_between(min(points), max(points))
            ax.plot(
                [x(m) for m in span],
                [points.get(m, math.nan) for m in span],
                color=SERIES_COLOUR,
                linestyle="solid",
                linewidth=2.4,
                marker="o",
                markersize=6,
                label=series_label or _period_short(points),
                zorder=3,
                clip_on=False,
            )
            if shifted:
                span = months_between(min(shifted), max(shifted))
                ax.plot(
                    [x(m) for m in span],
                    [shifted[m][1] if m in shifted else math.nan for m in span],
                    color=COMPARISON_COLOUR,
                    linestyle=(0, (6, 3.5)),
                    linewidth=1.8,
                    marker="s",
                    markersize=5.5,
                    markerfacecolor="white",
                    markeredgewidth=1.6,
                    label=comparison_label,
                    zorder=2,
                    clip_on=False,
                )
            if target is not None:
                ax.axhline(
                    target, color=TARGET_COLOUR, linestyle=(0, (1, 2)), linewidth=1.4, zorder=1
                )
                ax.annotate(
                    f"Target {format_number(target)}",
                    xy=(1, target),
                    xycoords=("axes fraction", "data"),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                )
            last = points[max(points)]
            ax.annotate(
                format_number(last),
                xy=(x(max(points)), last),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                fontweight="bold",
            )
            _month_axis(ax, months, x)
            values = (
                [*points.values()]
                + [v for _, v in shifted.values()]
                + ([target] if target is not None else [])
            )
            _value_axis(ax, values, axis="y")
            ax.set_ylabel(unit[:1].upper() + unit[1:])
            ax.set_title(
                title, loc="left", fontsize=12, fontweight="bold", pad=26 if shifted else 8
            )
            if shifted:
                ax.legend(
                    loc="lower left",
                    bbox_to_anchor=(0, 1.0),
                    ncols=2,
                    frameon=False,
                    handlelength=3.2,
                    borderaxespad=0.2,
                    fontsize=9,
                )
            return _render(fig, ident, title, alt)

    svg, png = _cached(ident, draw)

    data = []
    for m in months:
        previous = shifted.get(m)
        data.append(
            {
                "month": month_key(m),
                "label": _short_month(m),
                "value": points.get(m),
                "comparison_month": month_key(previous[0]) if previous else None,
                "comparison": previous[1] if previous else None,
                "target": target,
            }
        )
    return Chart(svg=svg, png=png, alt=alt, data=data)


def _period_short(points: dict[date, Number]) -> str:
    first, last = min(points), max(points)
    if first == last:
        return month_label(last)
    start = f"{_MONTH_ABBR[first.month - 1]} {first.year}"
    return f"{start} to {_MONTH_ABBR[last.month - 1]} {last.year}"


def _month_axis(ax: Any, months: list[date], x: Any) -> None:
    """Ticks every month, labelled "Apr 17"; every 2nd (3rd ...) label past 13 months."""
    span = x(months[-1]) + 1
    step = max(1, math.ceil(span / 13))
    ticks = list(range(span))
    ax.xaxis.set_major_locator(FixedLocator([t for t in ticks if t % step == 0]))
    ax.xaxis.set_minor_locator(FixedLocator(ticks))
    first = months[0]
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: _short_month(add_months(first, round(value))))
    )
    ax.set_xlim(-0.5, span - 0.5)
    ax.tick_params(axis="x", which="minor", length=2)


def _value_axis(ax: Any, values: list[Number], *, axis: str) -> None:
    """From 0 (or the lowest negative value), integer ticks for counts, light gridlines."""
    low = min(0, *values)
    high = max(0, *values)
    if high == low:
        high = low + 1
    integers = all(float(v).is_integer() for v in values)
    headroom = high * (1.06 if axis == "y" else 1.12)  # room for the value labels
    ticks = [
        float(t)
        for t in MaxNLocator(nbins=5, integer=integers, min_n_ticks=3).tick_values(low, headroom)
        if low - 1e-9 <= t
    ]
    top = max(ticks[-1], headroom)
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(FixedLocator([t for t in ticks if t <= top + 1e-9]))
    target.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(round(value, 6))))
    if axis == "y":
        ax.set_ylim(low, top)
    else:
        ax.set_xlim(low, top)
    ax.grid(axis=axis, color=GRID_COLOUR, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left" if axis == "y" else "bottom"].set_visible(False)
    ax.tick_params(axis=axis, length=0)


def _trend_alt(
    title: str,
    points: dict[date, Number],
    shifted: dict[date, tuple[date, Number]],
    comparison_label: str,
    comparison_lag: int,
    target: float | None,
    unit: str,
) -> str:
    """ "Burglary ..., April 2016 to July 2017: highest 140 in March 2017, lowest 88 in May
    2016; latest 131 in July 2017, up 12 on July 2016." and what the lines are."""
    first, last = min(points), max(points)
    period = month_label(last) if first == last else f"{month_label(first)} to {month_label(last)}"
    latest = points[last]
    text = f"{title}, {period}: "
    if first != last:
        text += (
            f"highest {_extreme(points, max(points.values()))}, "
            f"lowest {_extreme(points, min(points.values()))}; "
        )
    text += f"latest {format_number(latest)} in {month_label(last)}"
    year_ago = add_months(last, -12)
    if year_ago in points:
        text += f", {_change(latest, points[year_ago])} {month_label(year_ago)}"
    elif last in shifted and comparison_lag != 0:
        was, value = shifted[last]
        text += f", {_change(latest, value)} {month_label(was)}"
    elif last in shifted:
        text += f"; {comparison_label} {format_number(shifted[last][1])}"
    text += f". A line chart of {unit} per month, solid line with round markers"
    if shifted:
        text += f"; {comparison_label.lower()} is a dashed line with square markers"
    if target is not None:
        text += f"; a dotted line marks the target of {format_number(target)}"
    return text + "."


def _extreme(points: dict[date, Number], value: Number) -> str:
    months = [month_label(m) for m in sorted(points) if points[m] == value]
    where = months[0] if len(months) == 1 else " and ".join([", ".join(months[:-1]), months[-1]])
    if len(months) > 3:
        where = f"{len(months)} months, most recently {months[-1]}"
    return f"{format_number(value)} in {where}"


def _change(now: Number, then: Number) -> str:
    difference = now - then
    if math.isclose(difference, 0, abs_tol=1e-9):
        return "the same as"
    direction = "up" if difference > 0 else "down"
    return f"{direction} {format_number(abs(difference))} on"


def _short_month(m: date) -> str:
    return f"{_MONTH_ABBR[m.month - 1]} {m.year % 100:02d}"


# --- bar chart -----------------------------------------------------------------------


def bar_chart(
    categories: Sequence[tuple[str, Number]],
    *,
    title: str,
    unit: str = "offences",
) -> Chart:
    """Horizontal bars in the order given (first at the top), each labelled with its value.

    For hotspots: pass the areas already sorted, e.g. most offences first.
    """
    rows = [(str(name), value) for name, value in categories]
    if not rows:
        raise ValueError("A bar chart needs at least one category")
    if not title.strip():
        raise ValueError("A chart needs a title")
    for name, value in rows:
        _check_number(value, f"the value for {name!r}")
    ident = _ident("bar", title, rows, unit)
    alt = _bar_alt(title, rows, unit)

    with _LOCK, matplotlib.rc_context(_RC):
        fig = Figure(figsize=(8, 1.3 + 0.36 * len(rows)), layout="constrained")
        ax = fig.add_subplot()
        positions = list(range(len(rows)))
        bars = ax.barh(
            positions, [v for _, v in rows], color=SERIES_COLOUR, height=0.62, edgecolor=INK
        )
        ax.bar_label(
            bars, labels=[format_number(v) for _, v in rows], padding=4, fontsize=9, color=INK
        )
        ax.set_yticks(positions, labels=[name for name, _ in rows])
        ax.invert_yaxis()
        _value_axis(ax, [v for _, v in rows], axis="x")
        ax.spines["left"].set_visible(True)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(unit[:1].upper() + unit[1:])
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
        svg, png = _render(fig, ident, title, alt)

    data = [{"category": name, "value": value} for name, value in rows]
    return Chart(svg=svg, png=png, alt=alt, data=data)


def _bar_alt(title: str, rows: list[tuple[str, Number]], unit: str) -> str:
    listed = "; ".join(f"{name} {format_number(value)}" for name, value in rows)
    return f"{title}: a bar chart of {unit}, {len(rows)} shown. {listed}."


# --- shared --------------------------------------------------------------------------


def _check_number(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r}")


def _months(points: Sequence[tuple[date, Number]], what: str) -> dict[date, Number]:
    out: dict[date, Number] = {}
    for when, value in points:
        month = month_start(when)
        if month in out:
            raise ValueError(f"The {what} has {month_label(month)} twice")
        _check_number(value, f"The {what} value for {month_label(month)}")
        out[month] = value
    return dict(sorted(out.items()))


CACHE_VERSION = 1
"""Bump when the drawing code changes, so cached charts from an older version are not used."""


def _cached(ident: str, draw: Callable[[], tuple[str, bytes]]) -> tuple[str, bytes]:
    """The chart's SVG and PNG from Django's cache, drawing them only when missing.

    ``ident`` is a digest of everything the chart is drawn from, so a cached chart is never
    stale: new figures give a new ident. Drawing takes matplotlib a second or more per
    chart, and a pack page has several.
    """
    from django.core.cache import cache

    key = f"csphub:chart:{CACHE_VERSION}:{matplotlib.__version__}:{ident}"
    found = cache.get(key)
    if found is None:
        found = draw()
        cache.set(key, found, timeout=7 * 24 * 3600)
    return found


def _ident(*parts: object) -> str:
    """An id prefix from the chart's content: stable, and different for different charts."""
    return "chart-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:10]


def _render(fig: Figure, ident: str, title: str, alt: str) -> tuple[str, bytes]:
    with matplotlib.rc_context({"svg.hashsalt": ident}):
        svg_out = io.BytesIO()
        fig.savefig(svg_out, format="svg", metadata={"Date": None})
    png_out = io.BytesIO()
    fig.savefig(png_out, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return _clean_svg(svg_out.getvalue(), ident, title, alt), png_out.getvalue()


def _clean_svg(raw: bytes, ident: str, title: str, alt: str) -> str:
    """matplotlib's SVG, made small, CSP-safe and accessible (see the module docstring)."""
    root = ET.fromstring(raw)  # noqa: S314 - our own output, just written by matplotlib
    q = f"{{{SVG_NS}}}"
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{q}metadata", f"{q}style", f"{q}title", f"{q}desc"):
                parent.remove(child)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{q}defs" and len(child) == 0:
                parent.remove(child)

    referenced: list[str] = []
    for element in root.iter():
        href = element.attrib.pop(XLINK_HREF, None)
        if href is not None:
            element.set("href", href)
        if (href := element.get("href", "")).startswith("#"):
            referenced.append(href[1:])
        for value in element.attrib.values():
            referenced += _URL_REF.findall(value)
    renamed = {old: f"{ident}-{n}" for n, old in enumerate(dict.fromkeys(referenced), start=1)}

    for element in root.iter():
        style = element.attrib.pop("style", "")
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip(), value.strip()
            if name and value:
                element.set(name, FONT_STACK if name == "font-family" else value)
        if "id" in element.attrib:
            old = element.attrib.pop("id")
            if old in renamed:
                element.set("id", renamed[old])
        if element.get("href", "").startswith("#"):
            element.set("href", "#" + renamed[element.get("href", "")[1:]])
        for name, value in list(element.attrib.items()):
            if "url(#" in value:
                value = _URL_REF.sub(lambda m: f"url(#{renamed[m[1]]})", value)
            if name == "transform":
                value = _NO_ROTATION.sub("", value).strip()
                if not value:
                    del element.attrib[name]
                    continue
            if name in _NUMERIC_ATTRS:
                value = _DECIMAL.sub(_round, " ".join(value.split()))
            element.set(name, value)
        if element.get("font-family") == FONT_STACK and element is not root:
            del element.attrib["font-family"]
        element.tail = None
        if element.tag not in (f"{q}text", f"{q}tspan"):
            element.text = None

    title_el = ET.Element(f"{q}title", {"id": f"{ident}-title"})
    title_el.text = title
    desc_el = ET.Element(f"{q}desc", {"id": f"{ident}-desc"})
    desc_el.text = alt
    root.insert(0, desc_el)
    root.insert(0, title_el)
    root.attrib.pop("version", None)
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title")
    root.set("aria-describedby", f"{ident}-desc")
    root.set("font-family", FONT_STACK)
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    for element in root.iter():  # plain names and one xmlns: no "ns0:" prefixes
        element.tag = element.tag.removeprefix(q)
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.attrib.update({"xmlns": SVG_NS, **attributes})
    return ET.tostring(root, encoding="unicode")


def _round(match: re.Match[str]) -> str:
    text = f"{float(match[0]):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
