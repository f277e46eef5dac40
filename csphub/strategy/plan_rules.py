"""Rules of delivery plans, as pure functions (no Django imports).

A plan runs for a financial year, April to March (`year` 2017 is 2017/18), and collects its
updates by financial quarter: Q1 is April-June, Q2 July-September, Q3 October-December and
Q4 January-March. An update belongs to the quarter its date falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

QUARTERS = (1, 2, 3, 4)
QUARTER_MONTHS = {
    1: "April to June",
    2: "July to September",
    3: "October to December",
    4: "January to March",
}


def financial_year(day: date) -> int:
    """The first calendar year of the financial year `day` falls in: 2018-03-31 -> 2017."""
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter(day: date) -> tuple[int, int]:
    """(financial year, quarter) of a day: 2017-08-30 -> (2017, 2); 2018-01-05 -> (2017, 4)."""
    return financial_year(day), ((day.month - 4) % 12) // 3 + 1


def year_label(year: int) -> str:
    """ "2017/18" """
    if not 1900 <= year <= 9998:
        raise ValueError(f"A financial year must be a four-digit year, not {year!r}")
    return f"{year}/{(year + 1) % 100:02d}"


def plan_title(body_name: str, year: int) -> str:
    """ "Children and Young People Sub Group delivery plan 2017/18" """
    return f"{body_name} delivery plan {year_label(year)}"


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter of a financial year: (2017, 4) -> 1 Jan - 31 Mar 2018."""
    if quarter not in QUARTERS:
        raise ValueError(f"A quarter is 1, 2, 3 or 4, not {quarter!r}")
    months = 3 + 3 * quarter  # months from January of `year` to the first after the quarter
    start = _month_start(year, months - 3)
    return start, _month_start(year, months) - timedelta(days=1)


def _month_start(year: int, months: int) -> date:
    """The first of the month `months` months after January of `year` (0 is January)."""
    return date(year + months // 12, months % 12 + 1, 1)


def quarter_of_plan(day: date, year: int) -> int | None:
    """The quarter of plan year `year` a day falls in, or None outside that year."""
    fy, quarter = financial_quarter(day)
    return quarter if fy == year else None


def by_quarter(days: Sequence[date], year: int) -> dict[int, list[int]]:
    """Positions of `days` grouped by their quarter of the plan year (others left out)."""
    grouped: dict[int, list[int]] = {q: [] for q in QUARTERS}
    for i, day in enumerate(days):
        quarter = quarter_of_plan(day, year)
        if quarter is not None:
            grouped[quarter].append(i)
    return grouped


def positions_after_move(ids: Sequence[int], moved: int, offset: int) -> list[int]:
    """`ids` in order with `moved` shifted by `offset` places (-1 up, +1 down), clamped at
    the ends; an id not in the list is an error."""
    if moved not in ids:
        raise ValueError(f"{moved!r} is not in the list")
    order = list(ids)
    i = order.index(moved)
    j = max(0, min(len(order) - 1, i + offset))
    order.insert(j, order.pop(i))
    return order
