"""Compare two SQLite databases written by the police import, row for row (not a test).

Used to show that a change to the import gives the same figures on the benchmark's data:
import the same files with the old code into one database and with the new into another,
then ``python bench/compare_imports.py OLD.sqlite3 NEW.sqlite3``. Compares every count (the
count table's, and the LSOA sets' unpacked when the database has them), every source month
with its digest, every area with its parent and every file report, each as a sorted list,
and prints their sizes, whether they are identical and a SHA-256 of each side.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys

import numpy as np


def figures(path: str) -> dict[str, list[tuple]]:
    """The import's figures in ``path``, each as a sorted list of plain tuples."""
    con = sqlite3.connect(path)
    area = {
        pk: (lv, code) for pk, lv, code in con.execute("SELECT id, level, code FROM police_area")
    }
    category = dict(con.execute("SELECT id, slug FROM police_crimecategory"))
    source = {
        pk: (family, scope)
        for pk, family, scope in con.execute("SELECT id, family, scope FROM police_datasource")
    }
    counts = [
        (month, category[c], *area[a], *source[s], n)
        for month, c, a, s, n in con.execute(
            "SELECT month, category_id, area_id, source_id, count FROM police_crimecount"
        )
    ]
    has_sets = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'police_lsoacountset'"
    ).fetchone()[0]
    if has_sets:
        for month, c, s, areas, numbers in con.execute(
            "SELECT month, category_id, source_id, areas, counts FROM police_lsoacountset"
        ):
            ids = np.frombuffer(areas, "<i8").tolist()
            ns = np.frombuffer(numbers, "<u4").tolist()
            counts += [
                (month, category[c], *area[a], *source[s], n) for a, n in zip(ids, ns, strict=True)
            ]
    return {
        "counts": sorted(counts),
        "source months (digests)": sorted(
            con.execute(
                "SELECT s.family, s.scope, m.month, m.revision, m.total, m.digest, "
                "m.duplicates_dropped FROM police_sourcemonth m "
                "JOIN police_datasource s ON s.id = m.source_id"
            )
        ),
        "areas": sorted(
            con.execute(
                "SELECT a.level, a.code, a.name, p.level, p.code FROM police_area a "
                "LEFT JOIN police_area p ON p.id = a.parent_id"
            )
        ),
        "files": sorted(
            con.execute(
                "SELECT name, format, sha256, size, rows_read, rows_kept, duplicates_dropped, "
                "first_month, last_month FROM police_importfile"
            )
        ),
    }


def main(old: str, new: str) -> int:
    before, after = figures(old), figures(new)
    same = True
    for label in before:
        a, b = before[label], after[label]
        digest = [hashlib.sha256(repr(x).encode()).hexdigest()[:16] for x in (a, b)]
        same &= a == b
        print(f"{label}: {len(a):,} / {len(b):,}, identical: {a == b} ({digest[0]} {digest[1]})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
