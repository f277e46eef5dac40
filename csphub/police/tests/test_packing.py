"""The pure rules of packed LSOA count sets (csphub/police/packing.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.police import packing

entries = st.lists(
    st.tuples(
        st.integers(0, 3),  # block
        st.integers(1, 4),  # category
        st.integers(-1, 3),  # parent (-1: none)
        st.integers(1, 60),  # LSOA
        st.integers(0, 2**32 - 1),  # count
    ),
    max_size=200,
    unique_by=lambda e: (e[0], e[1], e[3]),  # an LSOA once per block and category
)


def _naive(rows) -> list[tuple]:
    """The sets as a dictionary of lists would make them."""
    sets: dict[tuple, list] = {}
    for block, category, parent, area, count in rows:
        sets.setdefault((block, category, parent), []).append((area, count))
    return [
        (key, sorted(members), sum(n for _a, n in members)) for key, members in sorted(sets.items())
    ]


def _arrays(rows):
    return [np.array([r[i] for r in rows], dtype=np.int64) for i in range(5)]


@given(entries)
def test_pack_sets_gives_every_count_once_in_the_set_a_dictionary_would(rows):
    packed = packing.pack_sets(*_arrays(rows))
    got = []
    for one in packed:
        areas, counts = packing.unpack(one.areas, one.counts)
        members = list(zip(areas.tolist(), counts.tolist(), strict=True))
        assert members == sorted(members)
        assert one.total == sum(counts.tolist())
        got.append(((one.block, one.category, one.parent), members, one.total))
    assert got == _naive(rows)


@given(st.lists(st.tuples(st.integers(1, 10**12), st.integers(0, 2**32 - 1)), max_size=50,
                unique_by=lambda e: e[0]))  # fmt: skip
def test_a_set_reads_back_as_written_in_area_order(members):
    areas = np.array([a for a, _n in members], dtype=np.int64)
    counts = np.array([n for _a, n in members], dtype=np.int64)
    packed_areas, packed_counts = packing.pack(areas, counts)
    assert len(packed_areas) == 8 * len(members) and len(packed_counts) == 4 * len(members)
    got_areas, got_counts = packing.unpack(packed_areas, packed_counts)
    assert list(zip(got_areas.tolist(), got_counts.tolist(), strict=True)) == sorted(members)


def test_the_bytes_are_little_endian_whatever_the_machine():
    areas, counts = packing.pack(np.array([258]), np.array([3]))
    assert areas == (258).to_bytes(8, "little") and counts == (3).to_bytes(4, "little")


@given(st.lists(st.integers(0, 2**40), max_size=100))
def test_dense_rank_is_numpys_unique_with_its_inverse(values):
    array = np.array(values, dtype=np.int64)
    rank, distinct = packing.dense_rank(array)
    expected_distinct, expected_rank = np.unique(array, return_inverse=True)
    assert distinct.tolist() == expected_distinct.tolist()
    assert rank.tolist() == expected_rank.tolist()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([(0, 1, 2, 5, 1), (0, 1, 2, 5, 2)], "appears twice"),
        ([(0, 1, 2, 5, -1)], "negative or too large"),
        ([(0, 1, 2, 5, 2**32)], "negative or too large"),
    ],
)
def test_what_cannot_be_packed_is_refused(rows, message):
    with pytest.raises(packing.PackingError, match=message):
        packing.pack_sets(*_arrays(rows))


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(packing.PackingError, match="one length"):
        packing.pack(np.array([1, 2]), np.array([1]))
    with pytest.raises(packing.PackingError, match="differ in length"):
        packing.unpack(b"\0" * 16, b"\0" * 4)
