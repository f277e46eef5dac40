"""Arithmetic on monthly figures as pure functions: months, financial years, series totals,
comparisons and rates.

Why this exists: the crime summary, the pack and a partnership's indicators all rest on a
handful of calculations that analysts redo by hand in spreadsheets every month, and that go
wrong in the same places: the financial year starts in April, not January, so "year to date"
for July 2017 is April to July 2017 against April to July 2016; a percentage change on three
burglaries reads as a crisis. Keeping these rules here, with no Django and no database, lets
every caller share one tested definition. It sits in the police app because the police data
is the lowest layer that needs it; targets and RAG, which only indicators have, build on it
in :mod:`csphub.performance.calculations`.

Conventions:

- A *month* is a :class:`datetime.date` on the 1st of the month. Every function that takes a
  month also accepts any other day of that month (or a ``datetime``) and treats it as that
  month, so callers never have to normalise first; results are always 1st-of-month dates.
- A *series* is a mapping from month to a count (or other number). A month absent from the
  mapping, or mapped to ``None``, has no data; the totals count it as 0, and the
  ``*_coverage`` functions say how many months were really present so that callers can flag
  incomplete data instead of silently reporting a fall. Keys on other days of a month are
  added into that month.
- Percentages are rounded half away from zero (27.55 -> 27.6), computed exactly from the
  inputs, because that is how people check them with a calculator and because binary floating
  point would otherwise round some exact halves down.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Final, TypeAlias

__all__ = [
    "SMALL_NUMBER_THRESHOLD",
    "Series",
    "Comparison",
    "Number",
    "add_months",
    "compare",
    "coverage",
    "exact_fraction",
    "financial_quarter",
    "financial_quarter_months",
    "financial_year",
    "financial_year_months",
    "financial_year_start",
    "format_number",
    "fytd",
    "fytd_coverage",
    "fytd_label",
    "fytd_months",
    "is_zero",
    "month_key",
    "month_label",
    "month_start",
    "monthly_series",
    "monthly_totals",
    "months_between",
    "parse_financial_year",
    "parse_month",
    "percentage_point_gap",
    "period_label",
    "quarter_label",
    "rate_per",
    "rolling_12",
    "rolling_12_comparison",
    "rolling_months",
    "round_half_away",
    "same_months_last_year",
    "share_pct",
]

Number: TypeAlias = int | float
"""A count (int) or a measured value such as a rate or a percentage (float)."""

Series: TypeAlias = Mapping[date, Number | None]
"""Values by month; a missing month or a ``None`` value means no data for that month."""

FINANCIAL_YEAR_START_MONTH: Final = 4
"""UK public-sector financial years run from 1 April to 31 March."""

SMALL_NUMBER_THRESHOLD: Final = 10
"""Counts under this are "small numbers": a % change on them is not to be over-read."""
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# --- months ----------------------------------------------------------------------------------


def month_start(d: date) -> date:
    """Return the 1st of the month containing ``d``.

    This is the one place where a day becomes a month; a ``datetime`` becomes a plain date,
    because ``datetime(2017, 4, 1) != date(2017, 4, 1)`` and would miss dictionary lookups.
    """
    if isinstance(d, datetime):
        d = d.date()
    if not isinstance(d, date):
        raise TypeError(f"Expected a date, not {d!r}")
    return d.replace(day=1)


def add_months(m: date, n: int) -> date:
    """Return the month ``n`` months after the month of ``m`` (before it if ``n`` < 0)."""
    m = month_start(m)
    index = m.year * 12 + (m.month - 1) + n
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def months_between(start: date, end: date) -> list[date]:
    """Return every month from ``start`` to ``end``, both included, oldest first.

    An ``end`` before ``start`` gives an empty list, like ``range``, so that a loop over an
    empty period does nothing rather than fail.
    """
    first, last = month_start(start), month_start(end)
    months: list[date] = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def rolling_months(to: date, n: int = 12) -> list[date]:
    """Return the ``n`` months ending with (and including) the month of ``to``."""
    if n < 1:
        raise ValueError(f"A rolling period needs at least one month, not {n}")
    return months_between(add_months(to, -(n - 1)), to)


def same_months_last_year(months: Iterable[date]) -> list[date]:
    """Return each month moved back twelve months, in the same order.

    A year-on-year comparison must compare like with like (the same calendar months),
    because crime is seasonal: April to July against April to July.
    """
    return [add_months(m, -12) for m in months]


def parse_month(text: str) -> date:
    """Parse ``"2017-07"`` (or ``"2017-07-01"``, any day) into the month 2017-07-01.

    Command-line options and the police files both write months this way.
    """
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*", str(text))
    if not match:
        raise ValueError(f"Expected a month written as YYYY-MM, not {text!r}")
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return month_start(date(year, month, day))
    except ValueError:
        raise ValueError(f"{text!r} is not a real month (expected YYYY-MM)") from None


def month_key(m: date) -> str:
    """Return ``"2017-07"``: the month as machine-readable output (JSON, CSV) writes it."""
    m = month_start(m)
    return f"{m.year:04d}-{m.month:02d}"


def month_label(m: date) -> str:
    """Return ``"July 2017"``: the month as people write it in reports."""
    m = month_start(m)
    return f"{_MONTH_NAMES[m.month - 1]} {m.year}"


def period_label(start: date, end: date) -> str:
    """Return a period as reports write it: "April to July 2017", "April 2017 to March 2018".

    The year is given once when both ends share it, and a single month is just "July 2017".
    """
    first, last = month_start(start), month_start(end)
    if last < first:
        raise ValueError(f"The period ends ({last}) before it starts ({first})")
    if first == last:
        return month_label(first)
    if first.year == last.year:
        return f"{_MONTH_NAMES[first.month - 1]} to {month_label(last)}"
    return f"{month_label(first)} to {month_label(last)}"


# --- financial years and quarters -------------------------------------------------------------


def financial_year_start(m: date) -> date:
    """Return 1 April of the financial year containing ``m`` (31 March 2018 -> 1 April 2017)."""
    m = month_start(m)
    year = m.year if m.month >= FINANCIAL_YEAR_START_MONTH else m.year - 1
    return date(year, FINANCIAL_YEAR_START_MONTH, 1)


def financial_year(m: date) -> str:
    """Return the financial year label of ``m``: "2017/18" for April 2017 to March 2018.

    The second year is two digits, as councils write it; 1999/00 keeps its leading zero.
    """
    year = financial_year_start(m).year
    return f"{year}/{(year + 1) % 100:02d}"


def parse_financial_year(text: str) -> date:
    """Parse "2017/18" (or "2017-18") into 1 April 2017, checking the years are consecutive."""
    match = re.fullmatch(r"\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*", str(text))
    if not match:
        raise ValueError(f"Expected a financial year written as 2017/18, not {text!r}")
    year, second = int(match[1]), int(match[2])
    expected = year + 1 if len(match[2]) == 4 else (year + 1) % 100
    if second != expected:
        raise ValueError(f"{text!r} is not a financial year: the years must be consecutive")
    return date(year, FINANCIAL_YEAR_START_MONTH, 1)


def financial_year_months(m: date) -> list[date]:
    """Return the twelve months, April to March, of the financial year containing ``m``."""
    start = financial_year_start(m)
    return months_between(start, add_months(start, 11))


def financial_quarter(m: date) -> int:
    """Return the financial quarter of ``m``: 1 for April-June ... 4 for January-March."""
    m = month_start(m)
    return (m.month - FINANCIAL_YEAR_START_MONTH) % 12 // 3 + 1


def financial_quarter_months(m: date) -> list[date]:
    """Return the three months of the financial quarter containing ``m``."""
    first = add_months(financial_year_start(m), 3 * (financial_quarter(m) - 1))
    return months_between(first, add_months(first, 2))


def quarter_label(m: date) -> str:
    """Return "Q2 2017/18": the quarter and its financial year, as reports label columns."""
    return f"Q{financial_quarter(m)} {financial_year(m)}"


def fytd_months(to: date) -> list[date]:
    """Return the financial-year-to-date months: April of ``to``'s financial year to ``to``."""
    return months_between(financial_year_start(to), to)


