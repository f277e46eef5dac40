"""The meeting-pattern rules: dates by the body's stated frequency, on working days only."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.meetings import cadence, deadlines


@pytest.mark.parametrize(
    ("frequency", "months"),
    [
        ("Quarterly", 3),
        ("Monthly", 1),
        ("Every 3rd Thursday of the month", 1),
        ("Every two months", 2),
        ("Bi-monthly", 2),
        ("Twice a year", 6),
        ("Board four times a year; open public meetings twice a year", 3),
        ("Annually", 12),
        ("", 3),
    ],
)
def test_months_between_reads_the_stated_frequency(frequency, months):
    assert cadence.months_between(frequency) == months


def test_quarterly_on_the_second_thursday_keeps_the_week_of_the_month():
    # the Bromley Board's last meeting, 12 January 2023, was the second Thursday
    dates = cadence.meeting_dates(
        after=dt.date(2026, 12, 17), frequency="Quarterly", weekday=3, count=3, week=2
    )
    assert dates == [dt.date(2027, 1, 14), dt.date(2027, 4, 8), dt.date(2027, 7, 8)]


def test_a_named_day_of_the_month_wins():
    dates = cadence.meeting_dates(
        after=dt.date(2026, 12, 4), frequency="Every 3rd Thursday of the month", weekday=0, count=3
    )
    assert dates == [dt.date(2026, 12, 17), dt.date(2027, 1, 21), dt.date(2027, 2, 18)]


def test_a_bank_holiday_moves_the_meeting_on_a_week():
    # the first Monday of May 2027 is the Early May bank holiday
    dates = cadence.meeting_dates(
        after=dt.date(2027, 4, 20), frequency="Monthly", weekday=0, count=1, week=1
    )
    assert dates == [dt.date(2027, 5, 10)]


def test_no_meeting_is_set_in_the_christmas_recess():
    # the fourth Thursday of December 2026 is Christmas Eve, a working day
    dates = cadence.meeting_dates(
        after=dt.date(2026, 12, 17), frequency="Quarterly", weekday=3, count=2, week=4
    )
    assert dates == [dt.date(2027, 1, 7), dt.date(2027, 3, 25)]


def test_weekends_are_refused():
    with pytest.raises(ValueError, match="weekdays"):
        cadence.meeting_dates(after=dt.date(2027, 1, 1), frequency="", weekday=5, count=1)


@given(
    after=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    frequency=st.sampled_from(["Quarterly", "Monthly", "Every 3rd Thursday of the month", ""]),
    weekday=st.integers(0, 4),
    week=st.one_of(st.none(), st.integers(1, 5)),
    count=st.integers(0, 5),
)
def test_dates_are_working_days_after_the_day_and_increasing(
    after, frequency, weekday, week, count
):
    dates = cadence.meeting_dates(
        after=after, frequency=frequency, weekday=weekday, count=count, week=week
    )
    assert len(dates) == count
    assert all(d > after for d in dates)
    assert all(deadlines.is_working_day(d) for d in dates)
    assert not any(cadence.in_christmas_recess(d) for d in dates)
    assert dates == sorted(set(dates))
