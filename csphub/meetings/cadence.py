"""A body's meeting pattern ("Quarterly", "Every 3rd Thursday of the month"), turned into dates.

Why this exists: Democratic Services set a year's dates by pattern, not one by one — the same
weekday in the same week of the month (the second Thursday, say), every month or every
quarter, moved on a week where that day is a bank holiday. The demo uses this to give each
body its next meetings relative to the day it is loaded, so a new user always sees meetings
ahead; the rules are pure so that they can be checked on any date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .deadlines import is_working_day

__all__ = ["in_christmas_recess", "meeting_dates", "months_between", "nth_weekday", "week_of_month"]

_ORDINALS = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4}
_ORDINALS |= {"fourth": 4, "last": 5}
_NTH_OF_MONTH = re.compile(
    r"(?P<nth>1st|2nd|3rd|4th|first|second|third|fourth|last)\s+"
    r"(?P<day>monday|tuesday|wednesday|thursday|friday)\s+of\s+(?:the|each|every)\s+month",
    re.IGNORECASE,
)
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}


def months_between(frequency: str) -> int:
    """Months from one meeting to the next, read from the body's stated frequency.

    "Monthly" and "every 3rd Thursday of the month" are 1; "bi-monthly" and "every two
    months" 2; "quarterly" and "four times a year" 3; "twice a year" 6; "annually" 12.
    Anything else is taken as quarterly, the commonest pattern for a CSP board.
    """
    text = frequency.lower()
    if "month" in text and not re.search(r"two months|2 months|bi-?monthly|six months", text):
        return 1
    if re.search(r"two months|2 months|bi-?monthly|six times a year", text):
        return 2
    if re.search(r"twice a year|six months|6 months|bi-?annual|half-?yearly", text):
        if not re.search(r"four times|quarterly", text):
            return 6
    if re.search(r"annual|once a year|yearly", text) and "quarterly" not in text:
        return 12
    return 3


def week_of_month(day: date) -> int:
    """Which of the month's weekdays of its kind ``day`` is: 1 for the first, up to 5."""
    return (day.day - 1) // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-4; 5 means the last) ``weekday`` (Monday 0) of a month."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    last_day = calendar.monthrange(year, month)[1]
    target = day + timedelta(weeks=nth - 1)
    while target.day > last_day or target.month != month:
        target -= timedelta(weeks=1)
    return target


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def in_christmas_recess(day: date) -> bool:
    """24 to 31 December: working days, but no council sets a meeting in them."""
    return day.month == 12 and day.day >= 24


def _working(day: date) -> date:
    """The day, or the same weekday a week on (and on again) where it is a bank holiday or
    in the Christmas recess."""
    while not is_working_day(day) or in_christmas_recess(day):
        day += timedelta(weeks=1)
    return day


def meeting_dates(
    *, after: date, frequency: str, weekday: int, count: int, week: int | None = None
) -> list[date]:
    """The next ``count`` meeting dates strictly after ``after``.

    The pattern is "the ``week``-th ``weekday`` of the month", every ``months_between``
    months. A frequency that names its own day ("every 3rd Thursday of the month") wins over
    ``weekday`` and ``week``; without a week the pattern takes the first such weekday after
    ``after``. Dates on a bank holiday or in the Christmas recess move on a week; every date
    is a working day outside the recess, and the dates strictly increase.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    if not 0 <= weekday <= 4:
        raise ValueError("meetings are held on weekdays (Monday 0 to Friday 4)")
    named = _NTH_OF_MONTH.search(frequency)
    if named:
        weekday = _WEEKDAYS[named["day"].lower()]
        week = _ORDINALS[named["nth"].lower()]
    step = months_between(frequency)
    if week is None:
        first = after + timedelta(days=(weekday - after.weekday()) % 7 or 7)
        week = min(week_of_month(first), 4)
    year, month = after.year, after.month
    dates: list[date] = []
    while len(dates) < count:
        candidate = _working(nth_weekday(year, month, weekday, week))
        if candidate > after and (not dates or candidate > dates[-1]):
            dates.append(candidate)
            year, month = _add_months(year, month, step)
        else:
            year, month = _add_months(year, month, 1)
    return dates
