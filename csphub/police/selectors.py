"""Reads of the police data: finding an area, crime series, the crime summary, and the
category mapping table.

Figures for an area come from one source family at a time (the MPS borough file and the
data.police.uk street files count the same crimes, so adding them would double count);
within a family, sources of different scopes (two forces' street files) are added up,
because each force records different crimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from . import calculations as calc
from . import packing, provenance
from .importer import CategoryResolver, Gazetteer
from .models import (
    Area,
    AreaPopulation,
    CategoryMapping,
    CrimeCategory,
    CrimeCount,
    DataSource,
    LsoaCountSet,
    SourceMonth,
)

FAMILY_PREFERENCE = [
    DataSource.Family.MPS_BOROUGH,
    DataSource.Family.MPS_WARD,
    DataSource.Family.MPS_LSOA,
    DataSource.Family.STREET,
    DataSource.Family.API,
]
"""Which family to read an area's figures from when several have it: the publisher's own
aggregates first (they include crimes the street files cannot place), then street files."""

LEVEL_PREFERENCE: list[str] = [
    Area.Level.BOROUGH,
    Area.Level.FORCE,
    Area.Level.WARD,
    Area.Level.MSOA,
    Area.Level.LSOA,
]

ALL_CRIME = "All crime (excluding anti-social behaviour)"
RATE_BASIS = "rolling 12 months per 1,000 residents (all ages)"


class AreaNotFound(LookupError):
    pass


def area_find(query: str, *, level: str | None = None) -> Area:
    """The area with this code, or this name (ignoring case).

    When a name is shared by areas at different levels, the borough or district wins, then
    the force, ward and LSOA; pass ``level`` to choose.
    """
    text = query.strip()
    found = Area.objects.filter(Q(code__iexact=text) | Q(name__iexact=text))
    if level:
        found = found.filter(level=level)
    areas = list(found)
    if not areas:
        near = Area.objects.filter(name__icontains=text).order_by("level", "name")[:8]
        hint = "; ".join(f"{a.name} ({a.get_level_display().lower()}, {a.code})" for a in near)
        raise AreaNotFound(
            f"No area {text!r}"
            + (f". Did you mean: {hint}?" if hint else ". Import its data first.")
        )
    areas.sort(key=lambda a: (LEVEL_PREFERENCE.index(a.level), a.code))
    exact_code = [a for a in areas if a.code.casefold() == text.casefold()]
    return (exact_code or areas)[0]


_AFFIXES = (
    "london borough of ",
    "royal borough of ",
    "borough of ",
    "city of ",
    "metropolitan borough of ",
    " borough council",
    " district council",
    " city council",
    " county council",
    " council",
    " community safety partnership",
    " partnership",
)


def area_for_partnership(partnership, areas: list[Area] | None = None) -> Area | None:
    """The borough (or force) a partnership covers, from its council's or its own name.

    `areas` (the boroughs and forces) may be passed in, read once for a list of partnerships.
    """
    names = [partnership.council, partnership.name, partnership.short_name]
    candidates = []
    for name in filter(None, names):
        text = name.strip().casefold()
        for affix in _AFFIXES:
            text = text.removeprefix(affix) if affix.endswith(" ") else text.removesuffix(affix)
        candidates.append(text.replace("&", "and").strip())
    if areas is None:
        areas = list(Area.objects.filter(level__in=[Area.Level.BOROUGH, Area.Level.FORCE]))
    areas = sorted(areas, key=lambda a: (LEVEL_PREFERENCE.index(a.level), -len(a.name)))
    for text in candidates:
        for area in areas:
            if area.name.casefold().replace("&", "and") == text:
                return area
    for text in candidates:
        for area in areas:
            if area.name.casefold().replace("&", "and") in text:
                return area
    return None


def category_tree() -> tuple[list[CrimeCategory], dict[int, set[int]]]:
    """All categories in order, and each one's id with all its descendants' ids."""
    categories = list(CrimeCategory.objects.order_by("sort_order", "name"))
    children: dict[int | None, list[int]] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category.pk)
    within: dict[int, set[int]] = {}

    def walk(pk: int) -> set[int]:
        if pk not in within:
            found = {pk}
            for child in children.get(pk, []):
                found |= walk(child)
            within[pk] = found
        return within[pk]

    for category in categories:
        walk(category.pk)
    return categories, within


def window(to: dt.date) -> list[dt.date]:
    """Every month a summary to ``to`` reads: this FYTD, last year's, the rolling year."""
    current = calc.fytd_months(to)
    months = set(current) | set(calc.same_months_last_year(current))
    months |= set(calc.rolling_months(to, 12))
    return sorted(months)


