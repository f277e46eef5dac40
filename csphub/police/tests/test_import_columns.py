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

from csphub.police import selectors
from csphub.police.importer import parse, street
from csphub.police.importer.draft import (
    CountColumns,
    CountKeys,
    FileReport,
    MonthCounts,
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
