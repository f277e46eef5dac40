"""Indicator arithmetic as pure functions: targets, RAG ratings and changes in words.

Why this exists: a quarterly pro-rata target that is rounded per quarter no longer adds up
to the annual one; an indicator that is "for monitoring" (where more reporting can be good,
such as domestic abuse) must never be rated red or green. Keeping these rules here, with no
Django and no database, lets the indicator pages and the pack share one tested definition,
and lets the tests check the laws (quarters add up to the year) with Hypothesis.

The period arithmetic underneath (months, financial years, comparisons, rates) belongs to
the police data, the lower layer, in :mod:`csphub.police.calculations`; it is re-exported
here so that indicator and pack code reads one ``calc`` namespace.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Final

from csphub.police.calculations import (
    SMALL_NUMBER_THRESHOLD,
    Comparison,
    Number,
    Series,
    add_months,
    compare,
    coverage,
    exact_fraction,
    financial_quarter,
    financial_quarter_months,
    financial_year,
    financial_year_months,
    financial_year_start,
    format_number,
    fytd,
    fytd_coverage,
    fytd_label,
    fytd_months,
    is_zero,
    month_key,
    month_label,
    month_start,
    monthly_series,
    monthly_totals,
    months_between,
    parse_financial_year,
    parse_month,
    percentage_point_gap,
    period_label,
    quarter_label,
    rate_per,
    rolling_12,
    rolling_12_comparison,
    rolling_months,
    same_months_last_year,
    share_pct,
)

__all__ = [
    "AMBER",
    "GREEN",
    "HIGHER_IS_BETTER",
    "LOWER_IS_BETTER",
    "MONITOR",
    "NO_RATING",
    "POLARITIES",
    "RAG_STATES",
    "RED",
    "SMALL_NUMBER_THRESHOLD",
    "add_months",
    "change_phrase",
    "compare",
    "Comparison",
    "coverage",
    "default_period",
    "describe_change",
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
    "month_key",
    "month_label",
    "month_start",
    "monthly_series",
    "monthly_totals",
    "months_between",
    "Number",
    "parse_financial_year",
    "parse_month",
    "percentage_point_gap",
    "period_choices",
    "period_label",
    "pro_rata_targets",
    "pro_rata_to",
    "quarter_label",
    "rag",
    "rag_against_comparator",
    "rag_against_comparators",
    "rag_against_previous",
    "rate_figure",
    "rate_per",
    "rolling_12",
    "rolling_12_comparison",
    "rolling_months",
    "same_months_last_year",
    "Series",
    "share_pct",
]

LOWER_IS_BETTER: Final = "lower_is_better"
HIGHER_IS_BETTER: Final = "higher_is_better"
MONITOR: Final = "monitor"
POLARITIES: Final = (LOWER_IS_BETTER, HIGHER_IS_BETTER, MONITOR)
"""An indicator's polarity; ``monitor`` indicators are deliberately never RAG rated."""

GREEN: Final = "green"
AMBER: Final = "amber"
RED: Final = "red"
NO_RATING: Final = "none"
RAG_STATES: Final = (GREEN, AMBER, RED, NO_RATING)
"""The values :func:`rag` returns, best first; ``none`` means "not rated", not "bad"."""

# --- targets ---------------------------------------------------------------------------------


def pro_rata_targets(annual: float) -> list[float]:
    """Split an annual target into four quarterly targets that add up to it exactly.

    Each quarter is a quarter of the year; the last quarter takes whatever floating-point
    remainder is left, so ``sum(pro_rata_targets(a)) == a`` holds exactly (the subtraction
    is exact because the first three quarters add up to about three quarters of ``a``).
    """
    exact_fraction(annual, "The annual target")
    annual = float(annual)
    quarter = annual / 4
    first_three = [quarter, quarter, quarter]
    return [*first_three, annual - sum(first_three)]


def pro_rata_to(annual: float, to: date) -> float:
    """Return the target for the financial year to date: ``annual`` x months elapsed / 12.

    To July (4 months of the year) the pro-rata target is a third of the annual one.
    """
    exact_fraction(annual, "The annual target")
    return annual * len(fytd_months(to)) / 12


# --- RAG -------------------------------------------------------------------------------------