CountRow = tuple[int, str, dt.date, int, int]
"""One count of an area: (source id, source family, month, category id, count)."""


def _counts(
    area: Area,
    months: Sequence[dt.date],
    family: str | None = None,
    category_ids: Iterable[int] | None = None,
) -> list[CountRow]:
    """Every count of ``area`` over ``months`` (of one family, of some categories), from the
    count table or, for an LSOA, from the packed sets of its parent: one query either way."""
    if area.level == Area.Level.LSOA:
        return [
            (source_id, fam, month, category_id, n)
            for _area, source_id, fam, month, category_id, n in lsoa_counts(
                parent=area.parent_id,
                lsoas=[area.pk],
                months=months,
                family=family,
                category_ids=category_ids,
            )
        ]
    found = CrimeCount.objects.filter(area=area, month__in=months)
    if family:
        found = found.filter(source__family=family)
    if category_ids is not None:
        found = found.filter(category_id__in=list(category_ids))
    return list(found.values_list("source_id", "source__family", "month", "category_id", "count"))


def lsoa_counts(
    *,
    parent: int | None,
    months: Sequence[dt.date] | None,
    lsoas: Iterable[int] | None = None,
    family: str | None = None,
    category_ids: Iterable[int] | None = None,
) -> list[tuple[int, int, str, dt.date, int, int]]:
    """The LSOA-level counts within the area ``parent`` (an id; None for LSOAs without one)
    over ``months`` (None: every month), unpacked from their sets: (LSOA id, source id,
    family, month, category id, count) for each LSOA (only those of ``lsoas`` if given)
    with a count. One query."""
    found = LsoaCountSet.objects.all()
    if months is not None:
        found = found.filter(month__in=list(months))
    found = found.filter(parent__isnull=True) if parent is None else found.filter(parent=parent)
    if family:
        found = found.filter(source__family=family)
    if category_ids is not None:
        found = found.filter(category_id__in=list(category_ids))
    wanted = set(lsoas) if lsoas is not None else None
    rows = []
    for source_id, fam, month, category_id, areas, counts in found.values_list(
        "source_id", "source__family", "month", "category_id", "areas", "counts"
    ):
        ids, numbers = packing.unpack(areas, counts)
        for pk, n in zip(ids.tolist(), numbers.tolist(), strict=True):
            if wanted is None or pk in wanted:
                rows.append((pk, source_id, fam, month, category_id, n))
    return rows


def family_for(area: Area, months: Sequence[dt.date], family: str | None = None) -> str | None:
    """The source family to read ``area`` from over ``months``: the first that has data."""
    families = [family] if family else FAMILY_PREFERENCE
    if area.level == Area.Level.LSOA:
        present = {row[1] for row in _counts(area, months, family)}
    else:
        present = set(
            CrimeCount.objects.filter(area=area, month__in=months)
            .values_list("source__family", flat=True)
            .distinct()
        )
    for candidate in families:
        if candidate in present:
            return candidate
    return None


def crime_series(
    area: Area, family: str, months: Sequence[dt.date]
) -> dict[int, dict[dt.date, int]]:
    """Counts by category id and month, for the area from one family, before roll-up."""
    series: dict[int, dict[dt.date, int]] = {}
    for _source, _family, month, category_id, n in _counts(area, months, family):
        by_month = series.setdefault(category_id, {})
        by_month[month] = by_month.get(month, 0) + n
    return series


