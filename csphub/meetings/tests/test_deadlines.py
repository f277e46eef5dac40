"""Tests for working days, question deadlines and agenda notice.

The worked examples are the seed agenda packs' own deadlines plus the Christmas, Easter and
one-off bank holiday weeks where hand calculation goes wrong; the property tests check the
definitions against a day-by-day count made straight from the ``holidays`` package.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.meetings.deadlines import (
    LONDON,
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    clear_days_given,
    is_question_late,
    is_working_day,
    latest_publication_date,
    notice_message,
    notice_met,
    question_deadline,
    subtract_working_days,
    working_days_between,
)

ENGLAND = holidays.country_holidays("GB", subdiv="ENG")
"""An independent oracle: the package used directly, without this module's cache."""

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=1, max_value=30)


def brute_force_working_days(start: date, end: date) -> int:
    """Working days in [start, end), one day at a time."""
    total = 0
    day = start
    while day < end:
        if day.weekday() < 5 and day not in ENGLAND:
            total += 1
        day += timedelta(days=1)
    return total


# --- working days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2018, 3, 20), True),  # an ordinary Tuesday
        (date(2018, 3, 24), False),  # Saturday
        (date(2018, 3, 25), False),  # Sunday
        (date(2018, 3, 30), False),  # Good Friday
        (date(2018, 4, 2), False),  # Easter Monday
        (date(2017, 1, 2), False),  # New Year's Day (observed): 1 January was a Sunday
        (date(2022, 12, 27), False),  # Christmas Day (observed)
        (date(2022, 6, 3), False),  # Platinum Jubilee
        (date(2022, 9, 19), False),  # State Funeral of Queen Elizabeth II
        (date(2023, 5, 8), False),  # Coronation of King Charles III
        (date(2017, 12, 27), True),  # between Christmas and New Year is a working day
        (date(2021, 3, 17), True),  # St Patrick's Day is a holiday only in Northern Ireland
        (date(2021, 11, 30), True),  # St Andrew's Day is a holiday only in Scotland
        (date(2018, 8, 6), True),  # Scotland's summer bank holiday, not England's
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_bank_holiday_names_explain_a_moved_deadline() -> None:
    assert bank_holiday_name(date(2018, 4, 2)) == "Easter Monday"
    assert bank_holiday_name(date(2018, 4, 3)) is None
    assert bank_holiday_name(date(2018, 3, 24)) is None  # weekends are not bank holidays


def test_bank_holidays_of_2018() -> None:
    assert bank_holidays(2018) == frozenset(
        {
            date(2018, 1, 1),
            date(2018, 3, 30),
            date(2018, 4, 2),
            date(2018, 5, 7),
            date(2018, 5, 28),
            date(2018, 8, 27),
            date(2018, 12, 25),
            date(2018, 12, 26),
        }
    )


@pytest.mark.parametrize("year", range(1990, 2031))
def test_wales_shares_englands_bank_holidays(year: int) -> None:
    wales = holidays.country_holidays("GB", subdiv="WLS", years=year)
    assert bank_holidays(year) == frozenset(wales)


@pytest.mark.parametrize("day", [date(2101, 1, 3), date(1850, 6, 3)])
def test_unknown_years_are_refused_not_guessed(day: date) -> None:
    with pytest.raises(ValueError, match=f"Bank holidays for {day.year} are not known"):
        is_working_day(day)


@pytest.mark.parametrize(
    "function", [is_working_day, lambda d: subtract_working_days(d, 1), bank_holiday_name]
)
def test_datetimes_are_refused_where_dates_are_expected(function: object) -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        function(datetime(2018, 3, 26, 10, 0))  # type: ignore[operator]


def test_non_dates_are_refused() -> None:
    with pytest.raises(TypeError, match="Expected a date"):
        is_working_day("2018-03-26")  # type: ignore[arg-type]


