"""Writes to the police data: the import.

`police_import` reads every file into a draft first (nothing is written while reading), then
`police_import_write` writes the draft in one transaction: areas, sources, the run and its
files, and for each month of each source the counts (the month's old counts are deleted
and the new ones inserted, so importing a month again replaces it) with a new revision
recorded, and population estimates. One audit event records the run. A bad file raises
`PoliceDataError` before the transaction starts, so the database is left as it was.

Only a site administrator or a batch job may import: the figures are every partnership's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_site_admin
from csphub.audit.actors import Actor, actor_label
from csphub.audit.services import audit_record

from .. import importer, selectors, sets
from ..bulk import (
    BATCH,
    MonthColumns,
    bulk_load,
    chunks,
    column_of,
    insert_rows,
    month_columns,
    refresh_statistics,
)
from ..importer import Draft, ZipLimits
from ..importer.draft import AreaSpec, MonthCounts, month_digests
from ..models import (
    Area,
    AreaPopulation,
    CrimeCategory,
    CrimeCount,
    DataSource,
    ImportFile,
    ImportRun,
    LsoaCountSet,
    SourceMonth,
)

SQLITE_ROWS_PER_INSERT = 6000
"""Counts per multi-row INSERT on SQLite (5 parameters each; SQLite allows 32,766)."""
WRITE_BATCH = 198_000
"""Counts turned into Python values at a time while writing (bounds the write's memory)."""
SQLITE_CACHE_BYTES_PER_COUNT = 128
SQLITE_CACHE_MAX_BYTES = 512 * 1024**2
"""SQLite's page cache is raised for a large import to about what the new counts and their
indexes take (a count takes about 100 bytes), up to this much."""


@dataclass
class ImportResult:
    run: ImportRun
    draft: Draft
    months_new: int = 0
    months_replaced: int = 0
    months_changed: int = 0
    counts_written: int = 0
    warnings: list[str] = field(default_factory=list)


def police_import(
    *,
    actor: Actor,
    paths: Sequence[str | os.PathLike],
    vintage: str = "",
    progress: importer.Progress | None = None,
    limits: ZipLimits | None = None,
    months: importer.MonthWindow | None = None,
    replace_smaller: bool = False,
) -> ImportResult:
    """Import police and population files (see :mod:`csphub.police.importer`).

    All or nothing: every file is read and checked before anything is written, and the
    writing is one transaction. Raises :class:`PoliceDataError` for a bad file. With
    ``months``, only the months inside that window are imported. A month whose new counts
    add up to less than half of those stored is refused unless ``replace_smaller``.
    """
    ensure_site_admin(actor)
    started = timezone.now()
    known = selectors.gazetteer()
    draft = importer.parse(
        paths,
        resolver=selectors.category_resolver(),
        gazetteer=known,
        vintage=vintage,
        progress=progress,
        limits=limits,
        months=months,
        hash_later=True,
    )
    if progress is not None:
        progress(len(draft.files), len(draft.files), "writing to the database")
    # the files are hashed while the counts are written (decision 0034)
    with importer.hashing(draft):
        result = police_import_write(
            actor=actor,
            draft=draft,
            paths=[os.fspath(p) for p in paths],
            vintage=vintage,
            started_at=started,
            wards=known.wards,
            replace_smaller=replace_smaller,
        )
    # the planner's statistics, for the tables as they now are (decision 0034)
    refresh_statistics()
    return result


_LEVEL_RANK: dict[str, int] = {
    Area.Level.FORCE: 0,
    Area.Level.BOROUGH: 1,
    Area.Level.MSOA: 2,
    Area.Level.WARD: 3,
    Area.Level.LSOA: 4,
}


def _write_areas(
    draft: Draft, wards: dict[str, tuple[str, str]]
) -> tuple[dict[tuple[str, str], int], dict[int, tuple[int | None, int | None]]]:
    """Create or update the draft's areas (parents before children); return key -> id, and
    the LSOAs given a new parent (id -> (old parent, new parent)), whose counts must move."""
    by_level: dict[str, list[str]] = {}
    for level, code in draft.areas:
        by_level.setdefault(level, []).append(code)
    existing: dict[tuple[str, str], Area] = {}
    for level, codes in by_level.items():
        for chunk in chunks(codes):
            for area in Area.objects.filter(level=level, code__in=chunk):
                existing[(level, area.code)] = area
    ids = {key: area.pk for key, area in existing.items()}

    def parent_id(spec: AreaSpec) -> int | None:
        if spec.parent is None:
            return None
        if spec.parent not in ids:
            parent = Area.objects.filter(level=spec.parent[0], code=spec.parent[1]).first()
            if parent is None:
                return None
            ids[spec.parent] = parent.pk
        return ids[spec.parent]

    new_specs = sorted(
        (spec for key, spec in draft.areas.items() if key not in existing),
        key=lambda spec: _LEVEL_RANK.get(spec.level, 9),
    )
    for _rank, group in itertools.groupby(new_specs, key=lambda s: _LEVEL_RANK.get(s.level, 9)):
        created = Area.objects.bulk_create(
            [
                Area(level=s.level, code=s.code, name=s.name[:200], parent_id=parent_id(s))
                for s in group
            ],
            batch_size=BATCH,
        )
        for area in created:
            if area.pk is None:  # a database that does not return ids
                area = Area.objects.get(level=area.level, code=area.code)
            ids[(area.level, area.code)] = area.pk

    changed: dict[int, Area] = {}
    moved: dict[int, tuple[int | None, int | None]] = {}
    for key, area in existing.items():
        spec = draft.areas.get(key)
        if spec is None:
            continue
        if not spec.placeholder_name and spec.name and area.name != spec.name[:200]:
            area.name = spec.name[:200]
            changed[area.pk] = area
        new_parent = parent_id(spec)
        if new_parent is not None and area.parent_id != new_parent:
            if area.level == Area.Level.LSOA:
                moved[area.pk] = (area.parent_id, new_parent)
            area.parent_id = new_parent
            changed[area.pk] = area
    # a ward lookup names wards imported earlier under their codes
    if wards:
        for area in Area.objects.filter(level=Area.Level.WARD).iterator():
            if area.pk not in changed and area.name == area.code and area.code in wards:
                area.name = wards[area.code][0][:200]
                changed[area.pk] = area
    if changed:
        Area.objects.bulk_update(list(changed.values()), ["name", "parent"], batch_size=BATCH)
    return ids, moved


def _insert_counts(months: list[tuple[int, MonthColumns]]) -> int:
    """Insert counts, (source id, a month's columns) each; return how many.

    The rows go in sorted in the order of the table's unique index (month, category, area,
    source), so that index grows at its end rather than all over. The values reach the
    driver as plain Python values built column-wise (never a model instance, never an
    object array of every value), a batch at a time, so memory stays bounded: COPY on
    PostgreSQL, ``executemany`` on the SQLite connection itself. A load that is large
    against what the table holds is written with the table's secondary indexes (and, on
    PostgreSQL, its foreign keys) set aside and rebuilt in one pass each, inside the same
    transaction (see :mod:`csphub.police.bulk` and decision 0034)."""
    months = [(source_id, m) for source_id, m in months if len(m[3])]
    if not months:
        return 0
    sizes = [len(m[3]) for _source_id, m in months]
    total = sum(sizes)
    distinct = sorted({m[0] for _source_id, m in months})
    month_no = {month: i for i, month in enumerate(distinct)}
    month_col = np.repeat(
        np.array([month_no[m[0]] for _source_id, m in months], dtype=np.int32), sizes
    )
    source_col = np.repeat(np.array([sid for sid, _m in months], dtype=np.int64), sizes)
    cat_col = np.concatenate([m[1] for _source_id, m in months])
    area_col = np.concatenate([m[2] for _source_id, m in months])
    count_col = np.concatenate([m[3] for _source_id, m in months])
    order = np.lexsort((source_col, area_col, cat_col, month_col))  # the last key leads
    labels: list[Any]
    if connection.vendor == "postgresql":
        labels = [m.isoformat() for m in distinct]
    else:
        labels = [connection.ops.adapt_datefield_value(m) for m in distinct]

    def batches() -> Iterator[tuple[list, list, list, list, list]]:
        for start in range(0, total, WRITE_BATCH):
            part = order[start : start + WRITE_BATCH]
            yield (
                [labels[i] for i in month_col[part].tolist()],
                cat_col[part].tolist(),
                area_col[part].tolist(),
                source_col[part].tolist(),
                count_col[part].tolist(),
            )

    fields = ["month", "category", "area", "source", "count"]
    opts = CrimeCount._meta
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(column_of(opts.get_field(f))) for f in fields)
    with bulk_load(CrimeCount, total):
        if connection.vendor == "postgresql" and _binary_copy_fits(opts.db_table):
            days = np.array([(m - PG_EPOCH).days for m in distinct], dtype=np.int64)
            copy_sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
            with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
                copy.write(PG_COPY_HEADER)
                for start in range(0, total, WRITE_BATCH):
                    part = order[start : start + WRITE_BATCH]
                    copy.write(
                        _binary_rows(
                            days[month_col[part]],
                            cat_col[part],
                            area_col[part],
                            source_col[part],
                            count_col[part],
                        )
                    )
                copy.write(b"\xff\xff")  # the end of the data
        elif connection.vendor == "postgresql":
            line = "{}\t{}\t{}\t{}\t{}\n".format  # dates and whole numbers: nothing to escape
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
                for batch in batches():
                    copy.write("".join(map(line, *batch)))
        elif connection.vendor == "sqlite":
            # multi-row INSERTs: about twice as fast as executemany of one row each
            connection.ensure_connection()
            raw = connection.connection
            limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 5
            per = min(SQLITE_ROWS_PER_INSERT, limit)
            statements: dict[int, str] = {}
            for batch in batches():
                for start in range(0, len(batch[0]), per):
                    size = min(per, len(batch[0]) - start)
                    params: list[Any] = [None] * (5 * size)
                    for k, column in enumerate(batch):  # interleaved by list slicing, in C
                        params[k::5] = column[start : start + size]
                    sql = statements.get(size)
                    if sql is None:
                        marks = ", ".join(["(?, ?, ?, ?, ?)"] * size)
                        sql = statements[size] = f"INSERT INTO {table} ({columns}) VALUES {marks}"  # noqa: S608
                    raw.execute(sql, params)
        else:
            for batch in batches():
                insert_rows(CrimeCount, fields, list(zip(*batch, strict=True)))
    return total