def source_ids(area: Area, months: Sequence[dt.date], family: str | None = None) -> list[int]:
    """The sources (of ``family``, or of any) with counts for ``area`` over ``months``."""
    if area.level == Area.Level.LSOA:
        return sorted({row[0] for row in _counts(area, months, family)})
    found = CrimeCount.objects.filter(area=area, month__in=months)
    if family:
        found = found.filter(source__family=family)
    return list(found.values_list("source_id", flat=True).distinct())


def months_missing(area: Area, family: str, months: Sequence[dt.date]) -> list[dt.date]:
    """Months of ``months`` that not every source giving this area's figures has imported."""
    sources = source_ids(area, months, family)
    if not sources:
        return list(months)
    covered: dict[dt.date, set[int]] = {}
    for source_id, month in SourceMonth.objects.filter(
        source_id__in=sources, month__in=months
    ).values_list("source_id", "month"):
        covered.setdefault(month, set()).add(source_id)
    return [m for m in months if covered.get(m, set()) != set(sources)]


def month_range(area: Area) -> tuple[dt.date | None, dt.date | None]:
    """The first and last months with any count for ``area``."""
    if area.level == Area.Level.LSOA:
        months = sorted(
            {row[3] for row in lsoa_counts(parent=area.parent_id, lsoas=[area.pk], months=None)}
        )
        return (months[0], months[-1]) if months else (None, None)
    found = CrimeCount.objects.filter(area=area).aggregate(first=Min("month"), last=Max("month"))
    return found["first"], found["last"]


def latest_within(area: Area) -> dt.date | None:
    """The last month with a count for any area within ``area`` (its wards, its LSOAs)."""
    wards = CrimeCount.objects.filter(area__parent=area).aggregate(last=Max("month"))["last"]
    lsoas = LsoaCountSet.objects.filter(parent=area).aggregate(last=Max("month"))["last"]
    return max(filter(None, [wards, lsoas]), default=None)


def latest_of(areas: Iterable[int]) -> dt.date | None:
    """The last month with a count for any of the areas (ids) given, in three queries
    whatever their number: the count table's latest month, which of the areas are LSOAs,
    and a walk back through the sets of those LSOAs' parents, newest first, that stops at
    the first set holding one of them (nearly always among the first read)."""
    ids = list(areas)
    latest = CrimeCount.objects.filter(area_id__in=ids).aggregate(m=Max("month"))["m"]
    lsoas = dict(
        Area.objects.filter(pk__in=ids, level=Area.Level.LSOA).values_list("pk", "parent_id")
    )
    if not lsoas:
        return latest
    wanted = np.array(sorted(lsoas), dtype=np.int64)
    parents = Q(parent_id__in={p for p in lsoas.values() if p is not None})
    if None in lsoas.values():
        parents |= Q(parent__isnull=True)
    sets = LsoaCountSet.objects.filter(parents)
    if latest is not None:
        sets = sets.filter(month__gt=latest)
    walk = sets.order_by("-month").values_list("month", "areas").iterator(chunk_size=500)
    for month, packed in walk:
        if np.isin(packing.members(packed), wanted).any():
            return month
    return latest


def has_counts() -> bool:
    """Whether any police figures have been imported."""
    return CrimeCount.objects.exists() or LsoaCountSet.objects.exists()


def population(
    area: Area, year: int, age_band: str = AreaPopulation.ALL_AGES
) -> AreaPopulation | None:
    """The estimate for ``area`` nearest to ``year`` (the earlier of two equally near), by
    the pure rule :func:`provenance.nearest_year`."""
    estimates = {p.year: p for p in AreaPopulation.objects.filter(area=area, age_band=age_band)}
    chosen = provenance.nearest_year(estimates, year)
    return None if chosen is None else estimates[chosen]


def vintages(sources: Iterable[int], months: Sequence[dt.date]) -> tuple[list[str], list[dt.date]]:
    """The publication months (vintages) recorded at import for the counts held of
    ``sources`` over ``months`` (each month's latest revision), and the days those imports
    ran: one query, whatever the number of months."""
    latest: dict[tuple[int, dt.date], tuple[int, str, dt.date]] = {}
    for source_id, month, revision, vintage, started in SourceMonth.objects.filter(
        source_id__in=list(sources), month__in=list(months)
    ).values_list("source_id", "month", "revision", "import_file__vintage", "run__started_at"):
        key = (source_id, month)
        if key not in latest or latest[key][0] < revision:
            latest[key] = (revision, vintage or "", started.date())
    found = sorted({v for _, v, _ in latest.values() if v})
    days = sorted({d for _, v, d in latest.values() if not v})
    return found, days


