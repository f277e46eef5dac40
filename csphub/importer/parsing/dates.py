"""Dates and times as minutes write them: "19 December 2017", "19th December 2017",
"Thursday, 21st June 2018", "March 8th 2018", "JANUARY 12TH 2023", "12/06/2017";
"10.00 am", "10:30", "10.30am". Nothing is guessed: a date without a year is no date."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})\b", re.I
)
_MONTH_FIRST = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})\s*(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[.:](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?", re.I)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every date written in the text, with where it starts, in order."""
    found: list[tuple[int, dt.date]] = []
    for m in _DAY_FIRST.finditer(text):
        if d := _make(int(m[3]), MONTHS[m[2].lower()], int(m[1])):
            found.append((m.start(), d))
    for m in _MONTH_FIRST.finditer(text):
        if d := _make(int(m[3]), MONTHS[m[1].lower()], int(m[2])):
            found.append((m.start(), d))
    for m in _NUMERIC.finditer(text):
        if d := _make(int(m[3]), int(m[2]), int(m[1])):
            found.append((m.start(), d))
    return sorted(found)


def find_date(text: str) -> dt.date | None:
    """The first date written in the text, or None."""
    dates = find_dates(text)
    return dates[0][1] if dates else None


def find_time(text: str) -> str | None:
    """The first clock time in the text as "HH:MM" (24-hour), or None."""
    for m in _TIME.finditer(text):
        hour, minute = int(m[1]), int(m[2])
        suffix = (m[3] or "").lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        if suffix == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    return None