PG_EPOCH = dt.date(2000, 1, 1)
PG_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
_PG_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("month_len", ">i4"),
        ("month", ">i4"),
        ("category_len", ">i4"),
        ("category", ">i8"),
        ("area_len", ">i4"),
        ("area", ">i8"),
        ("source_len", ">i4"),
        ("source", ">i8"),
        ("count_len", ">i4"),
        ("count", ">i4"),
    ]
)
_PG_TYPES = ["date", "bigint", "bigint", "bigint", "integer"]


def _binary_copy_fits(table: str) -> bool:
    """True when the count table's columns have the types the binary rows are laid out
    for (as the migrations make them); otherwise the text COPY is used."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND table_schema = current_schema()",
            [table],
        )
        types = dict(cursor.fetchall())
    wanted = ["month", "category_id", "area_id", "source_id", "count"]
    return [types.get(name) for name in wanted] == _PG_TYPES


def _binary_rows(
    days: np.ndarray, category: np.ndarray, area: np.ndarray, source: np.ndarray, count: np.ndarray
) -> bytes:
    """Counts in PostgreSQL's binary COPY format, laid out by NumPy in one go: no Python
    value, and no text, per row (building the text was most of the write on PostgreSQL)."""
    rows = np.empty(len(days), dtype=_PG_ROW)
    rows["fields"] = 5
    rows["month_len"], rows["month"] = 4, days
    rows["category_len"], rows["category"] = 8, category
    rows["area_len"], rows["area"] = 8, area
    rows["source_len"], rows["source"] = 8, source
    rows["count_len"], rows["count"] = 4, count
    return rows.tobytes()


@contextlib.contextmanager
def _sqlite_cache_for(counts: int) -> Iterator[None]:
    """On SQLite, a page cache big enough for ``counts`` new counts while the block runs.
    The default (2 MB) makes a large write spill pages to disk in mid-transaction and read
    index pages back; the setting is the connection's, and is put back afterwards."""
    wanted = min(counts * SQLITE_CACHE_BYTES_PER_COUNT, SQLITE_CACHE_MAX_BYTES)
    if connection.vendor != "sqlite" or not wanted:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])  # pages, or KiB when negative
        cursor.execute("PRAGMA page_size")
        current = -before * 1024 if before < 0 else before * int(cursor.fetchone()[0])
        if wanted > current:
            cursor.execute(f"PRAGMA cache_size = -{wanted // 1024}")
    try:
        yield
    finally:
        if wanted > current:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {before}")


