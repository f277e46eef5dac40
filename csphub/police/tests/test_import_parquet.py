"""The MPS London Datastore files as Parquet (../shared/data/police/london-datastore/
parquet-fenneh-2026-04): read like the CSVs they were converted from.

The Parquet copies are a later refresh than any CSV copy in ../shared, and the publisher
revises its figures, so the same month differs between them. Two checks instead: a CSV
converted to Parquet in the test (as such conversions are made: column names lower-cased
and snake_cased) gives exactly the CSV's figures; and the real Parquet files give counts
equal to an independent recount of their rows, summed in Python from a plain DuckDB read.
"""

import csv
import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from csphub.police import importer, selectors, services
from csphub.police.importer import MonthWindow, PoliceDataError
from csphub.police.models import Area, ImportFile

from .factories import ACTOR, count_rows, counted, police_file, snapshot

pytestmark = pytest.mark.django_db

BD = "E09000002"


def parquet(name: str) -> Path:
    return police_file("london-datastore", "parquet-fenneh-2026-04", name)


def borough_csv(vintage: str, name: str) -> Path:
    return police_file("london-datastore", "mps-recorded-crime", "borough", vintage, name)


def _parse(paths, **options):
    return importer.parse(
        paths, resolver=selectors.category_resolver(), gazetteer=selectors.gazetteer(), **options
    )


def _total(**filters) -> int:
    return counted(**filters)


def _snake(column: str) -> str:
    return re.sub(r"\W+", "_", column.strip()).strip("_").lower()


