"""Tests for the performance calculations.

The worked examples are the places where hand calculation goes wrong (the 31 March / 1 April
boundary, a rolling year that crosses a calendar year, rounding of exact halves) and the
figures of Barking and Dagenham's Performance Call Over (seed 004). The property tests check
the laws the reports rely on against brute-force definitions: every day lies in exactly one
financial year and quarter, quarterly targets add up to the annual one, a rate depends only
on the ratio, a rating never gets better as a lower-is-better figure rises, and a
monitor-only indicator is never rated.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.performance import calculations as calc
from csphub.performance.calculations import (
    AMBER,
    GREEN,
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    MONITOR,
    NO_RATING,
    RED,
    Comparison,
    add_months,
    compare,
    coverage,
    describe_change,
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
    pro_rata_targets,
    pro_rata_to,
    quarter_label,
    rag,
    rag_against_previous,
    rate_per,
    rolling_12,
    rolling_12_comparison,
    rolling_months,
    same_months_last_year,
    share_pct,
)
from csphub.police import calculations

PROPERTY = settings(max_examples=1000, deadline=None)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
months = days.map(month_start)
counts = st.integers(min_value=0, max_value=10**7)
numbers = st.one_of(
    counts,
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
rated_polarities = st.sampled_from([LOWER_IS_BETTER, HIGHER_IS_BETTER])
tolerances = st.floats(min_value=0, max_value=100, allow_nan=False)
series_values = st.dictionaries(
    st.dates(min_value=date(2010, 1, 1), max_value=date(2020, 12, 31)).map(month_start),
    st.integers(min_value=0, max_value=10_000),
    max_size=60,
)

SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}


def m(year: int, month: int) -> date:
    return date(year, month, 1)


def brute_force_fy_start(day: date) -> date:
    """The 1 April on or before ``day``, found by stepping back a day at a time in months."""
    candidate = date(day.year, 4, 1)
    return candidate if candidate <= day else date(day.year - 1, 4, 1)


# --- the module stays pure ---------------------------------------------------------------------


def test_module_imports_only_the_standard_library():
    """The calculations must run without Django (and be testable without a database)."""
    tree = ast.parse(Path(calculations.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_everything_exported_exists():
    for name in calculations.__all__:
        assert hasattr(calculations, name), name


# --- months ------------------------------------------------------------------------------------


def test_month_start_normalises_days_and_datetimes():
    assert month_start(date(2017, 7, 31)) == m(2017, 7)
    assert month_start(datetime(2017, 7, 31, 23, 59)) == m(2017, 7)
    assert type(month_start(datetime(2017, 7, 1))) is date
    with pytest.raises(TypeError):
        month_start("2017-07")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (m(2017, 1), -1, m(2016, 12)),
        (m(2017, 12), 1, m(2018, 1)),
        (m(2017, 7), -12, m(2016, 7)),
        (m(2017, 7), 25, m(2019, 8)),
        (date(2017, 1, 31), 1, m(2017, 2)),  # no "31 February" problem: months, not days
        (m(2017, 7), 0, m(2017, 7)),
    ],
)
def test_add_months(start, n, expected):
    assert add_months(start, n) == expected


def test_months_between_is_inclusive_and_empty_when_reversed():
    assert months_between(date(2016, 11, 15), date(2017, 2, 3)) == [
        m(2016, 11),
        m(2016, 12),
        m(2017, 1),
        m(2017, 2),
    ]
    assert months_between(m(2017, 7), m(2017, 7)) == [m(2017, 7)]
    assert months_between(m(2017, 7), m(2017, 6)) == []


def test_rolling_months():
    assert rolling_months(m(2017, 3)) == months_between(m(2016, 4), m(2017, 3))
    assert rolling_months(m(2017, 3), 1) == [m(2017, 3)]
    with pytest.raises(ValueError, match="at least one month"):
        rolling_months(m(2017, 3), 0)


def test_same_months_last_year_keeps_order():
    assert same_months_last_year([m(2017, 4), m(2017, 1), m(2018, 3)]) == [
        m(2016, 4),
        m(2016, 1),
        m(2017, 3),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2017-07", m(2017, 7)), ("2017-7", m(2017, 7)), (" 2017-07-19 ", m(2017, 7))],
)
def test_parse_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["2017-13", "2017/07", "July 2017", "", "2017-02-30"])
def test_parse_month_refuses_nonsense(text):
    with pytest.raises(ValueError, match="month"):
        parse_month(text)


def test_month_labels():
    assert month_key(date(2017, 7, 19)) == "2017-07"
    assert month_label(m(2017, 7)) == "July 2017"
    assert period_label(m(2017, 4), m(2017, 7)) == "April to July 2017"
    assert period_label(m(2017, 4), m(2018, 3)) == "April 2017 to March 2018"
    assert period_label(m(2017, 7), m(2017, 7)) == "July 2017"
    assert fytd_label(m(2017, 7)) == "April to July 2017"
    assert fytd_label(m(2018, 2)) == "April 2017 to February 2018"
    with pytest.raises(ValueError, match="before it starts"):
        period_label(m(2017, 7), m(2017, 4))


# --- financial years and quarters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label", "start"),
    [
        (date(2018, 3, 31), "2017/18", date(2017, 4, 1)),
        (date(2018, 4, 1), "2018/19", date(2018, 4, 1)),
        (date(2017, 4, 1), "2017/18", date(2017, 4, 1)),
        (date(2017, 1, 1), "2016/17", date(2016, 4, 1)),
        (date(2017, 12, 31), "2017/18", date(2017, 4, 1)),
        (date(1999, 6, 1), "1999/00", date(1999, 4, 1)),
        (date(2009, 5, 1), "2009/10", date(2009, 4, 1)),
    ],
)
def test_financial_year_boundaries(day, label, start):
    assert financial_year(day) == label
    assert financial_year_start(day) == start


@pytest.mark.parametrize(
    ("month", "quarter"),
    [
        (4, 1),
        (5, 1),
        (6, 1),
        (7, 2),
        (8, 2),
        (9, 2),
        (10, 3),
        (11, 3),
        (12, 3),
        (1, 4),
        (2, 4),
        (3, 4),
    ],
)
def test_quarter_one_is_april_to_june(month, quarter):
    assert financial_quarter(date(2017, month, 15)) == quarter


def test_quarter_labels_and_months():
    assert quarter_label(date(2017, 8, 1)) == "Q2 2017/18"
    assert quarter_label(date(2018, 3, 31)) == "Q4 2017/18"
    assert quarter_label(date(2018, 4, 1)) == "Q1 2018/19"
    assert financial_quarter_months(date(2018, 2, 10)) == [m(2018, 1), m(2018, 2), m(2018, 3)]
    assert financial_year_months(m(2018, 2)) == months_between(m(2017, 4), m(2018, 3))


def test_parse_financial_year():
    assert parse_financial_year("2017/18") == date(2017, 4, 1)
    assert parse_financial_year("2017-18") == date(2017, 4, 1)
    assert parse_financial_year("1999/00") == date(1999, 4, 1)
    assert parse_financial_year("2017/2018") == date(2017, 4, 1)
    for text in ["2017/19", "2017", "17/18", "2017/2019"]:
        with pytest.raises(ValueError, match="financial year"):
            parse_financial_year(text)


def test_fytd_months_for_july_2017_are_april_to_july():
    assert fytd_months(date(2017, 7, 31)) == [m(2017, 4), m(2017, 5), m(2017, 6), m(2017, 7)]
    assert same_months_last_year(fytd_months(m(2017, 7))) == months_between(m(2016, 4), m(2016, 7))
    assert fytd_months(m(2017, 4)) == [m(2017, 4)]
    assert fytd_months(m(2018, 3)) == months_between(m(2017, 4), m(2018, 3))


@PROPERTY
@given(days)
def test_every_day_is_in_exactly_one_financial_year(day):
    start = financial_year_start(day)
    assert start == brute_force_fy_start(day)
    assert start <= day < date(start.year + 1, 4, 1)
    assert financial_year(day) == f"{start.year}/{str(start.year + 1)[-2:]}"
    years_containing = [
        year for year in (day.year - 1, day.year) if date(year, 4, 1) <= day < date(year + 1, 4, 1)
    ]
    assert years_containing == [start.year]
    assert parse_financial_year(financial_year(day)) == start
    assert month_start(day) in financial_year_months(day)


@PROPERTY
@given(days)
def test_every_day_is_in_exactly_one_quarter(day):
    fy_months = financial_year_months(day)
    quarters = [fy_months[i : i + 3] for i in range(0, 12, 3)]
    containing = [q for q, ms in enumerate(quarters, start=1) if month_start(day) in ms]
    assert containing == [financial_quarter(day)]
    assert financial_quarter_months(day) == quarters[financial_quarter(day) - 1]
    assert quarter_label(day) == f"Q{financial_quarter(day)} {financial_year(day)}"


@PROPERTY
@given(days)
def test_fytd_months_run_from_april_to_the_month(day):
    ms = fytd_months(day)
    assert ms[0] == financial_year_start(day)
    assert ms[-1] == month_start(day)
    assert len(ms) == (day.month - 4) % 12 + 1
    assert all(financial_year(x) == financial_year(day) for x in ms)
    assert all(b == add_months(a, 1) for a, b in zip(ms, ms[1:], strict=False))


@PROPERTY
@given(months, st.integers(min_value=-600, max_value=600))
def test_add_months_round_trips_and_counts(month, n):
    later = add_months(month, n)
    assert add_months(later, -n) == month
    assert later.day == 1
    span = months_between(month, later) if n >= 0 else months_between(later, month)
    assert len(span) == abs(n) + 1


# --- series ------------------------------------------------------------------------------------


def series_between(start: date, end: date, value) -> dict[date, int]:
    return {month: value(month) for month in months_between(start, end)}


def test_fytd_to_july_2017_is_april_to_july_against_the_year_before():
    series = series_between(m(2015, 1), m(2018, 12), lambda month: 1)
    series.update({m(2017, 4): 100, m(2017, 5): 110, m(2017, 6): 120, m(2017, 7): 130})
    series.update({m(2016, 4): 90, m(2016, 5): 95, m(2016, 6): 100, m(2016, 7): 105})
    # Neighbouring months that must not be counted.
    series.update({m(2017, 3): 10_000, m(2017, 8): 10_000, m(2016, 3): 10_000})
    result = fytd(series, m(2017, 7))
    assert result == Comparison(current=460, previous=390, change=70, change_pct=17.9, small=False)
    assert fytd_coverage(series, m(2017, 7)) == (8, 8)


def test_fytd_in_april_is_one_month_and_in_march_is_the_whole_year():
    series = series_between(m(2015, 1), m(2018, 12), lambda month: month.month)
    assert fytd(series, m(2017, 4)).current == 4
    assert fytd(series, m(2017, 4)).previous == 4
    assert fytd(series, m(2018, 3)).current == sum(range(1, 13))


def test_fytd_counts_missing_months_as_zero_and_coverage_says_so():
    series = {m(2017, 4): 5, m(2017, 5): None, m(2016, 4): 7}
    result = fytd(series, m(2017, 7))
    assert (result.current, result.previous, result.change) == (5, 7, -2)
    assert fytd_coverage(series, m(2017, 7)) == (2, 8)
    assert fytd_coverage({}, m(2017, 7)) == (0, 8)


def test_monthly_totals_adds_days_into_months_and_drops_unrecorded():
    totals = monthly_totals({date(2017, 4, 3): 2, date(2017, 4, 20): 3, m(2017, 5): None})
    assert totals == {m(2017, 4): 5}
    assert coverage({date(2017, 4, 3): 2}, [m(2017, 4), m(2017, 5)]) == (1, 2)


def test_rolling_12_crosses_the_calendar_year():
    series = series_between(m(2016, 1), m(2017, 12), lambda month: month.year * 100 + month.month)
    expected = sum(series[month] for month in months_between(m(2016, 4), m(2017, 3)))
    assert rolling_12(series, m(2017, 3)) == expected
    assert (
        rolling_12({m(2016, 3): 50, m(2016, 4): 1, m(2017, 3): 2, m(2017, 4): 50}, m(2017, 3)) == 3
    )


def test_rolling_12_comparison_is_against_the_twelve_months_before():
    series = {m(2016, 7): 10, m(2017, 6): 30, m(2016, 6): 20, m(2015, 7): 5}
    assert rolling_12_comparison(series, m(2017, 6)) == compare(40, 25)


def test_monthly_series_fills_gaps_with_zero():
    assert monthly_series(
        {m(2016, 12): 4, m(2017, 2): 6, m(2017, 5): 9}, m(2016, 11), m(2017, 3)
    ) == [
        (m(2016, 11), 0),
        (m(2016, 12), 4),
        (m(2017, 1), 0),
        (m(2017, 2), 6),
        (m(2017, 3), 0),
    ]


@PROPERTY
@given(series_values, st.dates(min_value=date(2011, 1, 1), max_value=date(2020, 12, 31)))
def test_fytd_and_rolling_agree_with_brute_force_sums(series, to):
    to_month = month_start(to)
    start = financial_year_start(to)
    current = sum(v for k, v in series.items() if start <= k <= to_month)
    previous = sum(
        v for k, v in series.items() if add_months(start, -12) <= k <= add_months(to_month, -12)
    )
    result = fytd(series, to)
    assert (result.current, result.previous) == (current, previous)
    assert result.change == current - previous
    rolling = sum(v for k, v in series.items() if add_months(to_month, -11) <= k <= to_month)
    assert rolling_12(series, to) == rolling
    assert sum(v for _, v in monthly_series(series, add_months(to, -11), to)) == rolling
    present, expected = fytd_coverage(series, to)
    assert expected == 2 * len(fytd_months(to))
    assert 0 <= present <= expected


# --- comparisons -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "previous", "change", "change_pct"),
    [
        (715, 778, -63, -8.1),  # violence with injury, seed 004
        (635, 691, -56, -8.1),  # criminal damage, seed 004
        (518, 406, 112, 27.6),
        (895, 831, 64, 7.7),  # domestic abuse: the seed rounds this to "8%"
        (441, 400, 41, 10.3),  # 10.25 exactly: half away from zero, not to even
        (359, 400, -41, -10.3),
        (100, 100, 0, 0.0),
    ],
)
def test_compare(current, previous, change, change_pct):
    result = compare(current, previous)
    assert (result.change, result.change_pct, result.small) == (change, change_pct, False)


def test_rounding_never_gives_negative_zero():
    pct = compare(99_999, 100_000).change_pct
    assert pct == 0.0
    assert math.copysign(1, pct) == 1  # "-0.0%" would read as a fall in a table


def test_compare_previous_zero_has_no_percentage():
    assert compare(4, 0) == Comparison(4, 0, 4, None, True)
    assert compare(0, 0).change_pct is None


def test_compare_flags_small_numbers():
    assert compare(3, 2).small
    assert compare(500, 9).small
    assert compare(9, 500).small
    assert not compare(10, 10).small
    assert not compare(3, 2, small_below=0).small
    assert compare(10, 12, small_below=11).small


def test_compare_refuses_nonsense():
    with pytest.raises(ValueError, match="finite"):
        compare(float("nan"), 1)
    with pytest.raises(TypeError, match="number"):
        compare(None, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="small_below"):
        compare(1, 1, small_below=-1)


def test_comparison_is_frozen_and_has_a_direction():
    result = compare(5, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.current = 6  # type: ignore[misc]
    assert (compare(5, 3).direction, compare(3, 5).direction) == ("up", "down")
    assert compare(0.1 + 0.2, 0.3).direction == "unchanged"


@PROPERTY
@given(numbers, numbers)
def test_compare_change_is_antisymmetric(a, b):
    forward, backward = compare(a, b), compare(b, a)
    assert forward.change == -backward.change
    assert forward.small == backward.small
    assert forward.change == a - b
    if forward.change_pct is not None and forward.change_pct != 0:
        assert math.copysign(1, forward.change_pct) == math.copysign(1, forward.change)


@PROPERTY
@given(counts, st.integers(min_value=1, max_value=10**7))
def test_compare_percentage_is_the_exactly_rounded_change(current, previous):
    pct = compare(current, previous).change_pct
    exact = (current - previous) * 100 / previous
    assert pct is not None
    assert abs(pct - exact) <= 0.05 + 1e-9


def test_share_and_percentage_point_gap():
    assert share_pct(517, 20_000) == 2.6
    assert share_pct(1, 0) is None
    assert percentage_point_gap(compare(518, 406), compare(107, 100)) == 20.6
    assert percentage_point_gap(compare(4, 0), compare(107, 100)) is None


# --- rates -------------------------------------------------------------------------------------


def test_rates_per_thousand_and_per_hundred_thousand():
    assert rate_per(895, 212_906) == 4.2
    assert rate_per(134, 20_489, per=100_000) == 654.01  # first-time entrants, seed 004
    assert rate_per(1, 8, per=1) == 0.13  # 0.125: half away from zero
    assert rate_per(0, 1000) == 0.0


def test_rate_needs_a_population_and_a_count():
    assert rate_per(10, 0) is None
    assert rate_per(10, None) is None
    assert rate_per(None, 1000) is None
    with pytest.raises(ValueError, match="negative"):
        rate_per(10, -5)
    with pytest.raises(ValueError, match="positive"):
        rate_per(10, 5, per=0)


@PROPERTY
@given(
    counts,
    st.integers(min_value=1, max_value=10**7),
    st.integers(min_value=1, max_value=10**4),
    st.sampled_from([1, 100, 1000, 100_000]),
)
def test_rate_is_invariant_to_units(count, population, k, per):
    assert rate_per(count * k, population * k, per) == rate_per(count, population, per)
    rate = rate_per(count, population, per)
    assert rate is not None
    assert abs(rate - count * per / population) <= 0.005 + 1e-9 * max(1, rate)


# --- targets -----------------------------------------------------------------------------------


def test_pro_rata_targets_examples():
    assert pro_rata_targets(330) == [82.5, 82.5, 82.5, 82.5]
    assert pro_rata_targets(0) == [0.0, 0.0, 0.0, 0.0]
    thirds = pro_rata_targets(100 / 3)
    assert sum(thirds) == 100 / 3


def test_pro_rata_to():
    assert pro_rata_to(300, m(2017, 7)) == 100  # April to July: 4 of 12 months
    assert pro_rata_to(300, m(2017, 4)) == 25
    assert pro_rata_to(300, m(2018, 3)) == 300
    assert pro_rata_to(300, date(2017, 6, 30)) == pro_rata_targets(300)[0]


@PROPERTY
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_pro_rata_quarters_add_up_to_the_annual_target(annual):
    quarters = pro_rata_targets(annual)
    assert len(quarters) == 4
    assert sum(quarters) == annual
    assert math.isclose(math.fsum(quarters), annual, rel_tol=1e-12, abs_tol=1e-9)
    for quarter in quarters:
        assert math.isclose(quarter, annual / 4, rel_tol=1e-9, abs_tol=1e-9)


@PROPERTY
@given(st.integers(min_value=0, max_value=10**6), days)
def test_pro_rata_to_matches_quarters_at_quarter_ends(annual, day):
    quarter_end = financial_quarter_months(day)[-1]
    elapsed = pro_rata_targets(annual)[: financial_quarter(day)]
    assert math.isclose(pro_rata_to(annual, quarter_end), sum(elapsed), rel_tol=1e-12)


# --- RAG ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "value", "expected"),
    [
        (LOWER_IS_BETTER, 90, GREEN),
        (LOWER_IS_BETTER, 100, GREEN),
        (LOWER_IS_BETTER, 104, AMBER),
        (LOWER_IS_BETTER, 105, AMBER),  # the tolerance is inclusive
        (LOWER_IS_BETTER, 105.01, RED),
        (HIGHER_IS_BETTER, 110, GREEN),
        (HIGHER_IS_BETTER, 100, GREEN),
        (HIGHER_IS_BETTER, 95, AMBER),
        (HIGHER_IS_BETTER, 94.99, RED),
        (MONITOR, 1000, NO_RATING),
        (MONITOR, 0, NO_RATING),
    ],
)
def test_rag_against_a_target_of_100(polarity, value, expected):
    assert rag(polarity, value, 100) == expected


def test_rag_without_a_target_or_value_is_not_rated():
    assert rag(LOWER_IS_BETTER, 5, None) == NO_RATING
    assert rag(HIGHER_IS_BETTER, None, 5) == NO_RATING


def test_rag_with_a_target_of_zero_and_a_tolerance_of_zero():
    assert rag(LOWER_IS_BETTER, 0, 0) == GREEN
    assert rag(LOWER_IS_BETTER, 1, 0) == RED
    assert rag(HIGHER_IS_BETTER, 99, 100, tolerance_pct=0) == RED
    assert rag(HIGHER_IS_BETTER, 99, 100, tolerance_pct=1) == AMBER


def test_rag_refuses_unknown_polarity_and_bad_tolerance():
    with pytest.raises(ValueError, match="polarity"):
        rag("up_is_good", 1, 1)
    with pytest.raises(ValueError, match="polarity"):
        rag("monitor only", 1, None)
    with pytest.raises(ValueError, match="tolerance"):
        rag(LOWER_IS_BETTER, 1, 1, tolerance_pct=-1)


def test_rag_against_previous_year():
    assert rag_against_previous(LOWER_IS_BETTER, compare(518, 406)) == RED  # burglary up
    assert rag_against_previous(LOWER_IS_BETTER, compare(635, 691)) == GREEN  # damage down
    assert rag_against_previous(LOWER_IS_BETTER, compare(104, 100)) == AMBER
    assert rag_against_previous(MONITOR, compare(895, 831)) == NO_RATING  # domestic abuse
    assert rag_against_previous(HIGHER_IS_BETTER, compare(96, 100)) == AMBER


@PROPERTY
@given(rated_polarities, numbers, numbers, numbers, tolerances)
def test_rag_is_monotone_in_the_value(polarity, target, v1, v2, tolerance):
    low, high = sorted((v1, v2))
    worse_as_value_rises = polarity == LOWER_IS_BETTER
    rating_low = SEVERITY[rag(polarity, low, target, tolerance)]
    rating_high = SEVERITY[rag(polarity, high, target, tolerance)]
    if worse_as_value_rises:
        assert rating_low <= rating_high
    else:
        assert rating_low >= rating_high


@PROPERTY
@given(rated_polarities, numbers, numbers, tolerances)
def test_rag_is_green_exactly_when_on_the_right_side_of_the_target(
    polarity, value, target, tolerance
):
    on_target = value <= target if polarity == LOWER_IS_BETTER else value >= target
    assert (rag(polarity, value, target, tolerance) == GREEN) == on_target


@PROPERTY
@given(
    st.one_of(st.none(), numbers),
    st.one_of(st.none(), numbers),
    tolerances,
)
def test_monitor_indicators_are_never_rated(value, target, tolerance):
    assert rag(MONITOR, value, target, tolerance) == NO_RATING
    if value is not None and target is not None:
        assert rag_against_previous(MONITOR, compare(value, target), tolerance) == NO_RATING


@PROPERTY
@given(rated_polarities, numbers, numbers, tolerances, tolerances)
def test_wider_tolerance_never_makes_a_rating_worse(polarity, value, target, t1, t2):
    narrow, wide = sorted((t1, t2))
    narrow_rating = SEVERITY[rag(polarity, value, target, narrow)]
    assert SEVERITY[rag(polarity, value, target, wide)] <= narrow_rating


# --- narrative ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "current", "previous", "unit", "expected"),
    [
        ("Burglary", 518, 406, "offences", "Burglary is up 27.6% (up 112 offences)"),
        (
            "Criminal damage",
            635,
            691,
            "offences",
            "Criminal damage is down 8.1% (down 56 offences)",
        ),
        ("ASB", 2276, 2348, "calls to Police", "ASB is down 3.1% (down 72 calls to Police)"),
        ("Robbery", 40, 40, "offences", "Robbery is unchanged at 40 offences"),
        ("Arson", 0, 0, "offences", "Arson is unchanged (no offences in either period)"),
        (
            "Gun crime",
            3,
            2,
            "offences",
            "Gun crime is up 50.0% (up 1 offence, from 2 to 3; "
            "small numbers: read the change with care)",
        ),
        (
            "Gun crime",
            0,
            5,
            "offences",
            "Gun crime is down 100.0% (down 5 offences, from 5 to none; "
            "small numbers: read the change with care)",
        ),
        (
            "Knife crime",
            4,
            0,
            "offences",
            "Knife crime is up from none to 4 offences (small numbers: read the change with care)",
        ),
        ("Theft", 12_345, 11_000, "offences", "Theft is up 12.2% (up 1,345 offences)"),
        ("SYV", 91, 90, "victims", "SYV is up 1.1% (up 1 victim)"),
    ],
)
def test_describe_change(name, current, previous, unit, expected):
    assert describe_change(name, compare(current, previous), unit) == expected


def test_describe_change_with_an_irregular_unit():
    text = describe_change("Missing", compare(41, 40), "people", unit_singular="person")
    assert text == "Missing is up 2.5% (up 1 person)"


def test_describe_change_of_a_rate():
    text = describe_change("Rate", compare(4.25, 4.0, small_below=0), "per 1,000")
    assert text == "Rate is up 6.3% (up 0.25 per 1,000)"


def test_format_number():
    assert format_number(1234) == "1,234"
    assert format_number(3.0) == "3"
    assert format_number(3.5) == "3.5"
    assert format_number(0.30000000000000004) == "0.3"


@PROPERTY
@given(counts, counts)
def test_describe_change_always_mentions_direction_and_caveat(current, previous):
    comparison = compare(current, previous)
    text = describe_change("Burglary", comparison)
    assert text.startswith("Burglary is ")
    assert comparison.direction in text
    if comparison.small and comparison.direction != "unchanged":
        assert "small numbers" in text
    else:
        assert "small numbers" not in text
    if comparison.change_pct is not None and comparison.direction != "unchanged":
        assert f"{abs(comparison.change_pct):.1f}%" in text


# --- issue 14: rating against comparators (an average, not a goal) ---------------------------


def test_in_line_with_a_comparator_is_green_worse_is_amber_then_red():
    # reoffending 25.3% against London 24.9%: 1.6% above it, within 5% of it: in line
    assert calc.rag_against_comparator(calc.LOWER_IS_BETTER, 25.3, 24.9) == calc.GREEN
    assert calc.rag_against_comparator(calc.LOWER_IS_BETTER, 20, 24.9) == calc.GREEN
    assert calc.rag_against_comparator(calc.LOWER_IS_BETTER, 27, 25) == calc.AMBER  # 8% worse
    assert calc.rag_against_comparator(calc.LOWER_IS_BETTER, 30, 25) == calc.RED  # 20% worse
    assert calc.rag_against_comparator(calc.HIGHER_IS_BETTER, 23, 25) == calc.AMBER
    assert calc.rag_against_comparator(calc.HIGHER_IS_BETTER, 30, 25) == calc.GREEN
    assert calc.rag_against_comparator(calc.MONITOR, 99, 25) == calc.NO_RATING
    assert calc.rag_against_comparator(calc.LOWER_IS_BETTER, 25, None) == calc.NO_RATING
    with pytest.raises(ValueError, match="polarity"):
        calc.rag_against_comparator("sideways", 1, 1)


def test_several_comparators_keep_the_worst_rating():
    both = [24.9, 24.8]
    assert calc.rag_against_comparators(calc.LOWER_IS_BETTER, 25.3, both) == calc.GREEN
    assert calc.rag_against_comparators(calc.LOWER_IS_BETTER, 27, [27, 25]) == calc.AMBER
    assert calc.rag_against_comparators(calc.LOWER_IS_BETTER, 27, [None, 20]) == calc.RED
    assert calc.rag_against_comparators(calc.LOWER_IS_BETTER, 27, [None]) == calc.NO_RATING
    assert calc.rag_against_comparators(calc.LOWER_IS_BETTER, 27, []) == calc.NO_RATING


@given(
    st.sampled_from([calc.LOWER_IS_BETTER, calc.HIGHER_IS_BETTER]),
    st.integers(0, 10_000),
    st.lists(st.integers(1, 10_000), min_size=1, max_size=4),
)
def test_adding_a_comparator_never_improves_the_rating(polarity, value, comparators):
    order = [calc.GREEN, calc.AMBER, calc.RED]
    fewer = calc.rag_against_comparators(polarity, value, comparators[:1])
    more = calc.rag_against_comparators(polarity, value, comparators)
    assert order.index(more) >= order.index(fewer)
