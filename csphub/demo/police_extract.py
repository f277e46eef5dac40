"""The police data shipped with the demo (``csphub/demo/fixtures/police/``), so that a fresh
clone without ``../shared`` beside it still shows Barking and Dagenham's July 2017 pack
with burglary 518.

Why an extract rather than the files themselves: the demo needs a few months of a few
files, and a repository should not carry megabytes it never reads. The extract keeps the
publishers' own layouts and labels (the importer reads it like any download), only fewer
rows and columns:

- MPS borough level crime (January 2019 publication), every borough (so the London
  comparator is the whole force), months April 2015 to December 2018;
- MPS ward level crime (the ward history, May-2022 wards), the demo boroughs' wards only,
  April 2015 to March 2018, written as CSV with the London Datastore's column names;
- ONS mid-2019 population, the demo boroughs' LSOAs only, persons columns only.

``csphub demo_police_extract`` writes it again from ``../shared/data/police``; the result
is byte-for-byte the same for the same source files, so a regenerated extract shows as
unchanged in git.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from csphub.demo.police import DemoImport

EXTRACT_DIR = Path(__file__).resolve().parent / "fixtures" / "police"

BOROUGHS = ("Barking and Dagenham", "Bromley")
"""The demo partnerships' boroughs (ward and population rows are kept for these only)."""
BOROUGH_CODES = ("E09000002", "E09000006")
BOROUGH_MONTHS = ("201504", "201812")
WARD_MONTHS = ("201504", "201803")

_BOROUGH_DIR = ("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
_WARD_FILE = (
    "london-datastore",
    "parquet-fenneh-2026-04",
    "recorded-crime-ward-historical.parquet",
)
_POPULATION_FILE = ("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")

BOROUGH_HISTORIC = "mps-borough-level-crime-historic-2015-04-to-2016-12.csv"
BOROUGH_RECENT = "mps-borough-level-crime-2017-01-to-2018-12.csv"
WARD = "mps-ward-level-crime-barking-dagenham-bromley-2015-04-to-2018-03.csv"
POPULATION = "london-mid2019-pop-barking-dagenham-bromley.csv"

EXTRACT_IMPORTS = (
    DemoImport(
        "MPS borough level crime 2015-04..2018-12 and ONS mid-2019 population (shipped extract)",
        ((BOROUGH_HISTORIC,), (BOROUGH_RECENT,), (POPULATION,)),
        vintage="2019-01",  # the London Datastore publication the extract was cut from
    ),
    DemoImport(
        "MPS ward level crime 2015-04..2018-03, Barking and Dagenham and Bromley (shipped extract)",
        ((WARD,),),
        vintage="2026-04",
    ),
)


@dataclass(frozen=True)
class Written:
    name: str
    rows: int
    size: int


def _in_range(column: str, first: str, last: str) -> bool:
    return column.isdigit() and len(column) == 6 and first <= column <= last


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Written:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return Written(path.name, len(rows), path.stat().st_size)


def _borough(source: Path, target: Path) -> Written:
    """Every row of an MPS borough file, the month columns in ``BOROUGH_MONTHS`` only."""
    with source.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        keep = [
            i
            for i, column in enumerate(header)
            if not column.isdigit() or _in_range(column, *BOROUGH_MONTHS)
        ]
        rows = [[row[i] for i in keep] for row in reader]
    return _write(target, [header[i] for i in keep], rows)


def _ward(source: Path, target: Path) -> Written:
    """The demo boroughs' wards from the ward history, months in ``WARD_MONTHS`` only."""
    con = duckdb.connect()
    try:
        relation = con.read_parquet(str(source))
        months = [c for c in relation.columns if _in_range(c, *WARD_MONTHS)]
        names = ["wardname", "wardcode", "majortext", "minortext", "lookup_boroughname", *months]
        columns = ", ".join(f'"{c}"' for c in names)
        placeholders = ", ".join("?" for _ in BOROUGHS)
        rows = con.execute(
            f"SELECT {columns} FROM read_parquet(?) "  # noqa: S608 (names from the file)
            f"WHERE lookup_boroughname IN ({placeholders}) "
            "ORDER BY lookup_boroughname, wardcode, majortext, minortext",
            [str(source), *BOROUGHS],
        ).fetchall()
    finally:
        con.close()
    text = [["" if v is None else str(v) for v in row] for row in rows]
    return _write(target, names, text)


def _population(source: Path, target: Path) -> Written:
    """The demo boroughs' LSOAs, with the area columns and the persons (all sexes) ones."""
    with source.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames or []
        keep = [
            c
            for c in fields
            if c in ("LSOA11CD", "LSOA11NM", "LAD11CD", "LAD11NM") or c.startswith("Persons_")
        ]
        rows = [[row[c] for c in keep] for row in reader if row["LAD11CD"] in BOROUGH_CODES]
    return _write(target, keep, rows)


def write_extract(shared: Path, target: Path = EXTRACT_DIR) -> list[Written]:
    """Write the demo's police extract into ``target`` from the shared police data folder.

    Raises ``FileNotFoundError`` naming the first source file that is missing.
    """
    sources = {
        BOROUGH_HISTORIC: Path(shared, *_BOROUGH_DIR, "MPS_Borough_Level_Crime_Historic.csv"),
        BOROUGH_RECENT: Path(
            shared, *_BOROUGH_DIR, "MPS Borough Level Crime (most recent 24 months).csv"
        ),
        WARD: Path(shared, *_WARD_FILE),
        POPULATION: Path(shared, *_POPULATION_FILE),
    }
    for path in sources.values():
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: it is one of the extract's sources")
    target.mkdir(parents=True, exist_ok=True)
    return [
        _borough(sources[BOROUGH_HISTORIC], target / BOROUGH_HISTORIC),
        _borough(sources[BOROUGH_RECENT], target / BOROUGH_RECENT),
        _ward(sources[WARD], target / WARD),
        _population(sources[POPULATION], target / POPULATION),
    ]
