"""The street-level import gives, row for row, what the import before issue 15 gave.

``fixtures/import_frozen.json.gz`` was written by the import as it was before it was rebuilt for
speed (one DuckDB scan, bulk index handling), from the files below: real data.police.uk
months with repeated Crime IDs, blank IDs (before December 2011), the category eras around
September 2011, "No Location" rows, a force's neighbouring LSOAs, and one month given twice
(the later vintage wins). Every count, digest, area, and file report must match it exactly.

To write the fixture again (only when the import is *meant* to change its figures):
``CSPHUB_FREEZE_IMPORT=1 pytest csphub/police/tests/test_import_frozen.py``.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from django.db import connection

from csphub.police import bulk as bulk_module
from csphub.police import services
from csphub.police.models import Area, CrimeCount, ImportFile, ImportRun, SourceMonth

from .factories import ACTOR, copy_to, count_rows, street_month

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "import_frozen.json.gz"

FILES = [
    ("lincolnshire", "2011-08"),
    ("lincolnshire", "2011-09"),
    ("lincolnshire", "2011-11"),
    ("lincolnshire", "2011-12"),
    ("lincolnshire", "2015-12"),
    ("metropolitan-burglary-only", "2016-04"),
    ("city-of-london", "2023-01"),
    ("city-of-london", "2023-02"),
    ("city-of-london-vintage-2023-09", "2023-01"),
]


def _schema() -> list:
    """The count table's indexes and constraints, as the database describes them."""
    table = CrimeCount._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass UNION ALL SELECT indexrelid::regclass::text, "
                "pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass",
                [table, table],
            )
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = %s", [table])
        return sorted(cursor.fetchall())


def _state(result, root: Path) -> dict:
    run = ImportRun.objects.get(pk=result.run.pk)
    return {
        "run": {
            "files": run.files,
            "rows_read": run.rows_read,
            "rows_kept": run.rows_kept,
            "duplicates_dropped": run.duplicates_dropped,
            "counts_written": run.counts_written,
            "months_replaced": run.months_replaced,
        },
        "files": [
            [
                Path(f.name).relative_to(root).as_posix(),
                f.format,
                f.sha256,
                f.size,
                f.vintage,
                f.rows_read,
                f.rows_kept,
                f.duplicates_dropped,
                f.first_month.isoformat() if f.first_month else None,
                f.last_month.isoformat() if f.last_month else None,
                f.source.scope if f.source else None,
            ]
            for f in ImportFile.objects.filter(run=run).select_related("source").order_by("id")
        ],
        "areas": sorted(
            [
                a.level,
                a.code,
                a.name,
                a.parent.level if a.parent else None,
                a.parent.code if a.parent else None,
            ]
            for a in Area.objects.select_related("parent")
        ),
        "months": sorted(
            [
                sm.source.family,
                sm.source.scope,
                sm.month.isoformat(),
                sm.revision,
                sm.total,
                sm.digest,
            ]
            for sm in SourceMonth.objects.select_related("source")
        ),
        "counts": sorted(
            [
                r["month"].isoformat(),
                r["category__slug"],
                r["area__level"],
                r["area__code"],
                r["source__family"],
                r["source__scope"],
                r["count"],
            ]
            for r in count_rows()
        ),
    }


@pytest.mark.parametrize("bulk", [False, True], ids=["indexes-kept", "indexes-rebuilt"])
def test_street_import_reproduces_the_frozen_figures_row_for_row(tmp_path, monkeypatch, bulk):
    """Both ways of writing: row by row into the indexed table (a small load), and with the
    indexes and foreign keys set aside and rebuilt (a large load, forced here)."""
    if bulk:
        monkeypatch.setattr(bulk_module, "BULK_MIN_ROWS", 1)
    root = tmp_path / "street"
    for folder, month in FILES:
        source = next(
            street_month("lincolnshire", "2011-08")
            .parents[2]
            .glob(f"{folder}/{month}/*-street.csv")
        )
        copy_to(root / folder / month, source)
    # the vintage folder last: its January 2023 replaces the first one's
    schema_before = _schema()
    result = services.police_import(actor=ACTOR, paths=[root])
    got = _state(result, root)
    if bulk:  # the indexes and constraints are back, exactly as the migrations made them
        assert _schema() == schema_before
    if os.environ.get("CSPHUB_FREEZE_IMPORT") and not bulk:
        FIXTURE.parent.mkdir(exist_ok=True)
        FIXTURE.write_bytes(gzip.compress(json.dumps(got, separators=(",", ":")).encode(), mtime=0))
        pytest.skip(f"wrote {FIXTURE}")
    expected = json.loads(gzip.decompress(FIXTURE.read_bytes()))
    assert got["run"] == expected["run"]
    assert got["files"] == expected["files"]
    assert got["areas"] == expected["areas"]
    assert got["months"] == expected["months"]
    assert len(got["counts"]) == len(expected["counts"])
    assert got["counts"] == expected["counts"]
