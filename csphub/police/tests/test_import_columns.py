"""The street-level import's fast path: counts held as columns, trimmed values, the write.

The import tests check what is written against independent recounts; these check that the
shortcuts taken for speed give exactly what the plain way gives (digests, trimmed values,
integers in the database). Nothing here measures time.
"""

import datetime as dt
import hashlib

import duckdb
import numpy as np
import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from csphub.police import selectors
from csphub.police.importer import draft as draft_module
from csphub.police.importer import parse, street
from csphub.police.importer.draft import (
    CountColumns,
    CountKeys,
    FileReport,
    MonthCounts,
    month_digests,
)
from csphub.police.importer.inputs import InputFile
from csphub.police.models import CrimeCount
from csphub.police.services import imports as services

from .factories import ACTOR, copy_to, count_rows, messy_texts, street_month


def _plain_digest(rows) -> str:
    payload = "\n".join(f"{lv}|{code}|{cat}|{n}" for lv, code, cat, n in sorted(rows))
    return hashlib.sha256(payload.encode()).hexdigest()


def test_clean_is_nullif_trim_for_any_text():
    values = messy_texts(7, ["", " ", "  ", "a", " a", "a ", "\u00a0a", "a\u3000", "é", "é "])
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t AS SELECT unnest($v) AS x", {"v": values})
        wrong = con.execute(
            f"SELECT x FROM t WHERE {street._clean('x')} IS DISTINCT FROM nullif(trim(x), '')"  # noqa: S608
        ).fetchall()
    finally:
        con.close()
    assert wrong == []


def test_count_columns_read_as_rows_and_digest_as_rows():
    keys = CountKeys(
        [("borough", "E09000001"), ("force", "city-of-london"), ("lsoa", "E01000001")],
        ["burglary", "robbery"],
        ordered=True,
    )
    columns = CountColumns(
        keys,
        np.array([0, 1, 1, 2], dtype=np.int32),
        np.array([1, 0, 1, 0], dtype=np.int32),
        np.array([3, 5, 3, 2], dtype=np.int64),
        ordered=True,
    )
    rows = [
        ("borough", "E09000001", "robbery", 3),
        ("force", "city-of-london", "burglary", 5),
        ("force", "city-of-london", "robbery", 3),
        ("lsoa", "E01000001", "burglary", 2),
    ]
    assert list(columns) == rows
    assert len(columns) == 4
    assert columns[1] == rows[1]
    assert all(type(v) is int for v in (columns[0][3], next(iter(columns))[3]))
    month = dt.date(2023, 3, 1)
    as_columns = MonthCounts(("f", "s"), month, 0, columns)
    as_rows = MonthCounts(("f", "s"), month, 0, list(reversed(rows)))
    assert as_columns.total == as_rows.total == 13
    assert as_columns.digest() == as_rows.digest() == _plain_digest(rows)
    # not known to be in order: sorted before the digest, same answer
    unordered = CountColumns(keys, columns.area[::-1], columns.category[::-1], columns.count[::-1])
    assert MonthCounts(("f", "s"), month, 0, unordered).digest() == _plain_digest(rows)


_CODES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="|\n\x00"),
    min_size=1,
    max_size=12,
)
_COUNT = st.one_of(
    st.integers(0, 120),
    st.integers(0, 10**6),
    st.sampled_from([0, 99_999, 10**5, 2**32 - 1, 10**10 - 1, 10**10, 10**12]),
)