@transaction.atomic
def police_import_write(
    *,
    actor: Actor,
    draft: Draft,
    paths: Sequence[str],
    vintage: str = "",
    started_at: dt.datetime | None = None,
    wards: dict[str, tuple[str, str]] | None = None,
    replace_smaller: bool = False,
) -> ImportResult:
    """Write a checked draft: all of it or, if anything fails, none of it."""
    ensure_site_admin(actor)
    if not replace_smaller:
        _refuse_shrinking(draft)
    with _sqlite_cache_for(sum(len(mc.rows) for mc in draft.months.values())):
        return _write_draft(
            actor=actor,
            draft=draft,
            paths=paths,
            vintage=vintage,
            started_at=started_at,
            wards=wards,
        )


SHRINK_RATIO = 0.5
"""A month is not replaced by counts adding up to less than this share of those stored
(a partial file, one force's rows cut short) unless the import says ``--replace-smaller``."""


def _refuse_shrinking(draft: Draft) -> None:
    """Raise, naming month, stored and new totals, when the draft would replace any month
    with far smaller figures than the latest revision stored for it. Reads only."""
    shrinking: list[tuple[str, str, dt.date, int, int]] = []
    for key, spec in draft.sources.items():
        source = DataSource.objects.filter(family=spec.family, scope=spec.scope).first()
        if source is None:
            continue
        wanted = {month: mc for (skey, month), mc in draft.months.items() if skey == key}
        stored: dict[dt.date, tuple[int, int]] = {}
        for chunk in chunks(sorted(wanted)):
            rows = SourceMonth.objects.filter(source=source, month__in=chunk)
            for month, revision, total in rows.values_list("month", "revision", "total"):
                if month not in stored or revision > stored[month][0]:
                    stored[month] = (revision, total)
        for month, (_revision, total) in sorted(stored.items()):
            new = wanted[month].total
            if new < total * SHRINK_RATIO:
                file = draft.files[wanted[month].file_index].name
                shrinking.append((file, source.name, month, total, new))
    if not shrinking:
        return
    listed = "; ".join(
        f"{name} {month:%Y-%m}: {total:,} stored, {new:,} in this import"
        for _file, name, month, total, new in shrinking[:10]
    )
    more = f" (and {len(shrinking) - 10} more months)" if len(shrinking) > 10 else ""
    raise importer.PoliceDataError(
        shrinking[0][0],
        f"would replace {len(shrinking)} month(s) with counts adding up to less than half of "
        f"those stored, losing data: {listed}{more}. If the smaller figures are right, "
        "import again with --replace-smaller.",
    )


