"""LSOA-level counts packed into sets: the pure part (no database).

A set is one category's counts in one month from one source for the LSOAs within one area
(:class:`~csphub.police.models.LsoaCountSet`). Its two arrays are stored as bytes: the
LSOAs' area ids as little-endian 64-bit integers in ascending order, and their counts as
little-endian unsigned 32-bit integers in the same order. Fixed widths and byte order make
the bytes the same on every machine and database, so a set read back is the set written.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

AREA_DTYPE = np.dtype("<i8")
COUNT_DTYPE = np.dtype("<u4")


class PackingError(ValueError):
    """A set's arrays do not fit the layout (a negative count, a repeated LSOA...)."""


def pack(areas: np.ndarray, counts: np.ndarray) -> tuple[bytes, bytes]:
    """The bytes of a set, from its LSOAs' ids and counts (in any order; sorted here)."""
    areas = np.asarray(areas, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    if areas.shape != counts.shape or areas.ndim != 1:
        raise PackingError("the areas and counts of a set must be two arrays of one length")
    if len(counts) and (counts.min() < 0 or counts.max() > np.iinfo(COUNT_DTYPE).max):
        raise PackingError("a count of a set is negative or too large to pack")
    order = np.argsort(areas, kind="stable")
    areas, counts = areas[order], counts[order]
    if len(areas) > 1 and not (np.diff(areas) > 0).all():
        raise PackingError("an LSOA appears twice in one set")
    return areas.astype(AREA_DTYPE).tobytes(), counts.astype(COUNT_DTYPE).tobytes()


def unpack(areas: bytes | memoryview, counts: bytes | memoryview) -> tuple[np.ndarray, np.ndarray]:
    """A set's LSOA ids and counts (int64 arrays) from its bytes, as :func:`pack` wrote them."""
    found = np.frombuffer(areas, dtype=AREA_DTYPE).astype(np.int64)
    numbers = np.frombuffer(counts, dtype=COUNT_DTYPE).astype(np.int64)
    if found.shape != numbers.shape:
        raise PackingError("a set's packed areas and counts differ in length")
    return found, numbers


def members(areas: bytes | memoryview) -> np.ndarray:
    """A set's LSOA ids (ascending), from its packed areas alone."""
    return np.frombuffer(areas, dtype=AREA_DTYPE).astype(np.int64)


class PackedSet(NamedTuple):
    """One set ready to write: what it is of (the caller's block, e.g. a source's month; a
    category; the LSOAs' parent or -1 for none) and its packed arrays."""

    block: int
    category: int
    parent: int
    areas: bytes
    counts: bytes
    total: int


DENSE_TABLE_MAX = 16_000_000
"""Values below this (and not far beyond the number of values) are ranked through a lookup
table in one pass; larger ones by sorting, which then costs less than the table."""


def dense_rank(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value's rank among the distinct values (0 for the smallest), and those distinct
    values in order: ``np.unique(values, return_inverse=True)``, in one pass rather than a
    sort when the values are small non-negative ids, as database ids nearly always are."""
    values = np.asarray(values, dtype=np.int64)
    limit = min(DENSE_TABLE_MAX, 4 * len(values) + 65_536)
    if not len(values) or values.min() < 0 or values.max() >= limit:
        distinct, inverse = np.unique(values, return_inverse=True)
        return inverse.astype(np.int64), distinct
    present = np.zeros(int(values.max()) + 1, dtype=bool)
    present[values] = True
    distinct = np.flatnonzero(present)
    table = np.cumsum(present, dtype=np.int64) - 1
    return table[values], distinct


def pack_sets(
    block: np.ndarray,
    category: np.ndarray,
    parent: np.ndarray,
    area: np.ndarray,
    count: np.ndarray,
) -> list[PackedSet]:
    """LSOA-level counts (parallel arrays, one entry per count) split into packed sets, in
    the order of (block, category, parent), where a block is what the caller writes a set
    of per category and parent (a source's month) and ``parent`` is -1 for an LSOA with
    none. The entries are ordered by one 64-bit key of the four ranks and packed into two
    byte strings of which each set is a slice, so a large import packs at memory speed."""
    n = len(count)
    if not n:
        return []
    count = np.asarray(count, dtype=np.int64)
    if count.min() < 0 or count.max() > np.iinfo(COUNT_DTYPE).max:
        raise PackingError("a count of a set is negative or too large to pack")
    ranks, sizes = [], []
    for values in (block, category, np.asarray(parent) + 1, area):
        rank, distinct = dense_rank(values)
        ranks.append(rank)
        sizes.append(len(distinct))
    if sizes[0] * sizes[1] * sizes[2] * sizes[3] >= 2**62:
        raise PackingError("too many blocks, categories and areas to order in one key")
    group = (ranks[0] * sizes[1] + ranks[1]) * sizes[2] + ranks[2]
    key = group * sizes[3] + ranks[3]
    order = np.argsort(key, kind="stable")  # radix sort for integers: the fastest here
    key, group = key[order], group[order]
    if (np.diff(key) == 0).any():
        raise PackingError("an LSOA appears twice in one set")
    starts = np.concatenate([[0], np.flatnonzero(np.diff(group)) + 1])
    ends = np.append(starts[1:], n)
    counts = count[order]
    totals = np.add.reduceat(counts, starts).tolist()
    area_bytes = np.asarray(area, dtype=np.int64)[order].astype(AREA_DTYPE).tobytes()
    count_bytes = counts.astype(COUNT_DTYPE).tobytes()
    a, c = AREA_DTYPE.itemsize, COUNT_DTYPE.itemsize
    firsts = order[starts]
    return [
        PackedSet(b, k, p, area_bytes[start * a : end * a], count_bytes[start * c : end * c], t)
        for b, k, p, start, end, t in zip(
            np.asarray(block)[firsts].tolist(),
            np.asarray(category)[firsts].tolist(),
            np.asarray(parent)[firsts].tolist(),
            starts.tolist(),
            ends.tolist(),
            totals,
            strict=True,
        )
    ]