def test_working_days_between_examples() -> None:
    assert working_days_between(date(2018, 3, 19), date(2018, 3, 26)) == 5
    assert working_days_between(date(2018, 3, 26), date(2018, 3, 19)) == -5
    assert working_days_between(date(2018, 3, 26), date(2018, 3, 26)) == 0
    assert working_days_between(date(2018, 3, 24), date(2018, 3, 26)) == 0  # a weekend
    # Christmas 2017 to New Year 2018: 27, 28, 29 December only.
    assert working_days_between(date(2017, 12, 23), date(2018, 1, 2)) == 3
    # Easter 2018: Good Friday and Easter Monday do not count.
    assert working_days_between(date(2018, 3, 26), date(2018, 4, 9)) == 8
    # A whole year: 261 weekdays in 2018, less 8 bank holidays.
    assert working_days_between(date(2018, 1, 1), date(2019, 1, 1)) == 253


def test_subtract_and_add_working_days_examples() -> None:
    assert subtract_working_days(date(2018, 3, 26), 4) == date(2018, 3, 20)
    assert subtract_working_days(date(2018, 3, 26), 0) == date(2018, 3, 26)
    assert add_working_days(date(2018, 3, 29), 1) == date(2018, 4, 3)  # over Easter
    assert add_working_days(date(2017, 12, 22), 1) == date(2017, 12, 27)  # over Christmas
    assert add_working_days(date(2018, 3, 24), 0) == date(2018, 3, 24)


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_working_day_counts_are_validated(bad: object) -> None:
    with pytest.raises(ValueError, match="0 or more"):
        subtract_working_days(date(2018, 3, 26), bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="0 or more"):
        add_working_days(date(2018, 3, 26), bad)  # type: ignore[arg-type]


@settings(max_examples=1000, deadline=None)
@given(days)
def test_is_working_day_agrees_with_the_holidays_package(day: date) -> None:
    assert is_working_day(day) == (day.weekday() < 5 and day not in ENGLAND)


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=-800, max_value=800))
def test_working_days_between_matches_a_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    if span >= 0:
        assert working_days_between(start, end) == brute_force_working_days(start, end)
    else:
        assert working_days_between(start, end) == -brute_force_working_days(end, start)


@settings(max_examples=1000, deadline=None)
@given(days, days, days)
def test_working_days_between_adds_up(a: date, b: date, c: date) -> None:
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)
    assert working_days_between(a, b) == -working_days_between(b, a)


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=0, max_value=60))
def test_subtract_working_days_leaves_exactly_n_working_days(day: date, n: int) -> None:
    earlier = subtract_working_days(day, n)
    assert working_days_between(earlier, day) == n
    if n:
        assert is_working_day(earlier)
        assert earlier < day


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=0, max_value=60))
def test_add_working_days_leaves_exactly_n_working_days(day: date, n: int) -> None:
    later = add_working_days(day, n)
    assert working_days_between(day + timedelta(days=1), later + timedelta(days=1)) == n
    if n:
        assert is_working_day(later)
        assert later > day


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=0, max_value=60))
def test_add_undoes_subtract_from_a_working_day(day: date, n: int) -> None:
    if is_working_day(day):
        assert add_working_days(subtract_working_days(day, n), n) == day
        assert subtract_working_days(add_working_days(day, n), n) == day


# --- question deadlines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        # Seed 000: Monday 26 March 2018, "by 5pm on Tuesday 20th March".
        (date(2018, 3, 26), datetime(2018, 3, 20, 17, 0)),
        # Seed 001: Thursday 6 July 2017, "by 5.00pm on 30th June 2017".
        (date(2017, 7, 6), datetime(2017, 6, 30, 17, 0)),
        # Tuesday 2 January 2018: New Year's Day, Boxing Day and Christmas Day skipped.
        (date(2018, 1, 2), datetime(2017, 12, 22, 17, 0)),
        # Thursday 29 December 2022: Christmas Day (observed) on Tuesday 27th skipped too.
        (date(2022, 12, 29), datetime(2022, 12, 21, 17, 0)),
        # Thursday 5 April 2018: Easter Monday and Good Friday skipped.
        (date(2018, 4, 5), datetime(2018, 3, 28, 17, 0)),
        # Tuesday 3 April 2018, the day after Easter Monday.
        (date(2018, 4, 3), datetime(2018, 3, 26, 17, 0)),
        # Wednesday 10 May 2023: the Coronation bank holiday on Monday 8th skipped.
        (date(2023, 5, 10), datetime(2023, 5, 3, 17, 0)),
        # Tuesday 20 September 2022: the State Funeral on Monday 19th skipped.
        (date(2022, 9, 20), datetime(2022, 9, 13, 17, 0)),
        # A Saturday meeting counts back from Friday.
        (date(2018, 3, 24), datetime(2018, 3, 20, 17, 0)),
    ],
)
def test_question_deadline_examples(meeting: date, expected: datetime) -> None:
    assert question_deadline(meeting) == expected


