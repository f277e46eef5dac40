"""What a crime figure rests on, in words: which publication, which population estimate,
which ward boundaries. Pure functions, no Django.

Why this exists: police figures are revised after publication and London's wards were
redrawn in May 2022, so the same "burglary in Barking and Dagenham, April to July 2017" is
518 in one vintage and 517 in another, and a ward table for 2017 may list wards (Northbury,
Beam) that did not exist in 2017. A pack that does not say which data it used cannot be
checked against the published one. These rules turn the import provenance the pack
actually read (publisher, vintage, population year, the ward file's publication) into the
sentences every format of the pack prints, so the page, PDF, DOCX and CSV say the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from .calculations import month_label, period_label

__all__ = [
    "LONDON_WARD_REVIEW",
    "REVISED",
    "boundaries_text",
    "nearest_year",
    "population_text",
    "population_year_for",
    "publisher_text",
    "source_text",
    "vintage_label",
]

REVISED: Final = "figures are revised after publication"

LONDON_WARD_REVIEW: Final = date(2022, 5, 1)
"""The local elections at which most London boroughs' wards were redrawn (Barking and
Dagenham and Bromley among them): MPS ward files published since then count every month,
however old, on the May 2022 wards."""


LEVELS: Final = {
    "mps-borough": "borough level",
    "mps-ward": "ward level",
    "mps-lsoa": "LSOA level",
    "police.uk-street": "street level",
    "police.uk-api": "street level, by ward polygon",
}
"""Each source family's level in words (the family codes of ``DataSource.Family``)."""


def _parse_vintage(vintage: str) -> date | None:
    """ "2019-01" -> 1 January 2019; anything else (blank, free text) -> None."""
    text = vintage.strip()
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        month = int(text[5:])
        if 1 <= month <= 12:
            return date(int(text[:4]), month, 1)
    return None


def vintage_label(vintage: str) -> str:
    """ "2019-01" -> "January 2019"; free text is returned as given (stripped)."""
    parsed = _parse_vintage(vintage)
    if parsed is None:
        return vintage.strip()
    return month_label(parsed)


def publisher_text(publisher: str) -> str:
    """ "Metropolitan Police Service (London Datastore)" -> "Metropolitan Police Service,
    London Datastore": the publisher and where it publishes, as a citation reads."""
    text = publisher.strip()
    if text.endswith(")") and " (" in text:
        name, _, where = text[:-1].partition(" (")
        return f"{name}, {where}"
    return text


def source_text(
    publishers: Iterable[str],
    family: str,
    vintages: Iterable[str],
    imported: Iterable[date] = (),
) -> str:
    """The source and vintage of a pack's figures, e.g. "Metropolitan Police Service, London
    Datastore, borough level, published January 2019; figures are revised after
    publication".

    ``vintages`` are the publication months recorded at import for the months read (more
    than one when the months came from different publications); when none was recorded the
    sentence says so and gives the import dates instead, rather than inventing one.
    """
    who = "; ".join(sorted({publisher_text(p) for p in publishers if p.strip()})) or (
        "Publisher not recorded"
    )
    parts = [who]
    level = LEVELS.get(family, family)
    if level:
        parts.append(level)
    known = sorted({v.strip() for v in vintages if v and v.strip()}, key=_vintage_key)
    if known:
        parts.append("published " + _and([vintage_label(v) for v in known]))
    else:
        days = sorted(set(imported))
        if days:
            parts.append(
                "publication date not recorded (imported "
                + _and([f"{d.day} {month_label(d)}" for d in days])
                + ")"
            )
        else:
            parts.append("publication date not recorded")
    return ", ".join(parts) + "; " + REVISED


def _vintage_key(vintage: str) -> tuple:
    parsed = _parse_vintage(vintage)
    return (parsed is None, parsed or date.min, vintage)


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def population_year_for(period_end: date) -> int:
    """The mid-year estimate a period's rates should use: the year its financial year
    starts in (a pack to July 2017 is 2017/18, so mid-2017)."""
    return period_end.year if period_end.month >= 4 else period_end.year - 1


def nearest_year(available: Iterable[int], wanted: int) -> int | None:
    """The estimate year to use: ``wanted`` itself when available, else the nearest one (the
    earlier of two equally near, since an estimate is never revised forward in time to
    describe a period it had not reached). None when there is none at all."""
    years = sorted(set(available))
    if not years:
        return None
    return min(years, key=lambda y: (abs(y - wanted), y))


def population_text(
    *,
    area: str,
    year: int | None,
    wanted: int,
    count: int | None,
    age: str = "all ages",
    source: str = "ONS mid-year estimate",
) -> str:
    """The population a pack's rates use, and whether it is the period's own year:
    "Population: ONS mid-2019 estimate for Barking and Dagenham, all ages, 212,906 (the
    nearest available to mid-2017; no mid-2017 estimate has been imported)"."""
    if year is None or count is None:
        return f"Population: no estimate for {area} has been imported, so no rates are shown."
    estimate = source.replace("mid-year", f"mid-{year}")
    text = f"Population: {estimate} for {area}, {age}, {count:,}"
    if year != wanted:
        text += (
            f" (the nearest available to mid-{wanted}; no mid-{wanted} estimate has been imported)"
        )
    return text + "."


def boundaries_text(
    *,
    level: str | None,
    family: str | None,
    vintages: Iterable[str],
    period_start: date,
    period_end: date,
) -> str:
    """Which boundaries a hotspot table is counted on, said plainly.

    Publishers count every month of a file on the areas in force when the file was
    published, not when the crimes happened. So an MPS ward file published after the May
    2022 London ward review gives 2017 on the May 2022 wards, which did not exist in 2017;
    the table is still useful (the same streets), but it must say so. A file published
    before the period ended, or whose publication was not recorded, is described as such.
    """
    if level is None:
        return ""
    if level == "lsoa":
        return (
            "Hotspots are Lower layer Super Output Areas (2011 or 2021 LSOAs, as the "
            "publisher coded them)."
        )
    known = [p for p in (_parse_vintage(v) for v in vintages) if p is not None]
    if family == "police.uk-api":
        return (
            "Hotspots are counted from data.police.uk street-level crimes inside each ward's "
            "polygon, on the ward boundaries the polygons were drawn for."
        )
    if not known:
        return (
            "Ward boundaries: those of the imported ward file; its publication date was not "
            "recorded at import, so the wards may not be those in force in "
            f"{period_label(period_start, period_end)}."
        )
    published = max(known)
    when = vintage_label(f"{published.year:04d}-{published.month:02d}")
    if family in ("mps-ward", None) and published >= LONDON_WARD_REVIEW > period_start:
        return (
            f"Ward boundaries: the May 2022 wards, as the MPS ward file published {when} "
            "counts every month, not the wards in force in "
            f"{period_label(period_start, period_end)} (some of these wards did not exist then)."
        )
    return (
        f"Ward boundaries: the wards in force when the ward file was published ({when}), "
        f"which are those of {period_label(period_start, period_end)}."
    )
