"""Helpers for writing the import fast: rows in chunks, plain-value INSERTs (COPY on
PostgreSQL), and a month's counts as id arrays.

The ORM's per-object work and a round trip per row are what make a large import slow, so
these deal in plain values. Nothing here checks permissions or records an audit event;
:mod:`csphub.police.services.imports` does both around them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
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