def _check_polarity(polarity: str) -> None:
    if polarity not in POLARITIES:
        raise ValueError(f"Unknown polarity {polarity!r}; expected one of {', '.join(POLARITIES)}")


def rag(
    polarity: str,
    value: Number | None,
    target: Number | None,
    tolerance_pct: float = 5.0,
) -> str:
    """Rate ``value`` against ``target``: "green", "amber", "red", or "none" (not rated).

    Green is on target or better; amber is on the wrong side but within ``tolerance_pct``
    per cent of the target; red is further out. A ``monitor`` indicator is never rated,
    whatever the figures, because for it a rise can be good news (more victims coming
    forward); nor is anything without a target or a value, since a colour there would be
    invented.
    """
    _check_polarity(polarity)
    if tolerance_pct < 0 or not math.isfinite(tolerance_pct):
        raise ValueError(f"The tolerance must be a percentage of 0 or more, not {tolerance_pct!r}")
    if polarity == MONITOR or value is None or target is None:
        return NO_RATING
    exact_value = exact_fraction(value, "The value")
    exact_target = exact_fraction(target, "The target")
    band = abs(exact_target) * exact_fraction(tolerance_pct, "The tolerance") / 100
    if polarity == LOWER_IS_BETTER:
        shortfall = exact_value - exact_target
    else:
        shortfall = exact_target - exact_value
    if shortfall <= 0:
        return GREEN
    if shortfall <= band:
        return AMBER
    return RED


def rag_against_previous(polarity: str, comparison: Comparison, tolerance_pct: float = 5.0) -> str:
    """Rate an indicator whose target is to improve on last year (the target is last year).

    A rise of up to ``tolerance_pct`` per cent on a lower-is-better indicator is amber.
    Small numbers are rated like any others; callers that suppress ratings on small numbers
    can check ``comparison.small``.
    """
    return rag(polarity, comparison.current, comparison.previous, tolerance_pct)


def rag_against_comparator(
    polarity: str, value: Number | None, comparator: Number | None, tolerance_pct: float = 5.0
) -> str:
    """Rate ``value`` against a comparator such as the London average.

    A comparator is an average, not a goal, so being *in line with* it (on the wrong side by
    no more than ``tolerance_pct`` per cent of it) is green, as the published reports count
    it ("reoffending is 25.3%, in line with the London and England and Wales average" is
    good performance); amber is worse by up to twice that, red further out. A ``monitor``
    indicator, or a missing value or comparator, is not rated.
    """
    _check_polarity(polarity)
    if tolerance_pct < 0 or not math.isfinite(tolerance_pct):
        raise ValueError(f"The tolerance must be a percentage of 0 or more, not {tolerance_pct!r}")
    if polarity == MONITOR or value is None or comparator is None:
        return NO_RATING
    exact_value = exact_fraction(value, "The value")
    exact_comparator = exact_fraction(comparator, "The comparator")
    band = abs(exact_comparator) * exact_fraction(tolerance_pct, "The tolerance") / 100
    if polarity == LOWER_IS_BETTER:
        worse_by = exact_value - exact_comparator
    else:
        worse_by = exact_comparator - exact_value
    if worse_by <= band:
        return GREEN
    if worse_by <= 2 * band:
        return AMBER
    return RED


def rag_against_comparators(
    polarity: str,
    value: Number | None,
    comparators: list[Number | None],
    tolerance_pct: float = 5.0,
) -> str:
    """Rate against every comparator given (London, England and Wales...) and keep the worst
    rating: a figure is only "in line" when it is in line with each average it is set
    against. Comparators without a value are skipped; none at all is not rated."""
    ratings = [
        rag_against_comparator(polarity, value, c, tolerance_pct)
        for c in comparators
        if c is not None
    ]
    ratings = [r for r in ratings if r != NO_RATING]
    if not ratings:
        _check_polarity(polarity)
        return NO_RATING
    return max(ratings, key=RAG_STATES.index)


