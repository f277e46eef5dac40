"""Read police open data and ONS population files into a :class:`Draft`, writing nothing.

`parse` takes the paths given to `csphub import-police` (files, folders, zips), works out
each file's format from its header, reads it with DuckDB into monthly aggregates, maps every
category label and checks every value, and returns the draft; the first problem raises
:class:`PoliceDataError` naming the file, line and field. ``services.police_import`` then
writes the draft in one transaction. Formats:

- data.police.uk street-level CSV (``street``), one file per force and month;
- data.police.uk API JSON, ``crimes-street`` responses per ward polygon (``api``);
- MPS recorded crime, London Datastore, borough / ward / LSOA level, every header layout
  (``mps``), as CSV or as a Parquet conversion with the same columns (names lower-cased);
- ONS small area population estimates by LSOA, and a ward code -> name -> authority lookup
  (``population``).

data.police.uk outcomes and stop-and-search files (in the same downloads), and Parquet
files that are not recorded crime, are recognised and skipped.

A :class:`MonthWindow` (``months=``) keeps only the months inside it: see :mod:`.window`.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from . import api, mps, population, street
from .csvtools import Reader, parquet_columns, read_header
from .draft import CategoryResolver, Draft, FileReport, Gazetteer
from .errors import PoliceDataError
from .inputs import InputFile, ZipLimits, expand, hash_later, read_ahead
from .window import NOTE_MARK, MonthWindow

__all__ = [
    "CategoryResolver",
    "Draft",
    "Gazetteer",
    "MonthWindow",
    "PoliceDataError",
    "ZipLimits",
    "detect",
    "parse",
]

Progress = Callable[[int, int, str], None]
"""Called after each file: (files done, files in all, the file's name)."""

STREET, API, MPS, POPULATION, WARD_LOOKUP, SKIP = (
    "police.uk-street",
    "police.uk-api",
    "mps",
    "ons-population",
    "ward-lookup",
    "skip",
)

_VINTAGE_RE = re.compile(r"vintage[-_ ]?(\d{4}-\d{2})", re.IGNORECASE)


@dataclass(frozen=True)
class Detected:
    format: str
    note: str = ""
    refuse_named: bool = False
    """Skipped in a folder, but an error when the file was named on its own."""


_OTHER_PARQUET = [
    ({"measure", "crime_type", "area_type"}, "the MPS Monthly Crime Dashboard"),
    ({"vawg_offence"}, "MPS violence against women and girls (VAWG) offences"),
]


def detect_parquet(file: InputFile) -> Detected:
    """A Parquet file is read only when it is MPS recorded crime (the London Datastore's
    wide layout: category and area columns and one column per month), told by its schema."""
    columns = [name for name, _type in parquet_columns(file)]
    if mps.looks_like(columns, parquet=True):
        return Detected(MPS)
    folded = {c.casefold() for c in columns}
    known = next((what for names, what in _OTHER_PARQUET if names <= folded), None)
    if known:
        note = f"a Parquet file of {known}, not recorded crime by area and month"
    else:
        note = (
            "a Parquet file that is not MPS recorded crime (a category column and one column "
            "per month, YYYYMM)"
        )
    return Detected(SKIP, note, refuse_named=True)


def detect(file: InputFile) -> Detected:
    """The file's format, from its header (or, for JSON, its suffix; for Parquet, its
    schema)."""
    if file.suffix == ".json":
        return Detected(API)
    if file.suffix == ".parquet":
        return detect_parquet(file)
    header = read_header(file)
    folded = {c.casefold() for c in header}
    if "outcome type" in folded:
        return Detected(SKIP, "a data.police.uk outcomes file (outcomes are not crime counts)")
    if {"object of search", "legislation"} & folded:
        return Detected(SKIP, "a data.police.uk stop-and-search file")
    if population.looks_like_ward_lookup(header):
        return Detected(WARD_LOOKUP)
    if population.looks_like_population(header):
        return Detected(POPULATION)
    if mps.looks_like(header):
        return Detected(MPS)
    street_like = len(folded & {c.casefold() for c in street.HEADER})
    if street_like >= 5:
        return Detected(STREET)
    return Detected("")


def _vintage(file: InputFile, given: str) -> str:
    if given:
        return given
    match = _VINTAGE_RE.search(file.name)
    return match[1] if match else ""


def parse(
    paths: Sequence[str | os.PathLike],
    *,
    resolver: CategoryResolver,
    gazetteer: Gazetteer | None = None,
    vintage: str = "",
    progress: Progress | None = None,
    limits: ZipLimits | None = None,
    months: MonthWindow | None = None,
    hash_later: bool = False,
) -> Draft:
    """Read everything at ``paths`` into a draft, or raise on the first bad file.

    With ``months``, only the months inside that window are kept (population estimates,
    which have no month, are read whole); each file's report notes the months left out.
    With ``hash_later``, files read from where they are (not from an archive) are not yet
    hashed: :func:`hashing` hashes them while the draft is written, and
    :meth:`Draft.fill_digests` fills in their reports."""
    gazetteer = gazetteer or Gazetteer()
    explicit = {os.fspath(p) for p in paths}
    with expand(paths, limits) as files, read_ahead(files):
        draft = Draft()
        plan: list[tuple[InputFile, FileReport, Detected]] = []
        for file in files:
            found = detect(file)
            if not found.format:
                if file.name in explicit:
                    raise PoliceDataError(
                        file.name,
                        "not a file this import knows: expected a data.police.uk street-level "
                        "CSV or API JSON, an MPS recorded-crime CSV from the London Datastore, "
                        "or an ONS small area population estimates CSV",
                        line=1,
                    )
                found = Detected(SKIP, "not a police or population data file")
            elif found.refuse_named and file.name in explicit:
                raise PoliceDataError(
                    file.name,
                    f"{found.note}: this import reads the MPS recorded-crime Parquet files "
                    "(recorded-crime-borough, -ward and -lsoa)",
                )
            report = FileReport(
                index=len(draft.files),
                name=file.name,
                format=found.format,
                sha256="",  # filled in by Draft.fill_digests
                size=file.size,
                vintage=_vintage(file, vintage),
            )
            if found.note:
                report.notes.append(f"skipped: {found.note}")
            draft.files.append(report)
            plan.append((file, report, found))

        if not any(found.format != SKIP for _file, _report, found in plan):
            skipped = (
                f" ({len(plan)} file(s) skipped: not crime or population data)" if plan else ""
            )
            raise PoliceDataError(
                ", ".join(os.fspath(p) for p in paths)[:300],
                "no police or population data files found" + skipped,
            )
        total, done = len(plan), 0
        if progress is not None:
            progress(0, total, "")

        def advance(file: InputFile, n: int = 1) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(done, total, file.name)

        reader = Reader()
        try:
            # lookups first, whatever the order given: they name what the counts only code
            for file, report, found in plan:
                if found.format == WARD_LOOKUP:
                    population.parse_ward_lookup(file, report, gazetteer)
                    advance(file)
            groups: dict[tuple[str, str], list[tuple[InputFile, FileReport]]] = {}
            for file, report, found in plan:
                if found.format == API:
                    groups.setdefault(api.scope_of(file), []).append((file, report))
            street_batches = {
                batch[0][1].index: batch
                for batch in street.batches(
                    [(file, report) for file, report, found in plan if found.format == STREET]
                )
            }
            for file, report, found in plan:
                if found.format == STREET:
                    batch = street_batches.get(report.index)
                    if batch is not None:
                        street.parse_batch(reader, batch, draft, resolver, gazetteer)
                        advance(file, len(batch))
                    continue
                if found.format == MPS:
                    mps.parse(reader, file, report, draft, resolver, gazetteer, months)
                elif found.format == POPULATION:
                    population.parse_population(reader, file, report, draft, gazetteer)
                elif found.format == API:
                    key = api.scope_of(file)
                    members = groups.pop(key, None)
                    if members is None:
                        continue  # read with its group
                    api.parse_group(
                        reader,
                        [m[0] for m in members],
                        [m[1] for m in members],
                        key[0],
                        draft,
                        resolver,
                        gazetteer,
                    )
                    advance(file, len(members))
                    continue
                elif found.format == WARD_LOOKUP:
                    continue
                advance(file)
        finally:
            reader.close()
        draft.unhashed = [(report, file) for file, report, _found in plan]
        if not hash_later:
            draft.fill_digests()
        _refuse_empty(draft)
        if months is not None:
            _keep_window(draft, months)
        return draft


@contextlib.contextmanager
def hashing(draft: Draft) -> Iterator[None]:
    """Hash the draft's files not yet hashed in a thread while the block runs (see
    :func:`.inputs.hash_later`); :meth:`Draft.fill_digests` waits for the digests."""
    with hash_later([file for _report, file in draft.unhashed]):
        yield


def _refuse_empty(draft: Draft) -> None:
    """A data file with a header and no rows is refused, not imported as "nothing": it is
    a failed download or export far more often than a real month without crime. (API JSON
    is exempt: a ward polygon with no crimes in a month is an empty list.)"""
    for report in draft.files:
        left_out = any(NOTE_MARK in note for note in report.notes)  # not read: the window
        if report.format in (STREET, MPS, POPULATION, WARD_LOOKUP) and not (
            report.rows_read or left_out
        ):
            csv_file = not report.name.lower().endswith(".parquet")
            raise PoliceDataError(
                report.name,
                "the file has a header row but no data rows (an interrupted download or "
                "export?); nothing to import",
                line=2 if csv_file else None,
            )


def _keep_window(draft: Draft, window: MonthWindow) -> None:
    """Drop the months outside ``window`` that the street and API parsers read (the MPS
    parser reads only the window's months) and note, per file, how many were left out; a file
    with nothing inside the window is also named in the warnings."""
    for key in [key for key in draft.months if key[1] not in window]:
        del draft.months[key]
    for report in draft.files:
        if report.format in (SKIP, POPULATION, WARD_LOOKUP):
            continue
        left_out = {m for m in report.months if m not in window}
        if left_out:
            report.months -= left_out
            stale = tuple(f"{m:%Y-%m} superseded by " for m in left_out)
            report.notes = [n for n in report.notes if not n.startswith(stale)]
            report.notes.append(window.note(left_out, report.months))
        noted = next((n for n in report.notes if NOTE_MARK in n), None)
        if noted and not report.months:
            draft.warnings.append(f"{report.name}: {noted}")
