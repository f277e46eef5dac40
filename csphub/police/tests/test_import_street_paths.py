"""The street-level parse's shortcuts give what the plain way gives, on every path.

The fast read groups values as read and cleans them only when one needs it, finds repeated
crime ids by their hash, and numbers files with DuckDB's ``file_index``; each test here
takes the other path (values that need trimming, hashes that collide, no ``file_index``)
and checks the draft is the same, row for row. Nothing here measures time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from csphub.police import selectors
from csphub.police.importer import csvtools, parse, street

from .factories import copy_to, messy_texts, street_month

pytestmark = pytest.mark.django_db

MONTHS = [("lincolnshire", "2011-12"), ("lincolnshire", "2015-12"), ("city-of-london", "2023-02")]
"""Real months with repeated Crime IDs (and, in 2011-12, blank ones)."""


def _summary(draft) -> dict:
    """Everything a draft says about street files, in comparable form (paths left out)."""
    return {
        "months": sorted(
            (key[0], key[1], m.file_index, m.total, m.duplicates_dropped, m.digest(), list(m.rows))
            for key, m in draft.months.items()
        ),
        "files": [
            (
                Path(f.name).name,
                f.format,
                f.source,
                f.rows_read,
                f.rows_kept,
                f.duplicates_dropped,
                sorted(f.months),
                [n.replace(str(Path(f.name).parent), "") for n in f.notes],
            )
            for f in draft.files
        ],
        "areas": [(key, a.name, a.parent) for key, a in draft.areas.items()],
        "sources": sorted((key, s.name) for key, s in draft.sources.items()),
    }


def _parse(folder: Path) -> dict:
    return _summary(parse([folder], resolver=selectors.category_resolver()))


def _copies(root: Path) -> Path:
    for force, month in MONTHS:
        copy_to(root, street_month(force, month))
    return root


def test_untidy_is_true_whenever_cleaning_would_change_a_value():
    values = messy_texts(11, ["", " ", "a", " a", "a ", "\u00a0a", "a\u3000", "é", "é ", "abc"])
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t AS SELECT unnest($v) AS x", {"v": values})
        wrong = con.execute(
            f"SELECT x FROM t WHERE NOT {street._untidy('x')} "  # noqa: S608
            f"AND {street._clean('x')} IS DISTINCT FROM x"
        ).fetchall()
    finally:
        con.close()
    assert wrong == []


def _rewrite(source: Path, target: Path, change) -> None:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([rows[0], *(change(i, row) for i, row in enumerate(rows[1:]))])


def test_values_that_need_trimming_count_as_if_trimmed_as_read(tmp_path):
    """Spaces (and a no-break space) around ids, LSOAs and crime types, an id that repeats
    only once trimmed, and an id of spaces alone (blank: never de-duplicated)."""
    pads = [" ", "  ", "\u00a0"]

    def untidy(i: int, row: list[str]) -> list[str]:
        row = list(row)
        for column in (0, 7, 8, 9):  # Crime ID, LSOA code, LSOA name, Crime type
            if row[column] and (i + column) % 3 == 0:
                pad = pads[(i + column) % len(pads)]
                row[column] = pad + row[column] if i % 2 else row[column] + pad
        if i == 5:
            row[0] = "   "
        return row

    def tidy(i: int, row: list[str]) -> list[str]:
        return [
            v.strip(" \u00a0") if c in (0, 7, 8, 9) else v for c, v in enumerate(untidy(i, row))
        ]

    for name, change in (("untidy", untidy), ("tidy", tidy)):
        for force, month in MONTHS:
            source = street_month(force, month)
            _rewrite(source, tmp_path / name / source.name, change)
        # an id written once plain and once padded (and in another LSOA): one crime
        source = street_month("city-of-london", "2023-03")
        with source.open(encoding="utf-8-sig", newline="") as handle:
            original = [r for r in list(csv.reader(handle))[1:] if r[0]]
        extra = tmp_path / name / source.name
        _rewrite(source, extra, change)
        again = list(original[0])  # padded at the end in the untidy file: here at the start
        again[0] = ("  " if name == "untidy" else "") + again[0]
        again[7], again[8] = "", ""
        with extra.open("a", encoding="utf-8", newline="") as out:
            csv.writer(out).writerow(again)
    assert _parse(tmp_path / "untidy") == _parse(tmp_path / "tidy")


def test_ids_whose_hashes_collide_are_told_apart(tmp_path, monkeypatch):
    """Every id sharing one of three hashes: the rows are compared by id, as before."""
    folder = _copies(tmp_path / "street")
    expected = _parse(folder)
    monkeypatch.setattr(street, "_CRIME_HASH", "hash({crime_id}) % 3")
    assert _parse(folder) == expected


def test_files_are_numbered_the_same_without_file_index(tmp_path, monkeypatch):
    folder = _copies(tmp_path / "street")
    expected = _parse(folder)
    monkeypatch.setattr(csvtools.Reader, "_knows_file_index", lambda self, file: False)
    assert _parse(folder) == expected


def test_a_crime_is_counted_with_the_first_value_found_in_rank_order(tmp_path):
    """Of a repeated id's rows the lowest ranked counts, but a value it lacks (a blank LSOA
    name) is taken from the next row that has one, as ``arg_min`` has always done: the
    counted row mixes the two, and makes a group no single row had."""
    header = ",".join(street.HEADER)
    rows = [
        "abc,2023-03,City of London Police,City of London Police,,,On or near X,"
        "E01000001,,Burglary,,",
        "abc,2023-03,City of London Police,City of London Police,,,On or near X,"
        "E01000002,City of London 001B,Robbery,,",
        ",2023-03,City of London Police,City of London Police,,,On or near X,"
        "E01000002,City of London 001B,Robbery,,",
    ]
    path = tmp_path / "2023-03-city-of-london-street.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    draft = parse([path], resolver=selectors.category_resolver())
    (counts,) = draft.months.values()
    got = sorted((level, code, n) for level, code, _category, n in counts.rows)
    assert counts.duplicates_dropped == 1
    assert draft.files[0].rows_kept == 2
    assert ("lsoa", "E01000001", 1) in got
    assert draft.areas[("lsoa", "E01000001")].name == "City of London 001B"
    assert sum(n for level, _code, n in got if level == "force") == 2
    assert sum(n for level, _code, n in got if level == "borough") == 2


def test_a_force_is_named_by_its_first_file_source_and_its_last_file_area(tmp_path):
    """Only those two files' 'Reported by' can show (the others' are not read)."""
    header = ",".join(street.HEADER)
    for month, police in (("2023-01", "Alpha"), ("2023-02", "Gamma"), ("2023-03", "Beta")):
        row = f"abc,{month},{police} Police,x,,,On or near X,E01000001,London 001A,Burglary,,"
        path = tmp_path / f"{month}-city-of-london-street.csv"
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    draft = parse([tmp_path], resolver=selectors.category_resolver())
    assert draft.sources[(street.FAMILY, "city-of-london")].name.endswith(": Alpha Police")
    assert draft.areas[("force", "city-of-london")].name == "Beta Police"