def rate_figure(
    polarity: str,
    comparison: Comparison | None,
    target: Number | None = None,
    tolerance_pct: float = 5.0,
    *,
    has_previous: bool = True,
) -> str:
    """The rating a figure is shown with: "green", "amber", "red" or "none".

    Rated against ``target`` when there is one, else against last year's figure. Not rated
    (``none``) when there is nothing to rate, when the indicator is for monitoring, when
    there is no previous figure to compare with and no target (a missing figure is not 0),
    or when either count is under the small-number threshold (``comparison.small``): six
    frauds against four is "up 50%" and would be Red, but a colour on a handful of crimes
    invites exactly the over-reading the threshold is there to stop.
    """
    if comparison is None or comparison.small:
        _check_polarity(polarity)
        return NO_RATING
    if target is not None:
        return rag(polarity, comparison.current, target, tolerance_pct)
    if not has_previous:
        _check_polarity(polarity)
        return NO_RATING
    return rag_against_previous(polarity, comparison, tolerance_pct)


# --- periods ---------------------------------------------------------------------------------


def default_period(latest_by_source: Mapping[str, date | None]) -> date | None:
    """The month a performance page opens on: the latest for which every source has data.

    ``latest_by_source`` maps each source the page reads (e.g. "borough", "ward") to the
    last month it has data for, or None when it has none at all. The default is the
    earliest of those last months, so no table on the page opens on a month one of its
    sources has not reached (MPS borough data to December 2018 and ward data to March 2018
    give March 2018, not a page of zero hotspots). A source with no data at all does not
    hold the others back; with no data anywhere the answer is None.
    """
    months = [month_start(m) for m in latest_by_source.values() if m is not None]
    return min(months) if months else None


def period_choices(first: date | None, last: date | None, *, limit: int = 36) -> list[date]:
    """The months a period chooser offers, newest first: from ``last`` back to ``first``,
    at most ``limit`` of them (three financial years is as far back as a pack looks)."""
    if first is None or last is None:
        return []
    first, last = month_start(first), month_start(last)
    if first > last:
        return []
    months = months_between(max(first, add_months(last, -(limit - 1))), last)
    return list(reversed(months))


# --- narrative -------------------------------------------------------------------------------


def _singular(unit: str) -> str:
    """Singular of a plural unit: "offences" -> "offence", "calls to Police" -> "call to Police".

    Only the first word is changed, and only a plain trailing "s"; pass ``unit_singular`` to
    :func:`describe_change` for anything irregular.
    """
    first, space, rest = unit.partition(" ")
    if first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return first + space + rest


def describe_change(
    name: str,
    comparison: Comparison,
    unit: str = "offences",
    *,
    unit_singular: str | None = None,
) -> str:
    """Write the comparison as a sentence for an executive summary.

    "Burglary is up 27.6% (up 112 offences)", "Criminal damage is down 8.1% (down 56
    offences)", "Robbery is unchanged at 40 offences", "Arson is up from none to 4 offences".
    When either count is small the sentence gives both counts and says so, because a
    percentage on a handful of crimes misleads: "Arson is up 50.0% (up 1 offence, from 2 to
    3; small numbers: read the change with care)". ``unit`` is plural; its singular ("1
    offence", "1 call to Police") is derived unless ``unit_singular`` is given.
    """
    return f"{name} is {change_phrase(comparison, unit, unit_singular=unit_singular)}"


def change_phrase(
    comparison: Comparison,
    unit: str = "offences",
    *,
    unit_singular: str | None = None,
) -> str:
    """The change without the name, for a table cell: "up 27.6% (up 112 offences)".

    :func:`describe_change` is the name, "is", and this.
    """
    singular = unit_singular if unit_singular is not None else _singular(unit)

    def amount(value: Number) -> str:
        return "none" if is_zero(value) else format_number(abs(value))

    def counted(value: Number) -> str:
        if is_zero(value):
            return f"no {unit}"
        return f"{format_number(abs(value))} {singular if abs(value) == 1 else unit}"

    c = comparison
    direction = c.direction
    caveat = "small numbers: read the change with care"
    if direction == "unchanged":
        if is_zero(c.current):
            return f"unchanged (no {unit} in either period)"
        return f"unchanged at {counted(c.current)}"
    if c.change_pct is None:
        phrase = f"{direction} from none to {counted(c.current)}"
        return f"{phrase} ({caveat})" if c.small else phrase
    detail = f"{direction} {counted(c.change)}"
    if c.small:
        detail += f", from {amount(c.previous)} to {amount(c.current)}; {caveat}"
    return f"{direction} {abs(c.change_pct):.1f}% ({detail})"
