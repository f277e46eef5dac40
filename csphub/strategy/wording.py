"""How the strategy pages and the progress report word things: pure functions, no Django.

Financial quarters run from April: Q1 is April to June.
"""

from __future__ import annotations

from collections.abc import Iterable

QUARTER_MONTHS = {
    1: "April to June",
    2: "July to September",
    3: "October to December",
    4: "January to March",
}


def quarter_text(quarter: int | None) -> str:
    """ "Q2 (July to September)"; "" when no quarter is recorded."""
    if quarter is None:
        return ""
    if quarter not in QUARTER_MONTHS:
        raise ValueError(f"A financial quarter is 1 to 4, not {quarter}.")
    return f"Q{quarter} ({QUARTER_MONTHS[quarter]})"


def counted(keys: Iterable[str], order: Iterable[str]) -> list[tuple[str, int]]:
    """How many of each key, in `order` (keys outside it last, alphabetically); a key of
    `order` that never occurs is counted as 0 so every table has the same rows."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    ordered = list(order)
    rest = sorted(k for k in counts if k not in ordered)
    return [(k, counts.get(k, 0)) for k in [*ordered, *rest]]


def period_years(period: str) -> tuple[int, int]:
    """ "2020-2023" -> (2020, 2023); a clear error for anything else."""
    parts = period.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts):
        raise ValueError(f"A strategy period is written like 2020-2023, not {period!r}.")
    first, last = int(parts[0]), int(parts[1])
    if last <= first:
        raise ValueError(f"The period {period!r} must end after it starts.")
    return first, last
