"""Financial years and quarters, and the forward plan's planning rule, as pure functions
(no Django imports).

A financial year runs from 1 April to 31 March and is named by its first calendar year
(2020 is 2020/21). Its quarters: Q1 April-June, Q2 July-September, Q3 October-December,
Q4 January-March. So 30 June is Q1, 1 July Q2, and 31 March 2021 is Q4 of 2020/21.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

QUARTERS = (1, 2, 3, 4)
QUARTER_MONTHS = {
    1: "April to June",
    2: "July to September",
    3: "October to December",
    4: "January to March",
}


def financial_year(day: date) -> int:
    """The first calendar year of the financial year `day` falls in: 2021-03-31 -> 2020."""
    return day.year if day.month >= 4 else day.year - 1


def quarter(day: date) -> int:
    """The financial quarter of a day, 1 to 4: 30 June -> 1, 1 July -> 2, 31 March -> 4."""
    return ((day.month - 4) % 12) // 3 + 1


def financial_quarter(day: date) -> tuple[int, int]:
    """(financial year, quarter) of a day: 2017-08-30 -> (2017, 2); 2018-01-05 -> (2017, 4)."""
    return financial_year(day), quarter(day)


def year_label(year: int) -> str:
    """ "2020/21" """
    if not 1900 <= year <= 9998:
        raise ValueError(f"A financial year must be a four-digit year, not {year!r}")
    return f"{year}/{(year + 1) % 100:02d}"


def quarter_label(year: int, q: int) -> str:
    """ "Q1 2021/22" """
    _check_quarter(q)
    return f"Q{q} {year_label(year)}"


def _check_quarter(q: int) -> None:
    if q not in QUARTERS:
        raise ValueError(f"A quarter is 1, 2, 3 or 4, not {q!r}")


def _month_start(year: int, months: int) -> date:
    """The first of the month `months` months after January of `year` (0 is January)."""
    return date(year + months // 12, months % 12 + 1, 1)


def quarter_first_day(year: int, q: int) -> date:
    """(2020, 4) -> 1 January 2021."""
    _check_quarter(q)
    return _month_start(year, 3 * q)


def quarter_last_day(year: int, q: int) -> date:
    """(2020, 4) -> 31 March 2021."""
    _check_quarter(q)
    return _month_start(year, 3 * q + 3) - timedelta(days=1)


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    """First and last day of a quarter of a financial year."""
    return quarter_first_day(year, q), quarter_last_day(year, q)


def period_quarters(starts_on: date, ends_on: date) -> list[tuple[int, int]]:
    """The (financial year, quarter) pairs a period touches, in order: 1 April 2020 to
    31 March 2023 gives the twelve quarters of 2020/21, 2021/22 and 2022/23."""
    if ends_on < starts_on:
        raise ValueError(f"The period ends ({ends_on}) before it starts ({starts_on}).")
    pairs = []
    year, q = financial_quarter(starts_on)
    last = financial_quarter(ends_on)
    while (year, q) <= last:
        pairs.append((year, q))
        year, q = (year, q + 1) if q < 4 else (year + 1, 1)
    return pairs


def period_years(starts_on: date, ends_on: date) -> list[int]:
    """The financial years a period touches: 1 April 2020 to 31 March 2023 -> 2020-2022."""
    return sorted({year for year, _ in period_quarters(starts_on, ends_on)})


# --- the planning rule ------------------------------------------------------------------------

END_OF_YEAR = 0  # the key of the end-of-year updates item (priorities are numbered from 1)
END_OF_YEAR_QUARTER = 4


@dataclass(frozen=True)
class Placement:
    """Where one scheduled topic lands: `key` is the priority's number (END_OF_YEAR for
    the end-of-year updates), `meeting` the day of the meeting, or None when the body has
    no meeting in that quarter (unscheduled)."""

    key: int
    year: int
    quarter: int
    meeting: date | None


def first_meeting_in(meetings: Iterable[date], year: int, q: int) -> date | None:
    """The earliest of `meetings` in quarter `q` of financial year `year`, or None."""
    start, end = quarter_bounds(year, q)
    inside = [day for day in meetings if start <= day <= end]
    return min(inside) if inside else None


def plan(
    priorities: Sequence[tuple[int, int | None]], years: Iterable[int], meetings: Sequence[date]
) -> list[Placement]:
    """The strategy's discussion schedule laid on a body's meetings.

    `priorities` are (number, discussion quarter) pairs (a priority with no quarter is left
    out); for each of `years`, each priority's substantive discussion lands on the first of
    `meetings` in its quarter, and the end-of-year updates on the first meeting in Q4. A
    topic whose quarter has no meeting is unscheduled (meeting None).
    """
    placed = []
    for year in sorted(set(years)):
        wanted = [(n, q) for n, q in priorities if q is not None]
        wanted.append((END_OF_YEAR, END_OF_YEAR_QUARTER))
        for key, q in wanted:
            _check_quarter(q)
            placed.append(Placement(key, year, q, first_meeting_in(meetings, year, q)))
    return placed


# --- how an item reads ------------------------------------------------------------------------

UNSCHEDULED = "unscheduled"
PLANNED = "planned"
ON_AGENDA = "on_agenda"
SLIPPED = "slipped"
DONE = "done"
DROPPED = "dropped"

# Meeting statuses after which an item not on the agenda has slipped (strings, to stay pure).
MEETING_PAST = frozenset({"held", "draft_minutes", "minutes_approved", "cancelled"})


def item_state(status: str, meeting_status: str | None) -> str:
    """What the forward plan shows for an item of `status` ("planned", "on_agenda", "done",
    "dropped") planned on a meeting of `meeting_status` (None: no meeting): an item whose
    meeting was held or cancelled without it being taken has slipped."""
    if status in (DONE, DROPPED):
        return status
    if meeting_status is None:
        return UNSCHEDULED
    if meeting_status == "cancelled":
        return SLIPPED
    if status == ON_AGENDA:
        return DONE if meeting_status in MEETING_PAST else ON_AGENDA
    return SLIPPED if meeting_status in MEETING_PAST else PLANNED
