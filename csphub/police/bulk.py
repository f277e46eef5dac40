"""Helpers for writing the import fast: rows in chunks, plain-value INSERTs (COPY on
PostgreSQL), and a month's counts as id arrays.

The ORM's per-object work and a round trip per row are what make a large import slow, so
these deal in plain values. Nothing here checks permissions or records an audit event;
:mod:`csphub.police.services.imports` does both around them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
from django.apps import apps
from django.db import connection, models

from .importer import Draft, PoliceDataError
from .importer.draft import CountColumns, MonthCounts

BATCH = 5000
CHUNK = 500


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(
    model: type[models.Model], fields: list[str], rows: list[tuple], per_statement: int = 1000
) -> None:
    """Insert many rows fast: COPY on PostgreSQL, multi-row INSERTs elsewhere (the ORM's
    per-object work and a round trip per row are what make a large import slow; 1,000 rows
    x 5 fields stays within SQLite's limit of 32,766 parameters)."""
    if not rows:
        return
    opts = model._meta
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(opts.get_field(f).column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the fastest way in, by far
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for chunk in chunks(rows, per_statement):
            values = ", ".join([one] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)  # noqa: S608


def column_of(field: object) -> str:
    """The database column of a concrete field (relations have none of their own)."""
    if not isinstance(field, models.Field):
        raise TypeError(f"{field!r} has no column")
    return field.column


MonthColumns = tuple[dt.date, np.ndarray, np.ndarray, np.ndarray]
"""One month's counts ready to write: (month, category ids, area ids, counts)."""


def month_columns(
    mc: MonthCounts,
    draft: Draft,
    area_ids: dict[tuple[str, str], int],
    categories: dict[str, int],
    lookups: dict[int, tuple[Any, np.ndarray, np.ndarray]],
) -> MonthColumns:
    """A month's counts as id arrays. Columns read by a parser (:class:`CountColumns`) are
    mapped as arrays, through their key lists (shared by a batch, so mapped once each)."""
    rows = mc.rows
    if isinstance(rows, CountColumns):
        keys = rows.keys
        lookup = lookups.get(id(keys))
        if lookup is None or lookup[0] is not keys:
            lookup = (
                keys,
                np.array([area_ids.get(key, -1) for key in keys.areas], dtype=np.int64),
                np.array([categories[slug] for slug in keys.categories], dtype=np.int64),
            )
            lookups[id(keys)] = lookup
        areas = lookup[1][rows.area]
        if len(areas) and areas.min() < 0:
            level, code = keys.areas[int(rows.area[int(np.argmin(areas))])]
            raise PoliceDataError(
                draft.files[mc.file_index].name, f"internal: no area {level} {code}"
            )
        return mc.month, lookup[2][rows.category], areas, rows.count
    cats, areas, counts = [], [], []
    for level, code, slug, n in rows:
        area_id = area_ids.get((level, code))
        if area_id is None:
            raise PoliceDataError(
                draft.files[mc.file_index].name, f"internal: no area {level} {code}"
            )
        cats.append(categories[slug])
        areas.append(area_id)
        counts.append(n)
    return (
        mc.month,
        np.array(cats, dtype=np.int64),
        np.array(areas, dtype=np.int64),
        np.array(counts, dtype=np.int64),
    )


BULK_MIN_ROWS = 20_000
"""A load this large or larger, and at least half the size of the table it goes into, is
written with the table's secondary indexes (and, on PostgreSQL, its unique and foreign-key
constraints) set aside and rebuilt afterwards: one sort per index and one join per foreign
key cost far less than keeping them up to date row by row."""


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _rows_at_most(table: str, limit: int) -> int:
    """The table's rows, counted no further than ``limit`` (a bounded scan)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {_quote(table)} LIMIT %s) t", [limit])  # noqa: S608
        return int(cursor.fetchone()[0])


def _set_aside_sqlite(table: str) -> list[str]:
    """Drop the table's indexes that can be dropped (not the one behind the table's own
    UNIQUE clause); return the statements that make them again."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL ORDER BY name",
            [table],
        )
        found = cursor.fetchall()
        for name, _sql in found:
            cursor.execute(f"DROP INDEX {_quote(name)}")
    return [sql for _name, sql in found]


def _set_aside_postgresql(table: str) -> list[str]:
    """Drop the table's secondary indexes, unique constraints and foreign keys; return the
    statements that make them again, exactly as they were (names, DEFERRABLE and all).

    Deferred checks already queued in the transaction (new areas point at their parents)
    are run first: PostgreSQL will not alter a table that has checks pending."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') "
            "ORDER BY contype DESC, conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
            "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
            "WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _kind, _definition in constraints:
            cursor.execute(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {_quote(name)}")
    # unique ('u') before foreign keys ('f'): sorted so above
    return [definition for _name, definition in indexes] + [
        f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(name)} {definition}"
        for name, _kind, definition in constraints
    ]


@contextlib.contextmanager
def bulk_load(model: type[models.Model], rows: int) -> Iterator[bool]:
    """Around a large insert into ``model``'s table, inside the import's transaction: set
    the table's secondary indexes and (PostgreSQL) constraints aside, and make them again
    afterwards, so each is built in one pass. Yields whether it did.

    Nothing is given up: rebuilding a unique constraint checks every row, and adding a
    foreign key checks every row against its table, so a bad row still fails the import
    (and the transaction puts everything back). The cost is that the tables are locked
    against readers until the import commits, a few seconds for a large load; a small load
    into a large table is written with the indexes in place, as that is cheaper."""
    table = model._meta.db_table
    if (
        rows < BULK_MIN_ROWS
        or not connection.in_atomic_block
        or connection.vendor not in ("sqlite", "postgresql")
        or _rows_at_most(table, 2 * rows) >= 2 * rows
    ):
        yield False
        return
    if connection.vendor == "sqlite":
        again = _set_aside_sqlite(table)
    else:
        again = _set_aside_postgresql(table)
    yield True
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the index builds may use the session's memory for sorting in one go
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in again:
            cursor.execute(statement)


def refresh_statistics() -> None:
    """Bring the query planner's statistics up to date after the police tables changed in
    bulk (an import, the demo's load): ANALYZE on PostgreSQL, ``PRAGMA optimize`` on SQLite.

    Without them PostgreSQL plans the crime pack's ward and area queries for empty tables
    (sequential scans over millions of counts: several times slower). It is not a change
    to any data, so it needs no audit event."""
    tables = sorted(m._meta.db_table for m in apps.get_app_config("police").get_models())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(_quote(t) for t in tables))
        elif connection.vendor == "sqlite":
            # A sampled ANALYZE of the police tables (SQLite before 3.46 has PRAGMA optimize
            # look only at tables this connection has queried), then PRAGMA optimize for
            # anything else that needs it. analysis_limit keeps it to milliseconds.
            cursor.execute("PRAGMA analysis_limit = 1000")
            for table in tables:
                cursor.execute(f"ANALYZE {_quote(table)}")
            cursor.execute("PRAGMA optimize")
