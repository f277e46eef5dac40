"""A window of months for an import: `csphub import-police PATH --from 2015-04 --to 2018-03`.

Only months inside the window are kept; the rest of a file is ignored (its counts are not
even checked), and the file's report notes how many months were left out. A file with no
month inside the window is reported, not refused: a slice of a long history can be taken
from a folder of files of which only some reach into it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

NOTE_MARK = "outside the month window"
"""Every note about months left out by a window contains this (the command shows them)."""

_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def _month(value: dt.date | str | None, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.replace(day=1)
    match = _MONTH_RE.match(str(value))
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"{what} must be a month written YYYY-MM (e.g. 2017-04), not {value!r}")
    return dt.date(int(match[1]), int(match[2]), 1)


@dataclass(frozen=True)
class MonthWindow:
    """The months from ``first`` to ``last`` inclusive; either end may be open (None)."""

    first: dt.date | None = None
    last: dt.date | None = None

    def __post_init__(self) -> None:
        first, last = _month(self.first, "from"), _month(self.last, "to")
        if first and last and first > last:
            raise ValueError(f"the month window is empty: {first:%Y-%m} is after {last:%Y-%m}")
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)

    @classmethod
    def of(cls, first: dt.date | str | None = None, last: dt.date | str | None = None):
        """A window from two months (dates or 'YYYY-MM' text), or None when both are blank.
        Raises ValueError, with a sentence for people, for a month that is not YYYY-MM."""
        window = cls(_month(first, "from"), _month(last, "to"))
        return None if window.first is None and window.last is None else window

    def __contains__(self, month: dt.date) -> bool:
        return (self.first is None or month >= self.first) and (
            self.last is None or month <= self.last
        )

    def __str__(self) -> str:
        first = f"{self.first:%Y-%m}" if self.first else ""
        last = f"{self.last:%Y-%m}" if self.last else ""
        if first and first == last:
            return first
        if first and last:
            return f"{first}..{last}"
        return f"from {first}" if first else f"to {last}"

    def note(self, left_out: Iterable[dt.date], kept: Iterable[dt.date]) -> str:
        """The file report's note on the months the window left out of a file."""
        left_out, kept = sorted(set(left_out)), sorted(set(kept))
        text = f"{len(left_out)} month(s) {NOTE_MARK} {self} left out ({spans(left_out)})"
        if not kept:
            text += "; no month inside the window: nothing was taken from this file"
        return text


def spans(months: Iterable[dt.date]) -> str:
    """Months as runs of consecutive months: '2010-04..2015-03, 2018-04..2024-02'."""
    runs: list[list[dt.date]] = []
    for month in sorted(set(months)):
        if runs:
            last = runs[-1][-1]
            following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
            if month == following:
                runs[-1].append(month)
                continue
        runs.append([month])
    return ", ".join(
        f"{run[0]:%Y-%m}" if len(run) == 1 else f"{run[0]:%Y-%m}..{run[-1]:%Y-%m}" for run in runs
    )
