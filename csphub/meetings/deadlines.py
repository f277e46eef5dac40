"""Working-day arithmetic for question deadlines and agenda notice, as pure functions.

Why this exists: councils' constitutions set deadlines in working days ("questions ... must
be received in writing 4 working days before the meeting ... by 5pm on Tuesday 20th March"
for a meeting on Monday 26 March 2018), and the law sets agenda notice in clear days. Staff
work these out by hand with a calendar, and the Christmas and Easter weeks are where they go
wrong. Here a working day is a weekday that is not a bank holiday in England and Wales
(Wales shares England's bank holidays; Scotland and Northern Ireland have their own, which
do not apply to a CSP).

Bank holidays come from the ``holidays`` package (``country_holidays("GB", subdiv="ENG")``),
which includes substitute days ("Boxing Day (observed)") and the one-off days proclaimed so
far (the 2022 Platinum Jubilee and State Funeral, the 2023 Coronation). One-off days
proclaimed in future appear only when the package is upgraded. Dates outside the years the
package knows are refused rather than silently treated as having no bank holidays.

Times are naive local (Europe/London) wall-clock times unless a ``tzinfo`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from datetime import tzinfo as TimeZone
from functools import cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "LONDON",
    "add_working_days",
    "bank_holiday_name",
    "bank_holidays",
    "clear_days_given",
    "is_question_late",
    "is_working_day",
    "latest_publication_date",
    "notice_met",
    "notice_message",
    "question_deadline",
    "subtract_working_days",
    "working_days_between",
]

LONDON = ZoneInfo("Europe/London")
"""The time zone in which the partnership's days begin and end."""

_ONE_DAY = timedelta(days=1)


@cache
def _holiday_names(year: int) -> Mapping[date, str]:
    """Bank holidays of one year, computed once per process (the package is slow-ish)."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    if not calendar.start_year <= year <= calendar.end_year:
        raise ValueError(
            f"Bank holidays for {year} are not known (supported years are "
            f"{calendar.start_year} to {calendar.end_year})"
        )
    return MappingProxyType(dict(calendar.items()))


def bank_holidays(year: int) -> frozenset[date]:
    """Return the England and Wales bank holidays (including substitute days) of a year."""
    return frozenset(_holiday_names(year))


def bank_holiday_name(day: date) -> str | None:
    """Return the name of the bank holiday on ``day`` ("Easter Monday"), or None.

    Lets a page explain why a deadline is earlier than people expect.
    """
    return _holiday_names(_as_date(day).year).get(_as_date(day))


def _as_date(day: date) -> date:
    """Accept a date; a datetime is a date subclass but mixing them is almost always a bug."""
    if isinstance(day, datetime):
        raise TypeError(f"Expected a date, not a datetime: {day!r}")
    if not isinstance(day, date):
        raise TypeError(f"Expected a date, not {day!r}")
    return day


def is_working_day(day: date) -> bool:
    """True if ``day`` is Monday to Friday and not an England and Wales bank holiday."""
    day = _as_date(day)
    return day.weekday() < 5 and day not in _holiday_names(day.year)


def _check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of 0 or more, not {value!r}")


def subtract_working_days(day: date, count: int) -> date:
    """Return the working day that is ``count`` working days before ``day``.

    ``day`` itself is never counted, so exactly ``count`` working days lie in the half-open
    range [result, day). ``count`` of 0 returns ``day`` unchanged.
    """
    day = _as_date(day)
    _check_count("The number of working days", count)
    remaining = count
    while remaining:
        day -= _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def add_working_days(day: date, count: int) -> date:
    """Return the working day that is ``count`` working days after ``day``.

    ``day`` itself is never counted, so exactly ``count`` working days lie in the half-open
    range (day, result]. ``count`` of 0 returns ``day`` unchanged.
    """
    day = _as_date(day)
    _check_count("The number of working days", count)
    remaining = count
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def _weekdays_between(start: date, end: date) -> int:
    """Monday-to-Friday days in [start, end), for start <= end, without iterating days."""
    full_weeks, extra_days = divmod((end - start).days, 7)
    first = start.weekday()
    return full_weeks * 5 + sum(1 for i in range(extra_days) if (first + i) % 7 < 5)


def working_days_between(start: date, end: date) -> int:
    """Count the working days in the half-open range [start, end).

    Half-open so that counts add up: between(a, b) + between(b, c) == between(a, c). If
    ``end`` is before ``start`` the result is negative (minus the count in [end, start)),
    which keeps that law true whatever the order.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        return -working_days_between(end, start)
    count = _weekdays_between(start, end)
    for year in range(start.year, end.year + 1):
        count -= sum(1 for d in _holiday_names(year) if start <= d < end and d.weekday() < 5)
    return count


def question_deadline(
    meeting_date: date,
    working_days: int = 4,
    cutoff: time = time(17, 0),
    tzinfo: TimeZone | None = None,
) -> datetime:
    """Return the latest moment a question for a meeting can be received.

    The deadline is ``cutoff`` (5pm) on the day that is ``working_days`` working days
    before the meeting, the meeting day itself not counted: for a meeting on Monday
    26 March 2018 and 4 working days that is Tuesday 20 March 2018 at 17:00, as the
    agenda pack says. With ``working_days`` of 0 the deadline is on the meeting day.

    The result is naive local time, or aware in ``tzinfo`` if one is given (pass
    :data:`LONDON` to compare with aware timestamps such as e-mail receipt times).
    """
    day = subtract_working_days(_as_date(meeting_date), working_days)
    if tzinfo is None:
        return datetime.combine(day, cutoff)
    return datetime.combine(day, cutoff.replace(tzinfo=None), tzinfo=tzinfo)