def fytd_label(to: date) -> str:
    """Return the FYTD period in words, e.g. "April to July 2017"."""
    return period_label(financial_year_start(to), to)


# --- series ----------------------------------------------------------------------------------


def monthly_totals(series: Series) -> dict[date, Number]:
    """Return the series keyed by 1st-of-month dates, without months that have no data.

    Keys on other days of a month are added together, so daily or weekly figures can be
    passed straight in; ``None`` values (not recorded) are dropped rather than read as 0.
    """
    totals: dict[date, Number] = {}
    for day, value in series.items():
        if value is None:
            continue
        month = month_start(day)
        totals[month] = totals.get(month, 0) + value
    return totals


def _total(totals: Mapping[date, Number], months: Iterable[date]) -> Number:
    return sum((totals.get(m, 0) for m in months), 0)


def coverage(series: Series, months: Sequence[date]) -> tuple[int, int]:
    """Return (months with data, months expected) over ``months``.

    The totals treat a missing month as 0; this says whether that happened, so a caller can
    mark a figure as incomplete rather than report a fall that is only missing data.
    """
    totals = monthly_totals(series)
    wanted = [month_start(m) for m in months]
    return sum(1 for m in wanted if m in totals), len(wanted)


def fytd_coverage(series: Series, to: date) -> tuple[int, int]:
    """Return (months present, months expected) for :func:`fytd`, over both years.

    Both the current months and the same months a year earlier are counted, because a gap
    in either makes the comparison wrong: to July 2017 expects 8 months (4 + 4).
    """
    current = fytd_months(to)
    return coverage(series, current + same_months_last_year(current))


