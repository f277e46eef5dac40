"""Quarter arithmetic of the forward plan: financial years from 1 April, quarters that tile
the year, meetings on quarter boundaries, and the planning rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.strategy import plan_rules, quarters
from csphub.strategy.quarters import Placement

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
years = st.integers(min_value=1950, max_value=2090)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 6, 30), (2021, 1)),
        (dt.date(2021, 7, 1), (2021, 2)),
        (dt.date(2021, 9, 30), (2021, 2)),
        (dt.date(2021, 10, 1), (2021, 3)),
        (dt.date(2021, 12, 31), (2021, 3)),
        (dt.date(2022, 1, 1), (2021, 4)),
        (dt.date(2021, 3, 31), (2020, 4)),
        (dt.date(2021, 4, 1), (2021, 1)),
        (dt.date(2024, 2, 29), (2023, 4)),
    ],
)
def test_boundary_days(day, expected):
    assert quarters.financial_quarter(day) == expected


def test_labels_and_bounds():
    assert quarters.year_label(2020) == "2020/21"
    assert quarters.year_label(2099) == "2099/00"
    assert quarters.quarter_label(2021, 1) == "Q1 2021/22"
    assert quarters.quarter_bounds(2020, 4) == (dt.date(2021, 1, 1), dt.date(2021, 3, 31))
    assert quarters.quarter_bounds(2023, 4) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert quarters.quarter_last_day(2021, 1) == dt.date(2021, 6, 30)
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        quarters.quarter_bounds(2020, 5)


def test_strategy_period_years_and_quarters():
    pairs = quarters.period_quarters(dt.date(2020, 4, 1), dt.date(2023, 3, 31))
    assert len(pairs) == 12
    assert pairs[0] == (2020, 1) and pairs[-1] == (2022, 4)
    assert quarters.period_years(dt.date(2020, 4, 1), dt.date(2023, 3, 31)) == [2020, 2021, 2022]
    with pytest.raises(ValueError, match="before it starts"):
        quarters.period_quarters(dt.date(2021, 4, 1), dt.date(2020, 4, 1))


def test_plan_rules_keeps_its_names():
    assert plan_rules.financial_quarter is quarters.financial_quarter
    assert plan_rules.quarter_bounds(2017, 4) == (dt.date(2018, 1, 1), dt.date(2018, 3, 31))
    assert plan_rules.year_label(2017) == "2017/18"


@given(days)
def test_every_day_is_in_exactly_one_quarter(day):
    year, q = quarters.financial_quarter(day)
    inside = [
        (y, n)
        for y in (year - 1, year, year + 1)
        for n in quarters.QUARTERS
        if quarters.quarter_first_day(y, n) <= day <= quarters.quarter_last_day(y, n)
    ]
    assert inside == [(year, q)]


@given(years)
def test_quarters_tile_the_year(year):
    bounds = [quarters.quarter_bounds(year, q) for q in quarters.QUARTERS]
    assert bounds[0][0] == dt.date(year, 4, 1)
    assert bounds[-1][1] == dt.date(year + 1, 3, 31)
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert start - end == dt.timedelta(days=1)
    length = sum((end - start).days + 1 for start, end in bounds)
    leap = (year + 1) % 4 == 0 and ((year + 1) % 100 != 0 or (year + 1) % 400 == 0)
    assert length == (366 if leap else 365)


@given(years)
def test_q4_ends_on_the_last_day_of_february_or_march_in_leap_years(year):
    start, end = quarters.quarter_bounds(year, 4)
    assert end == dt.date(year + 1, 3, 31)
    assert quarters.financial_quarter(dt.date(year + 1, 3, 1) - dt.timedelta(days=1)) == (year, 4)


def test_plan_lands_each_priority_on_the_first_meeting_of_its_quarter():
    meetings = [
        dt.date(2022, 9, 30),  # the last day of Q2
        dt.date(2022, 7, 1),  # the first day of Q2
        dt.date(2022, 4, 1),
        dt.date(2023, 3, 31),  # the last day of Q4 2022/23
        dt.date(2023, 4, 1),  # Q1 of the next year
    ]
    placed = quarters.plan([(1, 1), (2, 2), (3, 3), (4, None)], [2022], meetings)
    assert placed == [
        Placement(1, 2022, 1, dt.date(2022, 4, 1)),
        Placement(2, 2022, 2, dt.date(2022, 7, 1)),
        Placement(3, 2022, 3, None),
        Placement(quarters.END_OF_YEAR, 2022, 4, dt.date(2023, 3, 31)),
    ]


def test_item_state_shows_slipped_and_unscheduled():
    assert quarters.item_state("planned", None) == "unscheduled"
    assert quarters.item_state("planned", "scheduled") == "planned"
    assert quarters.item_state("planned", "held") == "slipped"
    assert quarters.item_state("planned", "cancelled") == "slipped"
    assert quarters.item_state("on_agenda", "cancelled") == "slipped"
    assert quarters.item_state("on_agenda", "agenda_published") == "on_agenda"
    assert quarters.item_state("on_agenda", "minutes_approved") == "done"
    assert quarters.item_state("dropped", "held") == "dropped"