def to_parquet(source: Path, target: Path, month_name=lambda c: c) -> Path:
    """A Parquet conversion of an MPS CSV, made as a conversion would make it."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    months = [c for c in header if re.fullmatch(r"\d{6}", c)]
    types = {c: ("BIGINT" if c in months else "VARCHAR") for c in header}
    select = ", ".join(f'"{c}" AS "{month_name(c) if c in months else _snake(c)}"' for c in header)
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE t AS SELECT {select} FROM read_csv($path, header := true, "  # noqa: S608
        "auto_detect := false, columns := $types)",
        {"path": str(source), "types": types},
    )
    con.execute(f"COPY t TO '{target}' (FORMAT parquet)")
    con.close()
    return target


def _figures(draft) -> dict:
    return {
        (key[0][0], key[1]): sorted(counts.rows) for key, counts in sorted(draft.months.items())
    }


@pytest.mark.parametrize(
    "month_name",
    [lambda c: c, lambda c: f"{c[:4]}-{c[4:]}", lambda c: f"_{c}"],
    ids=["201707", "2017-07", "_201707"],
)
def test_a_csv_converted_to_parquet_gives_the_csv_figures(tmp_path, month_name):
    source = borough_csv("vintage-2019-01", "MPS Borough Level Crime (most recent 24 months).csv")
    converted = to_parquet(source, tmp_path / "borough.parquet", month_name)
    from_csv, from_parquet = _parse([source]), _parse([converted])
    assert [f.format for f in from_parquet.files] == ["mps"]
    assert from_parquet.files[0].rows_read == from_csv.files[0].rows_read > 1000
    assert len(from_parquet.months) == 24
    assert _figures(from_parquet) == _figures(from_csv)
    assert from_parquet.areas == from_csv.areas


def _recount(path: Path, where=lambda row: True, columns: str = "*") -> dict[str, Counter]:
    """month column -> Counter(borough -> count), from the rows as DuckDB reads them."""
    con = duckdb.connect()
    cursor = con.execute(f"SELECT {columns} FROM read_parquet($path)", {"path": str(path)})  # noqa: S608
    names = [d[0] for d in cursor.description]
    found: dict[str, Counter] = {}
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        if not where(row):
            continue
        borough = row.get("boroughname") or row.get("borough") or row["lookup_boroughname"]
        for name in names:
            if re.fullmatch(r"\d{6}", name):
                found.setdefault(name, Counter())[borough] += row[name]
    con.close()
    return found


def _month(column: str) -> dt.date:
    return dt.date(int(column[:4]), int(column[4:]), 1)


def test_the_borough_parquet_counts_equal_a_recount_of_its_rows():
    path = parquet("recorded-crime-borough.parquet")
    result = services.police_import(actor=ACTOR, paths=[path])

    every = _recount(path)
    burglary = _recount(path, lambda row: row["majortext"].strip().upper() == "BURGLARY")
    assert len(every) == 24
    for column, boroughs in every.items():
        month = _month(column)
        kept = {"source__family": "mps-borough", "month": month}
        assert _total(area__level="force", **kept) == sum(boroughs.values())
        assert _total(area__code=BD, **kept) == boroughs["Barking and Dagenham"] > 0
        assert (
            _total(area__code=BD, category__parent__slug="burglary", **kept)
            + _total(area__code=BD, category__slug="burglary", **kept)
            == burglary[column]["Barking and Dagenham"]
        )
    imported = ImportFile.objects.get()
    assert imported.format == "mps" and imported.rows_read == 1032
    assert (imported.first_month, imported.last_month) == (dt.date(2024, 3, 1), dt.date(2026, 2, 1))
    assert imported.source.name == "MPS recorded crime, borough level (London Datastore)"
    assert result.months_new == 24


def test_the_lsoa_parquet_for_one_month_adds_up_to_its_boroughs():
    """The LSOA file (105,620 rows) with a window of one month; ``borough`` is a GSS code."""
    path = parquet("recorded-crime-lsoa.parquet")
    services.police_import(actor=ACTOR, paths=[path], months=MonthWindow.of("2025-01", "2025-01"))

    boroughs = _recount(path, columns='borough, "202501"')["202501"]
    month = dt.date(2025, 1, 1)
    assert _total(area__level="lsoa", month=month) == sum(boroughs.values())
    assert _total(area__code=BD, month=month) == boroughs[BD] > 0
    assert _total(area__level="lsoa", area__parent__code=BD, month=month) == boroughs[BD]
    assert Area.objects.get(level="lsoa", code="E01000006").parent.code == BD
    assert {row["month"] for row in count_rows()} == {month}
    note = ImportFile.objects.get().note
    assert "24 month(s) outside the month window 2025-01 left out" in note


def test_parquet_files_that_are_not_recorded_crime_are_skipped_in_a_folder(tmp_path):
    folder = tmp_path / "parquet"
    folder.mkdir()
    for name in (
        "monthly-crime-dashboard.parquet",
        "recorded-crime-borough.parquet",
        "vawg-offences.parquet",
    ):
        shutil.copyfile(parquet(name), folder / name)
    draft = _parse([folder])
    assert [f.format for f in draft.files] == ["skip", "mps", "skip"]
    skipped = draft.skipped()
    assert list(skipped) == [
        "a Parquet file of the MPS Monthly Crime Dashboard, not recorded crime by area and month",
        "a Parquet file of MPS violence against women and girls (VAWG) offences, not recorded "
        "crime by area and month",
    ]


@pytest.mark.parametrize("name", ["monthly-crime-dashboard.parquet", "vawg-offences.parquet"])
def test_a_parquet_file_that_is_not_recorded_crime_named_on_its_own_is_an_error(name):
    path = parquet(name)
    with pytest.raises(PoliceDataError) as caught:
        _parse([path])
    assert caught.value.file == str(path)
    assert "not recorded crime" in caught.value.message
    assert "recorded-crime-borough" in caught.value.message


# a real Parquet file with one thing broken; each returns (path, row, field, message)


def _rewrite(tmp_path: Path, select: str) -> Path:
    """recorded-crime-borough.parquet rewritten with ``select`` (row order kept; the columns
    ``file_row_number`` (0 for the first row) and every original column are available)."""
    target = tmp_path / "recorded-crime-borough.parquet"
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE t AS SELECT {select} FROM read_parquet($path, file_row_number := true) "  # noqa: S608
        "ORDER BY file_row_number",
        {"path": str(parquet("recorded-crime-borough.parquet"))},
    )
    con.execute("ALTER TABLE t DROP COLUMN file_row_number")
    con.execute(f"COPY t TO '{target}' (FORMAT parquet)")
    con.close()
    return target


def negative_count(tmp_path):
    path = _rewrite(
        tmp_path,
        """* REPLACE (CASE WHEN file_row_number = 4 THEN -3 ELSE "202501" END AS "202501")""",
    )
    return path, 5, "202501", "a count must be a whole number of 0 or more, not '-3'"


def blank_borough(tmp_path):
    path = _rewrite(
        tmp_path,
        "* REPLACE (CASE WHEN file_row_number = 6 THEN '' ELSE boroughname END AS boroughname)",
    )
    return path, 7, "boroughname", "the value is blank but every row needs one"


def fractional_count(tmp_path):
    path = _rewrite(
        tmp_path,
        """* REPLACE (CASE WHEN file_row_number = 2 THEN 2.5 ELSE "202406" END AS "202406")""",
    )
    return path, 3, "202406", "not '2.5'"


def unmapped_category(tmp_path):
    path = _rewrite(
        tmp_path,
        "* REPLACE (CASE WHEN file_row_number = 1 THEN 'MADE UP' ELSE majortext END AS majortext)",
    )
    return path, 2, "majortext", "category 'MADE UP' / "


def unexpected_column(tmp_path):
    path = _rewrite(tmp_path, "*, 'x' AS notes")
    return path, None, "notes", "unexpected column 'notes'"


def not_parquet(tmp_path):
    path = tmp_path / "recorded-crime-borough.parquet"
    path.write_text("majortext,minortext,boroughname,202501\n")
    return path, None, None, "is not a readable Parquet file"


@pytest.mark.parametrize(
    "corrupt",
    [negative_count, blank_borough, fractional_count, unmapped_category, unexpected_column],
    ids=lambda f: f.__name__,
)
def test_a_corrupt_parquet_file_is_named_with_row_and_field(tmp_path, corrupt):
    before = snapshot()
    path, row, field, message = corrupt(tmp_path)
    with pytest.raises(PoliceDataError) as caught:
        services.police_import(actor=ACTOR, paths=[path])
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), row, field)
    assert message in error.message
    where = f"{path}, row {row}, field {field!r}" if row else f"{path}, field {field!r}"
    assert str(error).startswith(where)
    assert snapshot() == before


def test_a_file_that_is_not_parquet_is_named(tmp_path):
    path, _row, _field, message = not_parquet(tmp_path)
    with pytest.raises(PoliceDataError) as caught:
        _parse([path])
    assert caught.value.file == str(path) and message in caught.value.message


def test_a_float_column_of_whole_numbers_reads_like_integers(tmp_path):
    """pandas writes a month column with a missing value as floating point."""
    path = _rewrite(tmp_path, """* REPLACE (CAST("202501" AS DOUBLE) AS "202501")""")
    assert _figures(_parse([path])) == _figures(_parse([parquet("recorded-crime-borough.parquet")]))