def fytd(series: Series, to: date, *, small_below: int = SMALL_NUMBER_THRESHOLD) -> Comparison:
    """Compare the financial year to date with the same months of the previous year.

    For ``to`` = July 2017 that is April-July 2017 against April-July 2016. Missing months
    count as 0; check :func:`fytd_coverage` to flag incomplete data.
    """
    totals = monthly_totals(series)
    current = fytd_months(to)
    return compare(
        _total(totals, current),
        _total(totals, same_months_last_year(current)),
        small_below=small_below,
    )


def rolling_12(series: Series, to: date) -> Number:
    """Return the total of the twelve months ending with ``to`` (missing months count 0).

    A rolling year smooths out seasons and, unlike FYTD, is comparable in any month.
    """
    return _total(monthly_totals(series), rolling_months(to, 12))


def rolling_12_comparison(
    series: Series, to: date, *, small_below: int = SMALL_NUMBER_THRESHOLD
) -> Comparison:
    """Compare the twelve months to ``to`` with the twelve months before them.

    This is "the twelve months to June 2017 compared with the previous year", as reports on
    hate crime put it.
    """
    totals = monthly_totals(series)
    months = rolling_months(to, 12)
    return compare(
        _total(totals, months),
        _total(totals, same_months_last_year(months)),
        small_below=small_below,
    )


def monthly_series(series: Series, start: date, end: date) -> list[tuple[date, Number]]:
    """Return (month, value) for every month from ``start`` to ``end``, with gaps as 0.

    Charts need one point per month; a gap drawn as a missing point reads as an error.
    """
    totals = monthly_totals(series)
    return [(m, totals.get(m, 0)) for m in months_between(start, end)]


# --- comparisons -----------------------------------------------------------------------------