@dataclass(frozen=True)
class _Wanted:
    name: str
    slug: str
    ids: frozenset[int]


def _wanted(
    names: Iterable[str] | None,
    categories: list[CrimeCategory],
    within: dict[int, set[int]],
    series: dict[int, dict[dt.date, int]],
) -> list[_Wanted]:
    by_key: dict[str, CrimeCategory] = {}
    for each in categories:
        by_key[each.name.casefold()] = each
        by_key[each.slug.casefold()] = each
    asb = next((c for c in categories if c.slug == "anti-social-behaviour"), None)
    all_crime_ids = frozenset(
        c.pk for c in categories if asb is None or c.pk not in within.get(asb.pk, set())
    )
    all_crime = _Wanted(ALL_CRIME, "all-crime", all_crime_ids)
    if names:
        chosen = []
        for name in names:
            key = name.strip().casefold()
            if key in ("all", "all-crime", ALL_CRIME.casefold()):
                chosen.append(all_crime)
                continue
            category = by_key.get(key)
            if category is None:
                known = ", ".join(c.name for c in categories if c.parent_id is None)
                raise LookupError(f"No crime category {name!r}. Top-level categories: {known}.")
            chosen.append(_Wanted(category.name, category.slug, frozenset(within[category.pk])))
        return chosen
    with_data = {pk for pk, months in series.items() if any(months.values())}
    chosen = [
        _Wanted(c.name, c.slug, frozenset(within[c.pk]))
        for c in categories
        if c.parent_id is None and within[c.pk] & with_data
    ]
    if chosen:
        chosen.append(all_crime)
    return chosen


def crime_summary(
    *,
    area: Area,
    to: dt.date,
    categories: Iterable[str] | None = None,
    family: str | None = None,
) -> dict:
    """The FYTD summary of ``area`` to the month ``to``, as the `crime-summary` JSON.

    For each category: this financial year to date, the same months last year, the change
    and % change (with the small-numbers flag), the rolling 12 months and its rate per
    1,000 residents (when a population estimate for the area has been imported).
    """
    to = calc.month_start(to)
    months = window(to)
    chosen_family = family_for(area, months, family)
    tree, within = category_tree()
    series = crime_series(area, chosen_family, months) if chosen_family else {}
    wanted = _wanted(categories, tree, within, series)
    wanted_year = provenance.population_year_for(to)
    estimate = population(area, wanted_year)
    people = estimate.count if estimate else None
    rows = []
    for item in wanted:
        totals: dict[dt.date, int] = {}
        for pk in item.ids:
            for month, n in series.get(pk, {}).items():
                totals[month] = totals.get(month, 0) + n
        comparison = calc.fytd(totals, to)
        rolling = calc.rolling_12(totals, to)
        rows.append(
            {
                "category": item.name,
                "slug": item.slug,
                "fytd": comparison.current,
                "fytd_previous": comparison.previous,
                "change": comparison.change,
                "change_pct": comparison.change_pct,
                "small": comparison.small,
                "rolling_12": rolling,
                "rate_per_1000": calc.rate_per(rolling, people, 1000) if people else None,
            }
        )
    current = calc.fytd_months(to)
    source = None
    missing: list[dt.date] = list(months)
    if chosen_family:
        sources = list(DataSource.objects.filter(pk__in=source_ids(area, months, chosen_family)))
        found, imported = vintages([s.pk for s in sources], months)
        publishers = sorted({s.publisher for s in sources})
        source = {
            "family": chosen_family,
            "names": sorted({s.name for s in sources}),
            "publishers": publishers,
            "licence": sorted({s.licence for s in sources if s.licence}),
            "vintages": found,
            "text": provenance.source_text(publishers, chosen_family, found, imported),
        }
        missing = months_missing(area, chosen_family, months)
    return {
        "area": area.name,
        "area_code": area.code,
        "level": area.level,
        "to": calc.month_key(to),
        "financial_year": calc.financial_year(to),
        "fytd_period": calc.fytd_label(to),
        "previous_period": calc.period_label(
            calc.same_months_last_year(current)[0], calc.same_months_last_year(current)[-1]
        ),
        "source": source,
        "months_missing": [calc.month_key(m) for m in missing],
        "population": people,
        "population_year": estimate.year if estimate else None,
        "population_wanted_year": wanted_year,
        "population_text": provenance.population_text(
            area=area.name,
            year=estimate.year if estimate else None,
            wanted=wanted_year,
            count=people,
        ),
        "rate_basis": RATE_BASIS,
        "categories": rows,
    }


