"""After an import, the crime figures' queries use the count table's indexes (PostgreSQL).

The import refreshes the planner's statistics (ANALYZE) when it has written; without them
PostgreSQL plans for the empty tables it last saw and reads every count of every force for
one borough's figures. Each query the crime summary and the hotspots run against the counts
is EXPLAINed here, as the page runs it, and must reach the counts through an index: the
count table's, or for LSOA counts the index of their packed sets (decision 0035).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csphub.police import selectors, services
from csphub.police.models import Area, CrimeCount, LsoaCountSet

from .factories import ACTOR, count_rows, police_file, street_month

pytestmark = pytest.mark.django_db

COUNT_INDEXES = {
    "performance_count_area_month",
    "performance_count_source_month",
    "performance_count_unique",
    "police_lsoa_set_parent_month",
    "police_lsoa_set_unique",
}


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are checked on PostgreSQL, where missing statistics change them; "
    "SQLite plans from its schema (and PRAGMA optimize after each import keeps it right)",
)
def test_the_crime_figures_reach_the_counts_through_an_index_after_an_import():
    # Lincolnshire's last three years, and the Met's burglaries beside them: a district's
    # figures are a small part of the table, as they are in any real database
    paths = [street_month("lincolnshire", m) for m in _months("2013-04", "2015-12")]
    paths.append(police_file("data.police.uk", "street", "metropolitan-burglary-only"))
    services.police_import(actor=ACTOR, paths=paths)
    assert len(count_rows()) > 150_000  # most of them LSOA counts, in sets
    # the import's ANALYZE: the planner knows the table's size and its columns' values
    table = CrimeCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        estimate = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        columns_with_statistics = cursor.fetchone()[0]
    assert estimate == pytest.approx(CrimeCount.objects.count(), rel=0.1)
    assert columns_with_statistics >= 5

    lincoln = Area.objects.get(level="borough", name="Lincoln")
    to = dt.date(2015, 12, 1)

    with CaptureQueriesContext(connection) as captured:
        selectors.crime_summary(area=lincoln, to=to)
        selectors.hotspots(area=lincoln, to=to)
    tables = {table, LsoaCountSet._meta.db_table}
    queries = [
        q["sql"] for q in captured.captured_queries if any(f'"{t}"' in q["sql"] for t in tables)
    ]
    assert queries, "the crime figures read no counts"
    assert any(f'"{LsoaCountSet._meta.db_table}"' in sql for sql in queries)

    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
            on_counts = [n for n in _nodes(plan) if n.get("Relation Name") in tables]
            used = {n.get("Index Name") for n in _nodes(plan)} & COUNT_INDEXES
            assert not any(n["Node Type"] == "Seq Scan" for n in on_counts), (
                f"a sequential scan of the counts:\n{sql}\n{json.dumps(plan, indent=1)}"
            )
            assert used, f"no index of the counts used:\n{sql}\n{json.dumps(plan, indent=1)}"
