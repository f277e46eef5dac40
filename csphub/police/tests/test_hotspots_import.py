"""Ward hotspots from the MPS ward files as imported, against an independent recount of the
same files: the CSV (2014-18 wards) with the csv module, the Parquet ward history (May-2022
wards) with DuckDB SQL. All categories; Barking and Dagenham."""

import csv
import datetime as dt

import duckdb
import pytest

from csphub.police import selectors, services
from csphub.police.importer import MonthWindow
from csphub.police.models import Area

from .factories import ACTOR, police_file

pytestmark = pytest.mark.django_db

BOROUGH = "Barking and Dagenham"
LIMIT = 10


def _fytd(to: dt.date) -> tuple[list[str], list[str]]:
    """The YYYYMM columns of the financial year to ``to``, and of the same months a year
    earlier (written out here, not taken from the calculations module)."""
    start_year = to.year if to.month >= 4 else to.year - 1
    current, year, month = [], start_year, 4
    while (year, month) <= (to.year, to.month):
        current.append(f"{year}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    previous = [f"{int(c[:4]) - 1}{c[4:]}" for c in current]
    return current, previous


def _expected(wards: dict[str, tuple[str, int, int]]) -> tuple[list, list]:
    """The most and rises lists from code -> (name, now, then)."""
    rows = [
        (name, code, now, then, now - then)
        for code, (name, now, then) in wards.items()
        if now or then
    ]
    most = sorted(rows, key=lambda r: (-r[2], r[0]))[:LIMIT]
    rises = sorted((r for r in rows if r[4] > 0), key=lambda r: (-r[4], r[0]))[:LIMIT]
    return most, rises


def _got(entries: list[dict]) -> list:
    return [
        (e["area"], e["area_code"], e["fytd"], e["fytd_previous"], e["change"]) for e in entries
    ]


def test_ward_hotspots_from_the_ward_csv_equal_a_recount_of_its_rows():
    path = police_file(
        "london-datastore",
        "mps-recorded-crime",
        "ward",
        "vintage-2022-09",
        "MPS Ward Level Crime (most recent 24 months).csv",
    )
    services.police_import(actor=ACTOR, paths=[path])
    to = dt.date(2022, 8, 1)
    current, previous = _fytd(to)

    wards: dict[str, tuple[str, int, int]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["LookUp_BoroughName"] != BOROUGH:
                continue
            name, now, then = wards.get(row["WardCode"], (row["WardName"], 0, 0))
            now += sum(int(row[c]) for c in current)
            then += sum(int(row[c]) for c in previous)
            wards[row["WardCode"]] = (name, now, then)
    assert len(wards) == 17  # the 2014-18 wards, E05000026..E05000042
    most, rises = _expected(wards)
    assert len(most) == LIMIT and rises

    area = Area.objects.get(level="borough", name=BOROUGH)
    found = selectors.hotspots(area=area, to=to)
    assert (found["level"], found["family"]) == ("ward", "mps-ward")
    assert _got(found["most"]) == most
    assert _got(found["rises"]) == rises


def test_ward_hotspots_from_the_parquet_ward_history_equal_a_duckdb_recount():
    path = police_file(
        "london-datastore", "parquet-fenneh-2026-04", "recorded-crime-ward-historical.parquet"
    )
    to = dt.date(2017, 7, 1)
    current, previous = _fytd(to)
    # only the months the hotspots read (the history runs from 2010-04 to 2024-02)
    first, last = previous[0], current[-1]
    window = MonthWindow.of(f"{first[:4]}-{first[4:]}", f"{last[:4]}-{last[4:]}")
    services.police_import(actor=ACTOR, paths=[path], months=window)

    now = " + ".join(f'"{c}"' for c in current)
    then = " + ".join(f'"{c}"' for c in previous)
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT wardcode, min(wardname), sum({now}), sum({then}) "  # noqa: S608
        "FROM read_parquet($path) WHERE lookup_boroughname = $borough GROUP BY wardcode",
        {"path": str(path), "borough": BOROUGH},
    ).fetchall()
    con.close()
    wards = {code: (name, int(n), int(t)) for code, name, n, t in rows}
    assert len(wards) == 19  # the May-2022 wards, E05014053..E05014071
    most, rises = _expected(wards)
    assert len(most) == LIMIT and rises

    area = Area.objects.get(level="borough", name=BOROUGH)
    found = selectors.hotspots(area=area, to=to)
    assert (found["level"], found["family"]) == ("ward", "mps-ward")
    assert _got(found["most"]) == most
    assert _got(found["rises"]) == rises