@st.composite
def _months(draw):
    """Months of counts as a street batch holds them: ordered columns over shared keys
    (two batches), mixed with plain rows and with columns not known to be in order."""
    found = []
    for _batch in range(draw(st.integers(1, 2))):
        areas = sorted(
            set(
                draw(
                    st.lists(
                        st.tuples(st.sampled_from(["borough", "force", "lsoa"]), _CODES),
                        min_size=1,
                        max_size=8,
                    )
                )
            )
        )
        slugs = sorted(set(draw(st.lists(_CODES, min_size=1, max_size=4))))
        keys = CountKeys(areas, slugs, ordered=True)
        for _month in range(draw(st.integers(1, 4))):
            cells = sorted(
                set(
                    draw(
                        st.lists(
                            st.tuples(
                                st.integers(0, len(areas) - 1), st.integers(0, len(slugs) - 1)
                            ),
                            min_size=1,
                            max_size=12,
                        )
                    )
                )
            )
            counts = np.array([draw(_COUNT) for _ in cells], dtype=np.int64)
            columns = CountColumns(
                keys,
                np.array([a for a, _c in cells], dtype=np.int32),
                np.array([c for _a, c in cells], dtype=np.int32),
                counts,
                ordered=True,
            )
            kind = draw(st.sampled_from(["ordered", "ordered", "rows", "unordered"]))
            if kind == "rows":
                columns = list(columns)
            elif kind == "unordered":
                columns = CountColumns(keys, columns.area, columns.category, columns.count)
            found.append(MonthCounts(("f", "s"), dt.date(2023, 1, 1), 0, columns))
    return found


@settings(max_examples=150, deadline=None)
@given(months=_months(), at_once=st.sampled_from([1, 5, 250_000]))
def test_month_digests_are_each_months_digest(months, at_once):
    """The laid-out bytes give the hex digest each month gives line by line, whatever the
    codes (any text but the separator, a newline or a zero byte), the counts' sizes and the
    number of lines hashed at once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(draft_module, "DIGEST_LINES_AT_ONCE", at_once)
        assert month_digests(months) == [mc.digest() for mc in months]
        assert [mc.digest() for mc in months] == [_plain_digest(list(mc.rows)) for mc in months]


def test_month_digests_hash_line_by_line_keys_holding_a_zero_byte():
    keys = CountKeys([("lsoa", "E01\x00")], ["burglary"], ordered=True)
    columns = CountColumns(keys, np.array([0]), np.array([0]), np.array([7]), ordered=True)
    month = MonthCounts(("f", "s"), dt.date(2023, 1, 1), 0, columns)
    assert month_digests([month]) == [_plain_digest([("lsoa", "E01\x00", "burglary", 7)])]


@pytest.mark.django_db
def test_street_months_digest_like_their_rows(tmp_path):
    paths = [copy_to(tmp_path, street_month("city-of-london", m)) for m in ["2023-03", "2023-04"]]
    draft = parse(paths, resolver=selectors.category_resolver())
    assert len(draft.months) == 2
    for counts in draft.months.values():
        assert isinstance(counts.rows, CountColumns)
        rows = list(counts.rows)
        assert rows == sorted(rows)
        assert len({(lv, code, cat) for lv, code, cat, _n in rows}) == len(rows)
        assert counts.digest() == _plain_digest(rows)
        assert counts.total == sum(n for *_key, n in rows)


def test_a_file_given_twice_is_read_in_a_batch_of_its_own(tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-03"))
    other = copy_to(tmp_path, street_month("city-of-london", "2023-04"))
    files = [InputFile(p, str(p), p.stat().st_size) for p in (path, other, path)]
    items = [(f, FileReport(i, f.name, "street", "", f.size)) for i, f in enumerate(files)]
    assert [len(batch) for batch in street.batches(items)] == [2, 1]


@pytest.mark.django_db
def test_counts_are_written_as_whole_numbers_and_the_cache_setting_put_back(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's storage classes and page cache")
    # a small import, made to want a larger page cache than the connection has
    monkeypatch.setattr(services, "SQLITE_CACHE_BYTES_PER_COUNT", 100_000)
    seen = []
    real = services._insert_counts

    def insert_counts(months):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            seen.append(cursor.fetchone()[0])
        return real(months)

    monkeypatch.setattr(services, "_insert_counts", insert_counts)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
    result = services.police_import(actor=ACTOR, paths=[street_month("city-of-london", "2023-03")])
    assert result.counts_written == len(count_rows()) > 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT typeof(count), typeof(area_id), typeof(category_id), "  # noqa: S608
            f"typeof(source_id), typeof(month) FROM {CrimeCount._meta.db_table}"
        )
        assert cursor.fetchall() == [("integer", "integer", "integer", "integer", "text")]
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
    assert seen and seen[0] < min(before, 0) and seen[0] != before
    assert all(isinstance(n, int) for n in CrimeCount.objects.values_list("count", flat=True))
