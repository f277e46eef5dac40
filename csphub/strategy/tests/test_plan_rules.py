"""The pure rules of delivery plans: financial years and quarters, and reordering."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.strategy import plan_rules as r


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2017, 4, 1), (2017, 1)),
        (dt.date(2017, 6, 30), (2017, 1)),
        (dt.date(2017, 7, 1), (2017, 2)),
        (dt.date(2017, 8, 30), (2017, 2)),
        (dt.date(2017, 12, 31), (2017, 3)),
        (dt.date(2018, 1, 1), (2017, 4)),
        (dt.date(2018, 3, 31), (2017, 4)),
    ],
)
def test_financial_quarter(day, expected):
    assert r.financial_quarter(day) == expected


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_day_lies_within_its_quarter(day):
    year, quarter = r.financial_quarter(day)
    start, end = r.quarter_bounds(year, quarter)
    assert start <= day <= end
    assert r.quarter_of_plan(day, year) == quarter
    assert r.quarter_of_plan(day, year + 1) is None


def test_labels_and_bounds():
    assert r.year_label(2017) == "2017/18"
    assert r.year_label(1999) == "1999/00"
    assert r.quarter_bounds(2017, 4) == (dt.date(2018, 1, 1), dt.date(2018, 3, 31))
    assert r.plan_title("VAWG Sub Group", 2017) == "VAWG Sub Group delivery plan 2017/18"
    with pytest.raises(ValueError, match="quarter is 1, 2, 3 or 4"):
        r.quarter_bounds(2017, 5)
    with pytest.raises(ValueError, match="four-digit year"):
        r.year_label(17)


def test_by_quarter_leaves_out_other_years():
    days = [dt.date(2017, 8, 30), dt.date(2017, 3, 1), dt.date(2017, 9, 1), dt.date(2018, 2, 1)]
    assert r.by_quarter(days, 2017) == {1: [], 2: [0, 2], 3: [], 4: [3]}


@given(st.lists(st.integers(), min_size=1, max_size=8, unique=True), st.data())
def test_moving_keeps_every_id(ids, data):
    moved = data.draw(st.sampled_from(ids))
    offset = data.draw(st.sampled_from([-1, 1]))
    after = r.positions_after_move(ids, moved, offset)
    assert sorted(after) == sorted(ids)
    assert abs(after.index(moved) - ids.index(moved)) <= 1


def test_moving_an_unknown_id_is_an_error():
    with pytest.raises(ValueError, match="not in the list"):
        r.positions_after_move([1, 2], 3, 1)