def test_question_deadline_options() -> None:
    assert question_deadline(date(2018, 3, 26), working_days=2) == datetime(2018, 3, 22, 17, 0)
    assert question_deadline(date(2018, 3, 26), cutoff=time(12, 0)) == datetime(2018, 3, 20, 12, 0)
    # Zero working days: on the meeting day itself (e.g. "by noon on the day").
    assert question_deadline(date(2018, 3, 26), 0, time(12, 0)) == datetime(2018, 3, 26, 12, 0)


def test_question_deadline_in_london_time() -> None:
    summer = question_deadline(date(2017, 7, 6), tzinfo=LONDON)
    assert summer == datetime(2017, 6, 30, 16, 0, tzinfo=UTC)  # 5pm BST
    winter = question_deadline(date(2018, 1, 2), tzinfo=LONDON)
    assert winter == datetime(2017, 12, 22, 17, 0, tzinfo=UTC)  # 5pm GMT
    assert winter.tzinfo is LONDON
    # A cutoff that carries its own zone is read as a London wall-clock time.
    assert question_deadline(date(2017, 7, 6), cutoff=time(17, 0, tzinfo=UTC), tzinfo=LONDON) == (
        summer
    )


def test_question_deadline_validates_working_days() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        question_deadline(date(2018, 3, 26), working_days=-1)


def test_question_deadline_refuses_a_datetime() -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        question_deadline(datetime(2018, 3, 26, 10, 0))


@settings(max_examples=1000, deadline=None)
@given(days, counts)
def test_deadline_is_a_working_day_with_exactly_n_working_days_to_go(meeting: date, n: int) -> None:
    """Exactly n working days lie in [deadline date, meeting date): the deadline day itself
    counts as one of them, the meeting day does not."""
    deadline = question_deadline(meeting, n)
    assert is_working_day(deadline.date())
    assert deadline.time() == time(17, 0)
    assert deadline.date() < meeting
    assert brute_force_working_days(deadline.date(), meeting) == n
    # It is the latest such day: the day after it leaves only n - 1.
    assert brute_force_working_days(deadline.date() + timedelta(days=1), meeting) == n - 1


@settings(max_examples=1000, deadline=None)
@given(days, days, counts)
def test_deadline_is_monotone_in_the_meeting_date(first: date, second: date, n: int) -> None:
    earlier, later = sorted((first, second))
    assert question_deadline(earlier, n) <= question_deadline(later, n)


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=1, max_value=29))
def test_more_working_days_means_an_earlier_deadline(meeting: date, n: int) -> None:
    assert question_deadline(meeting, n + 1) < question_deadline(meeting, n)


# --- late questions -----------------------------------------------------------------------

DEADLINE = datetime(2018, 3, 20, 17, 0)


@pytest.mark.parametrize(
    ("received", "late"),
    [
        (datetime(2018, 3, 20, 16, 59, 59), False),
        (datetime(2018, 3, 20, 17, 0, 0), False),
        (datetime(2018, 3, 20, 17, 0, 0, 999_999), False),  # still shown as 17:00:00
        (datetime(2018, 3, 20, 17, 0, 1), True),
        (datetime(2018, 3, 21, 9, 0), True),
        (datetime(2018, 3, 1, 9, 0), False),
    ],
)
def test_is_question_late(received: datetime, late: bool) -> None:
    assert is_question_late(received, DEADLINE) is late