def is_question_late(received_at: datetime, deadline: datetime) -> bool:
    """True if a question received at ``received_at`` missed ``deadline``.

    The deadline is inclusive to the second: received at 17:00:00 (even 17:00:00.9) is on
    time and 17:00:01 is late. Receipt times are shown to the second, so a question shown
    as "received 17:00:00" must never be marked late. Both times must be naive or both
    aware; mixing them would compare different clocks.
    """
    if not isinstance(received_at, datetime) or not isinstance(deadline, datetime):
        raise TypeError(
            f"Expected two datetimes, got {type(received_at).__name__} "
            f"and {type(deadline).__name__}"
        )
    received_naive = received_at.utcoffset() is None
    deadline_naive = deadline.utcoffset() is None
    if received_naive != deadline_naive:
        raise ValueError(
            "Cannot compare a time with a time zone and one without: "
            f"received {received_at.isoformat()}, deadline {deadline.isoformat()}"
        )
    return received_at.replace(microsecond=0) > deadline


def _publication_date(published_at: datetime | date, tz: TimeZone) -> date:
    if isinstance(published_at, datetime):
        if published_at.utcoffset() is not None:
            published_at = published_at.astimezone(tz)
        return published_at.date()
    return _as_date(published_at)


def notice_met(
    published_at: datetime | date,
    meeting_date: date,
    clear_days: int = 5,
    tz: TimeZone = LONDON,
) -> bool:
    """True if an agenda published at ``published_at`` gave the required notice.

    The Local Government Act 1972, s.100B, requires the agenda to be open to inspection
    "at least five clear days" before the meeting. CSP Hub reads a clear day as a whole
    working day (not a Saturday, Sunday or England and Wales bank holiday) strictly
    between the day of publication and the day of the meeting: neither of those days
    counts, and publishing late in the evening still counts as publishing that day. This
    is the cautious reading councils use; a partnership that is not a council committee
    can set ``clear_days`` as its own terms of reference say.

    An aware ``published_at`` is converted to ``tz`` (London) before taking its date, so
    00:30 BST is the next day even though it is still the previous day in UTC.
    """
    _check_count("The number of clear days", clear_days)
    published_on = _publication_date(published_at, tz)
    meeting_date = _as_date(meeting_date)
    if published_on >= meeting_date:
        return clear_days == 0 and published_on == meeting_date
    return working_days_between(published_on + _ONE_DAY, meeting_date) >= clear_days


def latest_publication_date(meeting_date: date, clear_days: int = 5) -> date:
    """Return the last day on which an agenda can be published and still give notice.

    It is the day before the ``clear_days``-th working day before the meeting, so that
    ``notice_met(day, meeting_date, clear_days)`` holds exactly for days up to this one.
    It may be a weekend or bank holiday: publishing on a Sunday still counts if enough
    clear days follow.
    """
    _check_count("The number of clear days", clear_days)
    meeting_date = _as_date(meeting_date)
    if clear_days == 0:
        return meeting_date
    return subtract_working_days(meeting_date, clear_days) - _ONE_DAY


def clear_days_given(
    published_at: datetime | date, meeting_date: date, tz: TimeZone = LONDON
) -> int:
    """How many clear days' notice an agenda published at ``published_at`` gives.

    The count :func:`notice_met` compares with the requirement: whole working days
    strictly between the day of publication (in London) and the day of the meeting.
    Publishing on or after the meeting day gives none.
    """
    published_on = _publication_date(published_at, tz)
    meeting_date = _as_date(meeting_date)
    if published_on >= meeting_date:
        return 0
    return working_days_between(published_on + _ONE_DAY, meeting_date)


def _days(count: int) -> str:
    return "1 clear day’s" if count == 1 else f"{count} clear days’"


def notice_message(
    published_at: datetime | date,
    meeting_date: date,
    clear_days: int = 5,
    tz: TimeZone = LONDON,
    *,
    before: bool = False,
) -> str:
    """The notice outcome in words, for the secretariat, before or after publishing.

    Why: the notice period is the one legal test the agenda must pass, and officers
    otherwise count the days on a calendar. ``before`` words it as what publishing now
    would give ("Publishing now gives 6 clear days’ notice (5 required).");
    otherwise as what was given ("Published with 6 clear days’ notice (5 required).").
    A short notice says so plainly, so a late agenda is a decision, not a surprise.
    """
    _check_count("The number of clear days", clear_days)
    given = clear_days_given(published_at, meeting_date, tz)
    required = f"({clear_days} required)"
    if notice_met(published_at, meeting_date, clear_days, tz):
        lead = "Publishing now gives" if before else "Published with"
        return f"{lead} {_days(given)} notice {required}."
    if before:
        return (
            f"Publishing now gives only {_days(given)} notice {required}: the agenda will be late."
        )
    return f"Published late: {_days(given)} notice {required}."