def category_series(
    *, area: Area, family: str | None, months: Sequence[dt.date], names: Iterable[str]
) -> dict[str, dict[dt.date, int]]:
    """Monthly counts, rolled up, for each named category (names or slugs; "all-crime" for
    all crime), keyed by the category's slug: one query however many categories."""
    tree, within = category_tree()
    wanted = _wanted(list(names), tree, within, {})
    series = crime_series(area, family, months) if family else {}
    out: dict[str, dict[dt.date, int]] = {}
    for item in wanted:
        totals: dict[dt.date, int] = {}
        for pk in item.ids:
            for month, n in series.get(pk, {}).items():
                totals[month] = totals.get(month, 0) + n
        out[item.slug] = totals
    return out


def category_ids(category: str) -> tuple[CrimeCategory | None, frozenset[int]]:
    """A category (by name or slug; "all" for all crime) and the ids its figure adds up."""
    tree, within = category_tree()
    wanted = _wanted([category], tree, within, {})[0]
    found = next((c for c in tree if c.slug == wanted.slug), None)
    return found, wanted.ids


def monthly_counts(
    *,
    area: Area,
    category: str,
    start: dt.date,
    end: dt.date,
    family: str | None = None,
) -> tuple[str | None, list[tuple[dt.date, int | float]]]:
    """(family used, [(month, count)...]) for every month from ``start`` to ``end``, for a
    trend chart; months without data are 0 (check :func:`months_missing`)."""
    months = calc.months_between(start, end)
    chosen = family_for(area, months, family)
    _category, ids = category_ids(category)
    totals: dict[dt.date, int] = {}
    if chosen:
        for _source, _family, month, _cat, n in _counts(area, months, chosen, ids):
            totals[month] = totals.get(month, 0) + n
    return chosen, calc.monthly_series(totals, start, end)


