"""Rules of delivery plans, as pure functions (no Django imports).

A plan runs for a financial year, April to March (`year` 2017 is 2017/18), and collects its
updates by financial quarter: Q1 is April-June, Q2 July-September, Q3 October-December and
Q4 January-March. An update belongs to the quarter its date falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

# The financial year and quarter arithmetic lives in quarters.py (shared with the forward
# plan); these names stay importable from here.
from .quarters import (
    QUARTER_MONTHS,
    QUARTERS,
    financial_quarter,
    financial_year,
    quarter_bounds,
    year_label,
)

__all__ = [
    "QUARTERS",
    "QUARTER_MONTHS",
    "by_quarter",
    "financial_quarter",
    "financial_year",
    "plan_title",
    "positions_after_move",
    "quarter_bounds",
    "quarter_of_plan",
    "year_label",
]


def plan_title(body_name: str, year: int) -> str:
    """ "Children and Young People Sub Group delivery plan 2017/18" """
    return f"{body_name} delivery plan {year_label(year)}"


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
