"""The database side of LSOA count sets, for the import (``services.imports``) only.

The import hands its counts over as one array per column; the LSOA-level ones are split off
here, grouped into one :class:`~csphub.police.models.LsoaCountSet` per source, month,
category and parent area, and written a few thousand rows at a time. An LSOA that an import
gives a new parent (a district named by a later file) has its counts moved to the sets of
that parent, so that the LSOAs within an area are always found under it (decision 0035).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from django.db import connection

from . import packing
from .bulk import MonthColumns, bulk_load, chunks, column_of, insert_rows
from .models import Area, LsoaCountSet

SET_FIELDS = ["source", "month", "category", "parent", "areas", "counts", "total"]


def split_lsoa(
    columns: Sequence[tuple[int, MonthColumns]], lsoa_ids: np.ndarray
) -> tuple[list[tuple[int, MonthColumns]], list[tuple[int, MonthColumns]]]:
    """Each month's counts split in two: those of other levels (for the count table) and
    those of LSOAs (for sets). ``lsoa_ids`` is sorted."""
    rest: list[tuple[int, MonthColumns]] = []
    lsoa: list[tuple[int, MonthColumns]] = []
    for source_id, (month, categories, areas, counts) in columns:
        fine = _member(areas, lsoa_ids)
        if fine.any():
            lsoa.append((source_id, (month, categories[fine], areas[fine], counts[fine])))
            coarse = ~fine
            rest.append((source_id, (month, categories[coarse], areas[coarse], counts[coarse])))
        else:
            rest.append((source_id, (month, categories, areas, counts)))
    return rest, lsoa


def write_sets(columns: Sequence[tuple[int, MonthColumns]]) -> int:
    """Write the LSOA counts of ``columns`` as sets; return how many counts they hold."""
    columns = [(s, m) for s, m in columns if len(m[3])]
    if not columns:
        return 0
    sizes = [len(m[3]) for _s, m in columns]
    block = np.repeat(np.arange(len(columns), dtype=np.int64), sizes)
    category = np.concatenate([m[1] for _s, m in columns]).astype(np.int64)
    area = np.concatenate([m[2] for _s, m in columns]).astype(np.int64)
    count = np.concatenate([m[3] for _s, m in columns]).astype(np.int64)
    parent = parents_of(area)
    adapt = connection.ops.adapt_datefield_value
    blocks = [(source_id, adapt(m[0])) for source_id, m in columns]
    rows = [
        (
            *blocks[one.block],
            one.category,
            None if one.parent < 0 else one.parent,
            one.areas,
            one.counts,
            one.total,
        )
        for one in packing.pack_sets(block, category, parent, area, count)
    ]
    with bulk_load(LsoaCountSet, len(rows)):
        if connection.vendor == "postgresql":
            _copy_binary(rows)
        else:
            for part in chunks(rows, 5000):
                insert_rows(LsoaCountSet, SET_FIELDS, part, per_statement=500)
    return int(count.size)


def parents_of(area: np.ndarray) -> np.ndarray:
    """The parent area id of each LSOA id in ``area`` (-1 for none), one query per chunk of
    distinct ids."""
    rank, distinct = packing.dense_rank(area)
    parents = np.full(len(distinct), -1, dtype=np.int64)
    for chunk in chunks(distinct.tolist()):
        for pk, parent_id in Area.objects.filter(pk__in=chunk).values_list("pk", "parent_id"):
            if parent_id is not None:
                parents[np.searchsorted(distinct, pk)] = parent_id
    return parents[rank]


def move_sets(moved: dict[int, tuple[int | None, int | None]]) -> None:
    """Move the counts of LSOAs whose parent changed (id -> (old parent, new parent)) from
    the sets of the old parent to those of the new one, merging with sets already there."""
    if not moved:
        return
    ids = np.array(sorted(moved), dtype=np.int64)
    olds = {old for old, _new in moved.values()}
    found = LsoaCountSet.objects.filter(parent_id__in=[p for p in olds if p is not None])
    if None in olds:
        found = found | LsoaCountSet.objects.filter(parent__isnull=True)
    arriving: dict[tuple[int, dt.date, int, int | None], list[tuple[np.ndarray, np.ndarray]]] = {}
    for each in list(found):
        areas, counts = packing.unpack(each.areas, each.counts)
        leaving = _member(areas, ids)
        if not leaving.any():
            continue
        for area, n in zip(areas[leaving].tolist(), counts[leaving].tolist(), strict=True):
            key = (each.source_id, each.month, each.category_id, moved[area][1])
            arriving.setdefault(key, []).append((np.array([area]), np.array([n])))
        staying = ~leaving
        if staying.any():
            each.areas, each.counts = packing.pack(areas[staying], counts[staying])
            each.total = int(counts[staying].sum())
            each.save(update_fields=["areas", "counts", "total"])
        else:
            each.delete()
    for (source_id, month, category_id, parent_id), parts in arriving.items():
        target = LsoaCountSet.objects.filter(
            source_id=source_id, month=month, category_id=category_id, parent_id=parent_id
        ).first()
        if target is not None:
            parts.append(packing.unpack(target.areas, target.counts))
        areas = np.concatenate([a for a, _n in parts])
        counts = np.concatenate([n for _a, n in parts])
        packed_areas, packed_counts = packing.pack(areas, counts)
        if target is None:
            LsoaCountSet.objects.create(
                source_id=source_id,
                month=month,
                category_id=category_id,
                parent_id=parent_id,
                areas=packed_areas,
                counts=packed_counts,
                total=int(counts.sum()),
            )
        else:
            target.areas, target.counts = packed_areas, packed_counts
            target.total = int(counts.sum())
            target.save(update_fields=["areas", "counts", "total"])


def _copy_binary(rows: list[tuple]) -> None:
    """The sets into PostgreSQL by a binary COPY: the packed arrays go in as they are,
    where the text format would write every byte of them out as two hex digits."""
    opts = LsoaCountSet._meta
    table = connection.ops.quote_name(opts.db_table)
    columns = ", ".join(connection.ops.quote_name(column_of(opts.get_field(f))) for f in SET_FIELDS)
    types = ["bigint", "date", "bigint", "bigint", "bytea", "bytea", "bigint"]
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


def _member(values: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``sorted_ids`` (a boolean mask), by binary search."""
    if not len(sorted_ids) or not len(values):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return sorted_ids[at] == values