def hotspots(
    *,
    area: Area,
    to: dt.date,
    category: str = "all",
    level: str | None = None,
    family: str | None = None,
    limit: int = 10,
) -> dict:
    """The areas within ``area`` (wards or LSOAs) with the most crime this financial year to
    date, and with the largest rises on the same months last year.

    The level is the first of ward and LSOA with data for this year's months; the family
    the first with data at that level (it need not be the family the area's own summary
    uses). Without any for this year's months there are no hotspots, rather than every
    ward at 0 in alphabetical order; the wards are ranked by their count.
    """
    to = calc.month_start(to)
    current = calc.fytd_months(to)
    previous = calc.same_months_last_year(current)
    _category, ids = category_ids(category)
    current_set = set(current)
    levels = [level] if level else [Area.Level.WARD, Area.Level.LSOA]
    chosen_level = chosen_family = None
    found: list[tuple[int, int, str, dt.date, int]] = []
    for candidate in levels:
        found = _within(area, candidate, current + previous, ids)
        present = {fam for _area, _source, fam, month, _n in found if month in current_set}
        for fam in [family] if family else FAMILY_PREFERENCE:
            if fam in present:
                chosen_level, chosen_family = candidate, fam
                break
        if chosen_family:
            break
    used = [row for row in found if row[2] == chosen_family] if chosen_family else []
    names = {
        pk: (name, code)
        for pk, name, code in Area.objects.filter(pk__in={row[0] for row in used}).values_list(
            "pk", "name", "code"
        )
    }
    rows: dict[int, dict] = {}
    for area_id, _source, _family, month, n in used:
        name, code = names[area_id]
        entry = rows.setdefault(area_id, {"area": name, "area_code": code, "now": 0, "then": 0})
        entry["now" if month in current_set else "then"] += n
    entries = []
    for entry in rows.values():
        comparison = calc.compare(entry["now"], entry["then"])
        entries.append(
            {
                "area": entry["area"],
                "area_code": entry["area_code"],
                "fytd": comparison.current,
                "fytd_previous": comparison.previous,
                "change": comparison.change,
                "change_pct": comparison.change_pct,
                "small": comparison.small,
            }
        )
    boundaries = ""
    if chosen_family:
        found_vintages, _days = vintages({row[1] for row in used}, current)
        boundaries = provenance.boundaries_text(
            level=chosen_level,
            family=chosen_family,
            vintages=found_vintages,
            period_start=current[0],
            period_end=current[-1],
        )
    most = sorted(entries, key=lambda e: (-e["fytd"], e["area"]))[:limit]
    rises = sorted(
        (e for e in entries if e["change"] > 0), key=lambda e: (-e["change"], e["area"])
    )[:limit]
    return {
        "area": area.name,
        "area_code": area.code,
        "level": chosen_level,
        "family": chosen_family,
        "boundaries": boundaries,
        "to": calc.month_key(to),
        "most": most,
        "rises": rises,
    }


def _within(
    area: Area, level: str, months: Sequence[dt.date], ids: Iterable[int]
) -> list[tuple[int, int, str, dt.date, int]]:
    """(area id, source id, family, month, count) for each area at ``level`` within
    ``area``, the categories ``ids`` added up: one query, from the sets for LSOAs."""
    if level == Area.Level.LSOA:
        totals: dict[tuple[int, int, str, dt.date], int] = {}
        for pk, source_id, fam, month, _category, n in lsoa_counts(
            parent=area.pk, months=months, category_ids=ids
        ):
            key = (pk, source_id, fam, month)
            totals[key] = totals.get(key, 0) + n
        return [(*key, n) for key, n in totals.items()]
    return list(
        CrimeCount.objects.filter(
            area__parent=area, area__level=level, month__in=months, category_id__in=ids
        )
        .values_list("area_id", "source_id", "source__family", "month")
        .annotate(n=Sum("count"))
    )


def category_resolver() -> CategoryResolver:
    """The category mapping table as it stands, for the importer."""
    return CategoryResolver(
        CategoryMapping.objects.values_list(
            "source", "source_label", "source_sublabel", "valid_from", "valid_to", "category__slug"
        )
    )


def gazetteer() -> Gazetteer:
    """What the database already knows about wards and local authorities."""
    found = Gazetteer()
    for code, name, parent in Area.objects.filter(level=Area.Level.WARD).values_list(
        "code", "name", "parent__name"
    ):
        if name and name != code:
            found.wards[code] = (name, parent or "")
    for code, name in Area.objects.filter(level=Area.Level.BOROUGH).values_list("code", "name"):
        found.remember_authority(code, name)
    return found


def mappings_of(source: str = "") -> QuerySet[CategoryMapping]:
    found = CategoryMapping.objects.select_related("category", "category__parent")
    if source:
        found = found.filter(source=source)
    return found.order_by("source", "source_label", "source_sublabel", "valid_from")


def categories_with_counts() -> QuerySet[CrimeCategory]:
    """The category tree in order, each with how many mappings lead to it."""
    return CrimeCategory.objects.select_related("parent").annotate(mapped=Count("mappings"))


def era(mapping: CategoryMapping) -> str:
    """When a mapping applies, in words: "From April 2017", "Until August 2011", "Always"."""
    start, end = mapping.valid_from, mapping.valid_to
    if start and end:
        return f"{calc.month_label(start)} to {calc.month_label(end)}"
    if start:
        return f"From {calc.month_label(start)}"
    if end:
        return f"Until {calc.month_label(end)}"
    return "Always"