def test_is_question_late_across_time_zones() -> None:
    deadline = question_deadline(date(2017, 7, 6), tzinfo=LONDON)  # 17:00 BST = 16:00 UTC
    assert not is_question_late(datetime(2017, 6, 30, 16, 0, 0, tzinfo=UTC), deadline)
    assert is_question_late(datetime(2017, 6, 30, 16, 0, 1, tzinfo=UTC), deadline)


def test_is_question_late_refuses_to_mix_naive_and_aware_times() -> None:
    with pytest.raises(ValueError, match="time zone"):
        is_question_late(datetime(2018, 3, 20, 16, 0, tzinfo=UTC), DEADLINE)
    with pytest.raises(ValueError, match="time zone"):
        is_question_late(DEADLINE, question_deadline(date(2018, 3, 26), tzinfo=LONDON))


def test_is_question_late_refuses_dates() -> None:
    with pytest.raises(TypeError, match="two datetimes"):
        is_question_late(date(2018, 3, 20), DEADLINE)  # type: ignore[arg-type]


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=-200_000_000, max_value=200_000_000))
def test_late_means_after_the_deadline_second(offset_microseconds: int) -> None:
    received = DEADLINE + timedelta(microseconds=offset_microseconds)
    assert is_question_late(received, DEADLINE) == (offset_microseconds >= 1_000_000)


# --- agenda notice ------------------------------------------------------------------------


def test_notice_for_the_26_march_2018_meeting() -> None:
    meeting = date(2018, 3, 26)
    # Five clear working days are Monday 19 to Friday 23 March, so publish by Sunday 18th.
    assert latest_publication_date(meeting) == date(2018, 3, 18)
    assert notice_met(date(2018, 3, 16), meeting)
    assert notice_met(date(2018, 3, 18), meeting)
    assert notice_met(datetime(2018, 3, 18, 23, 59), meeting)
    assert not notice_met(date(2018, 3, 19), meeting)
    assert not notice_met(datetime(2018, 3, 19, 0, 1), meeting)


def test_notice_over_easter_and_christmas() -> None:
    # Thursday 5 April 2018: clear days 4, 3, 29, 28, 27 (Good Friday, Easter Monday out).
    assert latest_publication_date(date(2018, 4, 5)) == date(2018, 3, 26)
    # Tuesday 2 January 2018: clear days 29, 28, 27, 22, 21 December.
    assert latest_publication_date(date(2018, 1, 2)) == date(2017, 12, 20)
    assert notice_met(date(2017, 12, 20), date(2018, 1, 2))
    assert not notice_met(date(2017, 12, 21), date(2018, 1, 2))


def test_notice_uses_the_london_date_of_an_aware_publication_time() -> None:
    meeting = date(2017, 7, 6)
    assert latest_publication_date(meeting) == date(2017, 6, 28)
    # 22:30 UTC is 23:30 BST on the 28th: in time.
    assert notice_met(datetime(2017, 6, 28, 22, 30, tzinfo=UTC), meeting)
    # 23:30 UTC is 00:30 BST on the 29th: too late, though still the 28th in UTC.
    assert not notice_met(datetime(2017, 6, 28, 23, 30, tzinfo=UTC), meeting)


def test_notice_with_other_clear_days() -> None:
    meeting = date(2018, 3, 26)
    assert notice_met(date(2018, 3, 22), meeting, clear_days=1)  # Friday 23rd is clear
    assert not notice_met(date(2018, 3, 23), meeting, clear_days=1)  # only a weekend between
    assert latest_publication_date(meeting, 1) == date(2018, 3, 22)
    assert notice_met(date(2018, 3, 26), meeting, clear_days=0)
    assert latest_publication_date(meeting, 0) == meeting


def test_publishing_after_the_meeting_never_gives_notice() -> None:
    meeting = date(2018, 3, 26)
    assert not notice_met(date(2018, 3, 27), meeting, clear_days=0)
    assert not notice_met(date(2018, 3, 26), meeting, clear_days=1)


