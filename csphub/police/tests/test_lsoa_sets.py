"""LSOA-level counts kept as packed sets (decision 0035): read back exactly as imported,
found under the right area when an LSOA's parent changes, and moved by the migration."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from csphub.police import selectors, services
from csphub.police.importer import MonthWindow
from csphub.police.models import Area, CrimeCount, LsoaCountSet

from .factories import ACTOR, count_rows, police_file, street_month

BD = "E09000002"


def _parquet() -> str:
    return str(
        police_file("london-datastore", "parquet-fenneh-2026-04", "recorded-crime-lsoa.parquet")
    )


@pytest.mark.django_db
def test_lsoa_hotspots_and_an_lsoas_months_equal_a_recount_of_the_parquet():
    """The LSOA hotspots of Barking and Dagenham (April to June 2025 against 2024) and one
    LSOA's monthly counts, against sums made by DuckDB straight from the file."""
    path = _parquet()
    window = MonthWindow.of("2024-04", "2025-06")
    services.police_import(actor=ACTOR, paths=[path], months=window)
    assert not CrimeCount.objects.filter(area__level="lsoa").exists()
    assert LsoaCountSet.objects.filter(parent__code=BD).exists()

    now = '"202504" + "202505" + "202506"'
    then = '"202404" + "202405" + "202406"'
    rows = duckdb.sql(
        f"SELECT lsoa_code, any_value(lsoa_name), sum({now})::BIGINT, sum({then})::BIGINT "  # noqa: S608
        f"FROM read_parquet('{path}') WHERE borough = '{BD}' GROUP BY lsoa_code"
    ).fetchall()
    entries = [(name, code, a, b, a - b) for code, name, a, b in rows if a or b]
    most = sorted(entries, key=lambda r: (-r[2], r[0]))[:10]
    rises = sorted((r for r in entries if r[4] > 0), key=lambda r: (-r[4], r[0]))[:10]

    area = Area.objects.get(level="borough", code=BD)
    found = selectors.hotspots(area=area, to=dt.date(2025, 6, 1), level="lsoa")
    assert (found["level"], found["family"]) == ("lsoa", "mps-lsoa")

    def got(items):
        return [
            (e["area"], e["area_code"], e["fytd"], e["fytd_previous"], e["change"]) for e in items
        ]

    assert got(found["most"]) == most and got(found["rises"]) == rises

    lsoa = Area.objects.get(level="lsoa", code=most[0][1])
    family, series = selectors.monthly_counts(
        area=lsoa, category="all", start=dt.date(2024, 4, 1), end=dt.date(2025, 6, 1)
    )
    months = [f"{m.year}{m.month:02d}" for m, _n in series]
    sums = ", ".join(f'sum("{m}")::BIGINT' for m in months)
    expected = duckdb.sql(
        f"SELECT {sums} FROM read_parquet('{path}') WHERE lsoa_code = '{lsoa.code}'"  # noqa: S608
    ).fetchall()[0]
    assert family == "mps-lsoa"
    assert [n for _m, n in series] == list(expected)
    summary = selectors.crime_summary(area=lsoa, to=dt.date(2025, 6, 1))
    assert summary["source"]["family"] == "mps-lsoa" and summary["level"] == "lsoa"
    total = next(r for r in summary["categories"] if r["slug"] == "all-crime")
    assert total["fytd"] == most[0][2] and total["fytd_previous"] == most[0][3]


@pytest.mark.django_db
def test_an_lsoa_given_a_new_parent_takes_its_earlier_counts_with_it(tmp_path):
    """An LSOA first imported under a district the import could not place (its name says
    "Nowhere 028B") and later under Camden: its earlier month is then found within Camden,
    nothing is left under the old district, and no figure changes."""
    lsoa_code = "E01000914"  # Camden 028B in the City's files
    first = street_month("city-of-london", "2023-01")
    renamed = tmp_path / "2023-01" / first.name
    renamed.parent.mkdir()
    with (
        first.open(encoding="utf-8", newline="") as read,
        renamed.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.DictReader(read)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for row in reader:
            if row["LSOA code"] == lsoa_code:
                row["LSOA name"] = "Nowhere 028B"
            writer.writerow(row)
    services.police_import(actor=ACTOR, paths=[renamed])
    old_parent = Area.objects.get(level="lsoa", code=lsoa_code).parent
    assert old_parent.name == "Nowhere"
    before = sorted(
        (r["month"], r["category__slug"], r["count"]) for r in count_rows(area__code=lsoa_code)
    )
    assert before

    services.police_import(actor=ACTOR, paths=[street_month("city-of-london", "2023-02")])
    lsoa = Area.objects.get(level="lsoa", code=lsoa_code)
    assert lsoa.parent.name == "Camden"
    january = [
        r
        for r in selectors.lsoa_counts(parent=lsoa.parent_id, months=[dt.date(2023, 1, 1)])
        if r[0] == lsoa.pk
    ]
    assert sorted(r[5] for r in january) == sorted(n for m, _s, n in before)
    assert not LsoaCountSet.objects.filter(parent=old_parent).exists()
    after = sorted(
        (r["month"], r["category__slug"], r["count"])
        for r in count_rows(area__code=lsoa_code, month=dt.date(2023, 1, 1))
    )
    assert after == before


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_sets() -> Iterator[Any]:
    """The historical models before the sets; migrates to the latest afterwards."""
    try:
        yield _migrate([("police", "0002_sourcemonth_duplicates_dropped")])
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_lsoa_rows_into_sets_and_back(before_sets):
    def model(name: str) -> Any:
        return before_sets.get_model("police", name)

    force = model("Area").objects.create(level="force", code="testshire", name="Testshire")
    borough = model("Area").objects.create(level="borough", code="T1", name="Town", parent=force)
    lsoas = [
        model("Area").objects.create(
            level="lsoa", code=f"T1{i}", name=f"Town 00{i}A", parent=borough
        )
        for i in range(3)
    ]
    loose = model("Area").objects.create(level="lsoa", code="X9", name="X9")
    category = model("CrimeCategory").objects.create(name="Burglary T", slug="burglary-t")
    source = model("DataSource").objects.create(family="police.uk-street", scope="testshire")
    month = dt.date(2020, 5, 1)
    rows = [(force, 10), (borough, 9), (lsoas[0], 4), (lsoas[2], 5), (loose, 1)]
    for area, n in rows:
        model("CrimeCount").objects.create(
            month=month, category=category, area=area, source=source, count=n
        )

    _migrate([("police", "0003_lsoa_count_sets")])
    assert sorted(CrimeCount.objects.values_list("area__code", "count")) == [
        ("T1", 9),
        ("testshire", 10),
    ]
    sets = {
        (s.parent_id, s.total): selectors.lsoa_counts(parent=s.parent_id, months=[month])
        for s in LsoaCountSet.objects.all()
    }
    assert set(sets) == {(borough.pk, 9), (None, 1)}
    assert sorted((r[0], r[5]) for r in sets[(borough.pk, 9)]) == [
        (lsoas[0].pk, 4),
        (lsoas[2].pk, 5),
    ]
    assert [(r[0], r[5]) for r in sets[(None, 1)]] == [(loose.pk, 1)]

    back = _migrate([("police", "0002_sourcemonth_duplicates_dropped")])
    counts = back.get_model("police", "CrimeCount").objects.values_list("area__code", "count")
    assert sorted(counts) == sorted((area.code, n) for area, n in rows)