def _write_draft(
    *,
    actor: Actor,
    draft: Draft,
    paths: Sequence[str],
    vintage: str,
    started_at: dt.datetime | None,
    wards: dict[str, tuple[str, str]] | None,
) -> ImportResult:
    area_ids, moved = _write_areas(draft, wards or {})
    sets.move_sets(moved)
    categories = dict(CrimeCategory.objects.values_list("slug", "pk"))

    sources: dict[tuple[str, str], DataSource] = {}
    for key, spec in draft.sources.items():
        source, _ = DataSource.objects.update_or_create(
            family=spec.family,
            scope=spec.scope,
            defaults={"name": spec.name, "publisher": spec.publisher, "licence": spec.licence},
        )
        sources[key] = source

    now = timezone.now()
    run = ImportRun.objects.create(
        started_at=started_at or now,
        finished_at=now,
        actor_label=actor_label(actor)[:200],
        vintage=vintage[:100],
        paths=list(paths),
        files=len(draft.files),
        rows_read=draft.rows_read,
        rows_kept=draft.rows_kept,
        duplicates_dropped=draft.duplicates_dropped,
        note="\n".join(
            [*draft.warnings]
            + [f"skipped {len(names)} file(s): {why}" for why, names in draft.skipped().items()]
        ),
    )
    # the files' rows are made now and saved once the counts are in: their SHA-256 is
    # worked out meanwhile (see importer.hashing)
    files = [
        ImportFile(
            run=run,
            source=sources.get(report.source) if report.source else None,
            name=report.name[:500],
            format=report.format,
            size=report.size,
            vintage=report.vintage[:100],
            rows_read=report.rows_read,
            rows_kept=report.rows_kept,
            duplicates_dropped=report.duplicates_dropped,
            first_month=min(report.months, default=None),
            last_month=max(report.months, default=None),
            note="\n".join(report.notes),
        )
        for report in draft.files
    ]

    result = ImportResult(run=run, draft=draft, warnings=list(draft.warnings))
    by_source: dict[tuple[str, str], list[MonthCounts]] = {}
    for (source_key, _month), counts in sorted(draft.months.items()):
        by_source.setdefault(source_key, []).append(counts)
    every = [mc for month_counts in by_source.values() for mc in month_counts]
    digests = dict(zip(map(id, every), month_digests(every), strict=True))
    revisions: list[SourceMonth] = []
    lookups: dict[int, tuple[Any, np.ndarray, np.ndarray]] = {}
    columns: list[tuple[int, MonthColumns]] = []
    # the latest revision of every month held of these sources, a query per 500 sources:
    # only a month held has counts to replace (the import writes a month's counts and its
    # revision together), so a first import of many sources asks nothing more
    held: dict[tuple[int, dt.date], SourceMonth] = {}
    for chunk in chunks(sorted({sources[key].pk for key in by_source})):
        for sm in SourceMonth.objects.filter(source_id__in=chunk).order_by("revision"):
            held[(sm.source_id, sm.month)] = sm
    for source_key, month_counts in by_source.items():
        source = sources[source_key]
        latest = {
            mc.month: held[(source.pk, mc.month)]
            for mc in month_counts
            if (source.pk, mc.month) in held
        }
        for chunk in chunks(sorted(latest)):
            CrimeCount.objects.filter(source=source, month__in=chunk).delete()
            LsoaCountSet.objects.filter(source=source, month__in=chunk).delete()
        for mc in month_counts:
            columns.append((source.pk, month_columns(mc, draft, area_ids, categories, lookups)))
            previous = latest.get(mc.month)
            digest = digests[id(mc)]
            revisions.append(
                SourceMonth(
                    source=source,
                    month=mc.month,
                    revision=(previous.revision + 1) if previous else 1,
                    run=run,
                    import_file=files[mc.file_index],
                    total=mc.total,
                    previous_total=previous.total if previous else None,
                    changed=previous is None or previous.digest != digest,
                    digest=digest,
                    duplicates_dropped=mc.duplicates_dropped,
                )
            )
            if previous is None:
                result.months_new += 1
            else:
                result.months_replaced += 1
                if previous.digest != digest:
                    result.months_changed += 1
    lsoa_ids = np.array(
        sorted(pk for (level, _code), pk in area_ids.items() if level == Area.Level.LSOA),
        dtype=np.int64,
    )
    coarse, fine = sets.split_lsoa(columns, lsoa_ids)
    result.counts_written = _insert_counts(coarse) + sets.write_sets(fine)
    draft.fill_digests()
    for file, report in zip(files, draft.files, strict=True):
        file.sha256 = report.sha256
    ImportFile.objects.bulk_create(files, batch_size=BATCH)
    if any(f.pk is None for f in files):  # databases that do not return ids
        saved = list(ImportFile.objects.filter(run=run).order_by("id"))
        position = {id(file): i for i, file in enumerate(files)}
        for revision in revisions:
            revision.import_file = saved[position[id(revision.import_file)]]
    SourceMonth.objects.bulk_create(revisions, batch_size=BATCH)

    if draft.populations:
        keys = {(p.level, p.code, p.year) for p in draft.populations}
        by_year: dict[int, list[int]] = {}
        for level, code, year in keys:
            by_year.setdefault(year, []).append(area_ids[(level, code)])
        for year, ids in by_year.items():
            for chunk in chunks(ids):
                AreaPopulation.objects.filter(year=year, area_id__in=chunk).delete()
        insert_rows(
            AreaPopulation,
            ["area", "year", "age_band", "count", "source_file"],
            [
                (
                    area_ids[(p.level, p.code)],
                    p.year,
                    p.age_band,
                    p.count,
                    draft.files[p.file_index].name[-300:],
                )
                for p in draft.populations
            ],
        )

    run.counts_written = result.counts_written
    run.months_replaced = result.months_replaced
    run.finished_at = timezone.now()
    run.save(update_fields=["counts_written", "months_replaced", "finished_at"])
    audit_record(
        actor=actor,
        verb="performance.police_import",
        obj=run,
        after={
            "files": len(draft.files),
            "rows_read": draft.rows_read,
            "rows_kept": draft.rows_kept,
            "duplicates_dropped": draft.duplicates_dropped,
            "months_new": result.months_new,
            "months_replaced": result.months_replaced,
            "months_changed": result.months_changed,
            "counts_written": result.counts_written,
            "populations": len(draft.populations),
            "vintage": vintage,
        },
        note="; ".join(sorted({f.name for f in draft.files}))[:2000],
    )
    return result
