"""The period a performance page opens on, the months its chooser offers, and when a figure
is rated (issue 11): pure functions, no database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.performance.calculations import (
    AMBER,
    GREEN,
    LOWER_IS_BETTER,
    MONITOR,
    NO_RATING,
    RED,
    compare,
    default_period,
    period_choices,
    rate_figure,
)

months = st.dates(min_value=date(2008, 1, 1), max_value=date(2030, 12, 1)).map(
    lambda d: d.replace(day=1)
)


def test_the_default_is_the_latest_month_every_source_has():
    # Barking and Dagenham: MPS borough data to December 2018, ward data to March 2018
    latest = {"borough": date(2018, 12, 1), "ward": date(2018, 3, 1)}
    assert default_period(latest) == date(2018, 3, 1)


def test_a_source_with_no_data_does_not_hold_the_others_back():
    assert default_period({"borough": date(2018, 12, 1), "ward": None}) == date(2018, 12, 1)


def test_no_data_anywhere_has_no_default():
    assert default_period({}) is None
    assert default_period({"borough": None, "ward": None}) is None


def test_the_default_is_a_month_not_a_day():
    assert default_period({"borough": date(2018, 12, 31)}) == date(2018, 12, 1)


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.none() | months, max_size=6))
def test_every_source_has_data_for_the_default(latest):
    chosen = default_period(latest)
    present = [m for m in latest.values() if m is not None]
    if not present:
        assert chosen is None
    else:
        assert chosen in present and all(chosen <= m for m in present)


def test_the_chooser_offers_months_newest_first():
    assert period_choices(date(2017, 11, 1), date(2018, 2, 1)) == [
        date(2018, 2, 1),
        date(2018, 1, 1),
        date(2017, 12, 1),
        date(2017, 11, 1),
    ]


def test_the_chooser_offers_at_most_three_years():
    offered = period_choices(date(2008, 1, 1), date(2018, 12, 1))
    assert len(offered) == 36 and offered[0] == date(2018, 12, 1)
    assert offered[-1] == date(2016, 1, 1)


def test_the_chooser_offers_nothing_without_data():
    assert period_choices(None, None) == []
    assert period_choices(date(2018, 1, 1), date(2017, 1, 1)) == []


def test_small_numbers_are_not_rated():
    # fraud and forgery, 6 against 4: "up 50%", but no Red on a handful of crimes
    fraud = compare(6, 4)
    assert fraud.small
    assert rate_figure(LOWER_IS_BETTER, fraud) == NO_RATING
    assert rate_figure(LOWER_IS_BETTER, fraud, target=2) == NO_RATING


def test_counts_at_the_threshold_are_rated():
    assert rate_figure(LOWER_IS_BETTER, compare(20, 10)) == RED
    assert rate_figure(LOWER_IS_BETTER, compare(10, 20)) == GREEN
    assert rate_figure(LOWER_IS_BETTER, compare(104, 100)) == AMBER


def test_no_previous_figure_means_no_rating_against_it():
    # a missing previous value is not 0: 25.3 against "nothing" is not a rise
    figure = compare(25.3, 0, small_below=0)
    assert rate_figure(LOWER_IS_BETTER, figure, has_previous=False) == NO_RATING
    # a target still rates it
    assert rate_figure(LOWER_IS_BETTER, figure, target=30, has_previous=False) == GREEN


def test_monitoring_and_missing_figures_are_not_rated():
    assert rate_figure(MONITOR, compare(500, 100)) == NO_RATING
    assert rate_figure(LOWER_IS_BETTER, None) == NO_RATING
    with pytest.raises(ValueError, match="Unknown polarity"):
        rate_figure("sideways", None)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_small_count_is_never_rated(current, previous):
    figure = compare(current, previous)
    if figure.small:
        assert rate_figure(LOWER_IS_BETTER, figure) == NO_RATING