def exact_fraction(value: Number, name: str) -> Fraction:
    """Exact value of a number, refusing NaN and infinity (they would compare as nonsense)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    try:
        return Fraction(value)
    except TypeError:
        raise TypeError(f"{name} must be a number, not {value!r}") from None


def round_half_away(value: Fraction, places: int) -> float:
    """Round exactly, halves away from zero, as people do by hand (and as Excel does).

    A result too large for a float (a percentage of a denominator near 1e-308) becomes an
    infinity of the right sign rather than an error; real figures never get there.
    """
    scale = 10**places
    magnitude = Fraction(math.floor(abs(value) * scale + Fraction(1, 2)), scale)
    try:
        result = float(magnitude)
    except OverflowError:
        result = math.inf
    return -result if value < 0 and result else result  # never "-0.0" in output


@dataclass(frozen=True)
class Comparison:
    """A figure against the figure it is compared with (usually the same period last year).

    ``change`` is ``current - previous``; ``change_pct`` is that as a percentage of
    ``previous`` (rounded to 1 decimal place), or None when ``previous`` is 0 because a
    percentage rise from nothing has no meaning. ``small`` says at least one of the two is
    a small number, so a percentage change on it must not be over-read.
    """

    current: Number
    previous: Number
    change: Number
    change_pct: float | None
    small: bool

    @property
    def direction(self) -> str:
        """Return "up", "down" or "unchanged", for wording and for arrows in tables."""
        if is_zero(self.change):
            return "unchanged"
        return "up" if self.change > 0 else "down"


def compare(
    current: Number, previous: Number, *, small_below: int = SMALL_NUMBER_THRESHOLD
) -> Comparison:
    """Compare ``current`` with ``previous``: difference, % change and a small-numbers flag.

    The percentage is of the size of ``previous`` (its absolute value), so that "up" always
    means a positive change. ``small`` is True when either figure is under ``small_below``
    (pass 0 to switch the flag off, e.g. for rates and percentages, which are not counts).
    """
    exact_current = exact_fraction(current, "The current figure")
    exact_previous = exact_fraction(previous, "The previous figure")
    if small_below < 0:
        raise ValueError(f"small_below must be 0 or more, not {small_below!r}")
    change = current - previous
    change_pct = (
        None
        if exact_previous == 0
        else round_half_away((exact_current - exact_previous) / abs(exact_previous) * 100, 1)
    )
    small = min(abs(exact_current), abs(exact_previous)) < small_below
    return Comparison(current, previous, change, change_pct, small)


def share_pct(part: Number, whole: Number) -> float | None:
    """Return ``part`` as a percentage of ``whole`` (1 dp), or None when ``whole`` is 0.

    For a force-wide comparison: the borough's share of the force's (or London's) crime.
    """
    exact_whole = exact_fraction(whole, "The whole")
    if exact_whole == 0:
        return None
    return round_half_away(exact_fraction(part, "The part") / exact_whole * 100, 1)


def percentage_point_gap(area: Comparison, comparator: Comparison) -> float | None:
    """Return the area's % change minus the comparator's, in percentage points (1 dp).

    "Burglary is up 27.6% against 7% across London" is a gap of 20.6 points; None when
    either side has no % change (a previous figure of 0).
    """
    if area.change_pct is None or comparator.change_pct is None:
        return None
    gap = Fraction(str(area.change_pct)) - Fraction(str(comparator.change_pct))
    return round_half_away(gap, 1)


# --- rates -----------------------------------------------------------------------------------


def rate_per(count: Number | None, population: Number | None, per: int = 1000) -> float | None:
    """Return ``count`` per ``per`` people (2 dp), or None when there is no population.

    Rates make areas of different sizes comparable: per 1,000 residents, or per 100,000
    10-17 year olds for first-time entrants. Computed exactly, so the rate depends only on
    the ratio: 10 in 1,000 and 1,000 in 100,000 give the same figure. A missing count gives
    None too, because "no data" is not a rate of 0.
    """
    if count is None or not population:
        return None
    exact_population = exact_fraction(population, "The population")
    if exact_population < 0:
        raise ValueError(f"A population cannot be negative: {population!r}")
    if per <= 0:
        raise ValueError(f"Rates are per a positive number of people, not {per!r}")
    return round_half_away(exact_fraction(count, "The count") * per / exact_population, 2)


# --- numbers in words -----------------------------------------------------------------------


def is_zero(value: Number) -> bool:
    """Zero, allowing for floating-point noise such as 0.1 + 0.2 - 0.3."""
    return math.isclose(value, 0, abs_tol=1e-9)


def format_number(value: Number) -> str:
    """Write a number for a sentence: "1,234", "56", "3.5"; at most 2 decimal places."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
