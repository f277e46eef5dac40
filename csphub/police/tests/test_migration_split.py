"""Moving the police data out of ``performance`` keeps every row: rows written under the
landed schema (commit 84c907e, when the models were performance's) are all still there,
unchanged, after migrating forward, and the indicators' foreign keys reach them through the
police models.

Runs the real migrations back and forth, so it needs a transactional test (pytest-django
runs those after the others, and flushes afterwards); the database is left migrated to the
latest whatever happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from csphub.police.models import (
    Area,
    AreaPopulation,
    CategoryMapping,
    CrimeCategory,
    CrimeCount,
    DataSource,
    ImportFile,
    ImportRun,
    SourceMonth,
)

LANDED = [
    ("accounts", "0001_initial"),
    ("actions", "0001_initial"),
    ("audit", "0001_initial"),
    ("meetings", "0001_initial"),
    ("partnerships", "0001_initial"),
    ("performance", "0004_indicator_population"),
    ("police", None),  # the app did not exist yet
]
"""The latest migration of every project app at commit 84c907e, before the split."""

MOVED = [
    Area,
    AreaPopulation,
    CrimeCategory,
    CategoryMapping,
    DataSource,
    ImportRun,
    ImportFile,
    SourceMonth,
    CrimeCount,
]
WHEN = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
# Looked up rather than imported: nothing in the police app imports performance (layering).
Indicator = apps.get_model("performance", "Indicator")
Observation = apps.get_model("performance", "Observation")


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.fixture
def landed() -> Iterator[Any]:
    """The historical app registry of the landed schema; migrates to the latest afterwards,
    whatever the test did."""
    executor = _migrate(LANDED)
    try:
        yield executor.loader.project_state([n for n in LANDED if n[1]]).apps
    finally:
        fresh = MigrationExecutor(connection)
        _migrate(fresh.loader.graph.leaf_nodes())


def _table_rows(model: type, table: str, only: set[str] | None = None) -> list[tuple]:
    """Every row of ``table``, all of ``model``'s columns that the table has (or only those
    in ``only``), as the database stores them: a column added by a later migration
    (``SourceMonth.duplicates_dropped``) is not part of what the move had to keep."""
    with connection.cursor() as cursor:
        present = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    if only is not None:
        present &= only
    fields = [f.column for f in model._meta.concrete_fields if f.column in present]
    columns = ", ".join(connection.ops.quote_name(c) for c in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


def _write_landed_rows(apps: Any) -> dict[str, Any]:
    """One or more rows of every moved model, plus an indicator and an observation that
    point at them, written through the historical (performance) models."""

    def model(name: str) -> Any:
        return apps.get_model("performance", name)

    Partnership = apps.get_model("partnerships", "Partnership")
    Body = apps.get_model("partnerships", "Body")
    partnership = Partnership.objects.create(slug="split-test", name="Split Test Partnership")
    body = Body.objects.create(partnership=partnership, slug="board", name="Board")

    force = model("Area").objects.create(level="force", code="testshire", name="Testshire")
    borough = model("Area").objects.create(
        level="borough", code="E09000999", name="Splitborough", parent=force
    )
    model("AreaPopulation").objects.create(area=borough, year=2019, count=12_345)
    parent = model("CrimeCategory").objects.create(
        name="Split crimes", slug="split-crimes", sort_order=900
    )
    child = model("CrimeCategory").objects.create(
        name="Split burglary", slug="split-burglary", parent=parent, sort_order=901
    )
    model("CategoryMapping").objects.create(
        source="mps",
        source_label="Split label",
        source_sublabel="Minor",
        category=child,
        valid_from=dt.date(2017, 4, 1),
        note="moved",
    )
    source = model("DataSource").objects.create(
        family="police.uk-street", scope="testshire", name="Street", publisher="Home Office"
    )
    run = model("ImportRun").objects.create(
        started_at=WHEN, finished_at=WHEN, actor_label="test", paths=["a.csv"], files=1
    )
    import_file = model("ImportFile").objects.create(
        run=run, source=source, name="a.csv", format="street", sha256="ab" * 32, size=10
    )
    model("SourceMonth").objects.create(
        source=source,
        month=dt.date(2017, 4, 1),
        revision=1,
        run=run,
        import_file=import_file,
        total=7,
        digest="cd" * 32,
    )
    model("CrimeCount").objects.create(
        month=dt.date(2017, 4, 1), category=child, area=borough, source=source, count=7
    )
    indicator = model("Indicator").objects.create(
        partnership=partnership,
        owner=body,
        name="Split burglary",
        polarity="lower_is_better",
        source="police",
        crime_category=child,
        area=borough,
        comparator_area=force,
    )
    model("Observation").objects.create(
        indicator=indicator,
        period=dt.date(2017, 4, 1),
        area=borough,
        value=Decimal("7.5"),
        entered_at=WHEN,
    )
    return {"indicator": indicator.pk, "borough": borough.pk, "force": force.pk, "child": child.pk}


@pytest.mark.django_db(transaction=True)
def test_moving_the_police_models_keeps_every_row(landed):
    ids = _write_landed_rows(landed)
    before = {m: _table_rows(m, f"performance_{m._meta.model_name}") for m in MOVED}
    with connection.cursor() as cursor:
        moved_columns = {
            m: {
                c.name
                for c in connection.introspection.get_table_description(
                    cursor, f"performance_{m._meta.model_name}"
                )
            }
            for m in MOVED
        }
    # the landed columns only: columns added since are not rows the split could lose
    landed_columns = {
        m: {f.column for f in landed.get_model("performance", m.__name__)._meta.concrete_fields}
        for m in (Indicator, Observation)
    }
    kept = {m: _table_rows(m, m._meta.db_table, only=landed_columns[m]) for m in landed_columns}
    assert all(before.values()) and all(kept.values())

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    tables = set(connection.introspection.table_names())
    for model, rows in before.items():
        assert model._meta.db_table == f"police_{model._meta.model_name}"
        assert f"performance_{model._meta.model_name}" not in tables
        got = _table_rows(model, model._meta.db_table, only=moved_columns[model])
        assert got == rows, model.__name__
    for model, rows in kept.items():
        got = _table_rows(model, model._meta.db_table, only=landed_columns[model])
        assert got == rows, model.__name__

    indicator = Indicator.objects.get(pk=ids["indicator"])
    assert isinstance(indicator.crime_category, CrimeCategory)
    assert indicator.crime_category.slug == "split-burglary"
    assert indicator.crime_category.parent.slug == "split-crimes"
    assert indicator.area.name == "Splitborough" and indicator.area.parent.code == "testshire"
    assert indicator.comparator_area.pk == ids["force"]
    observation = indicator.observations.get()
    assert isinstance(observation.area, Area) and observation.value == Decimal("7.5")
    assert observation.area.pk == ids["borough"]
    count = CrimeCount.objects.get(area_id=ids["borough"])
    assert (count.count, count.category.pk, count.source.scope) == (7, ids["child"], "testshire")
    revision = SourceMonth.objects.get(source=count.source)
    assert revision.import_file.run == revision.run and revision.run.paths == ["a.csv"]
    assert AreaPopulation.objects.get(area_id=ids["borough"]).count == 12_345
    mapping = CategoryMapping.objects.get(source_label="Split label")
    assert (mapping.category.pk, mapping.valid_from) == (ids["child"], dt.date(2017, 4, 1))
    assert list(Area.objects.get(pk=ids["borough"]).indicators.all()) == [indicator]
    assert list(ImportFile.objects.filter(run=revision.run)) == [revision.import_file]
    assert DataSource.objects.get(pk=count.source_id).import_files.count() == 1
    assert ImportRun.objects.filter(pk=revision.run_id).exists()

    # the id sequences carried over: new rows get fresh ids, never an existing one
    newest = max(Area.objects.values_list("pk", flat=True))
    assert Area.objects.create(level="ward", code="E05999999", name="New ward").pk > newest
    assert CrimeCategory.objects.create(name="New", slug="new-split").pk > ids["child"]
    # and a protected foreign key still protects: the database constraint followed the table
    with pytest.raises(IntegrityError):
        _delete_category_behind_the_orms_back(ids["child"])


def _delete_category_behind_the_orms_back(pk: int) -> None:
    """Delete a category counts still point at, in SQL (the ORM's PROTECT would refuse
    first), so that only the database's foreign key constraint can stop it."""
    table = connection.ops.quote_name(CrimeCategory._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
        connection.check_constraints()