def test_notice_validates_clear_days() -> None:
    with pytest.raises(ValueError, match="clear days"):
        notice_met(date(2018, 3, 1), date(2018, 3, 26), clear_days=-1)
    with pytest.raises(ValueError, match="clear days"):
        latest_publication_date(date(2018, 3, 26), clear_days=-1)


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=0, max_value=15), st.integers(min_value=-40, max_value=5))
def test_notice_met_exactly_up_to_the_latest_publication_date(
    meeting: date, clear_days: int, offset: int
) -> None:
    published = meeting + timedelta(days=offset)
    latest = latest_publication_date(meeting, clear_days)
    assert notice_met(published, meeting, clear_days) == (published <= latest)


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=0, max_value=15))
def test_latest_publication_date_leaves_exactly_the_clear_days(
    meeting: date, clear_days: int
) -> None:
    latest = latest_publication_date(meeting, clear_days)
    assert notice_met(latest, meeting, clear_days)
    assert not notice_met(latest + timedelta(days=1), meeting, clear_days)
    if clear_days:
        assert brute_force_working_days(latest + timedelta(days=1), meeting) == clear_days


@settings(max_examples=1000, deadline=None)
@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=15))
def test_publishing_earlier_never_hurts(meeting: date, days_before: int, clear_days: int) -> None:
    published = meeting - timedelta(days=days_before)
    if notice_met(published, meeting, clear_days):
        assert notice_met(published - timedelta(days=1), meeting, clear_days)


# --- Notice given, in days and in words (issue 11) ----------------------------------------

MEETING = date(2018, 3, 26)  # a Monday; Good Friday 30 March is after it


@pytest.mark.parametrize(
    ("published", "given"),
    [
        (date(2018, 3, 16), 5),  # Fri: Mon-Fri 19-23 are clear
        (date(2018, 3, 15), 6),
        (date(2018, 3, 17), 5),  # Saturday: the same five
        (date(2018, 3, 19), 4),
        (date(2018, 3, 23), 0),  # Friday before: the weekend is not clear
        (date(2018, 3, 26), 0),  # the day itself
        (date(2018, 3, 30), 0),  # after it
    ],
)
def test_clear_days_given(published: date, given: int) -> None:
    assert clear_days_given(published, MEETING) == given


@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=10),
)
@settings(max_examples=200, deadline=None)
def test_clear_days_given_agrees_with_notice_met(meeting: date, back: int, clear: int) -> None:
    published = meeting - timedelta(days=back)
    if back == 0 and clear == 0:
        return  # publishing on the day itself meets a zero-day rule with zero days given
    assert notice_met(published, meeting, clear) is (clear_days_given(published, meeting) >= clear)


def test_notice_message_after_publishing() -> None:
    assert (
        notice_message(date(2018, 3, 15), MEETING, 5)
        == "Published with 6 clear days’ notice (5 required)."
    )
    assert (
        notice_message(date(2018, 3, 22), MEETING, 5)
        == "Published late: 1 clear day’s notice (5 required)."
    )


def test_notice_message_before_publishing() -> None:
    assert (
        notice_message(date(2018, 3, 16), MEETING, 5, before=True)
        == "Publishing now gives 5 clear days’ notice (5 required)."
    )
    assert notice_message(date(2018, 3, 20), MEETING, 5, before=True) == (
        "Publishing now gives only 3 clear days’ notice (5 required): the agenda will be late."
    )


def test_notice_message_uses_the_london_day() -> None:
    # 23:30 UTC on Thursday 15 March is still the 15th in London (GMT in March)
    late_evening = datetime(2018, 3, 15, 23, 30, tzinfo=UTC)
    assert "6 clear days’" in notice_message(late_evening, MEETING, 5)
    summer = datetime(2018, 6, 14, 23, 30, tzinfo=UTC)  # 00:30 BST on Friday 15 June
    assert clear_days_given(summer, date(2018, 6, 25)) == 5
