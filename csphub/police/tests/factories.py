"""Factories and helpers for performance data tests.

Built directly (not through the import service) so that tests of queries can make a few
counts quickly; import tests go through the service with the real files in ../shared.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import unicodedata
from pathlib import Path

import factory
import pytest

from csphub.audit.actors import SystemActor
from csphub.conftest import SEEDS
from csphub.police.models import (
    Area,
    AreaPopulation,
    CategoryMapping,
    CrimeCategory,
    CrimeCount,
    DataSource,
    ImportFile,
    ImportRun,
    LsoaCountSet,
    SourceMonth,
)
from csphub.police.packing import unpack

POLICE_DATA = SEEDS.parent / "data" / "police"
"""../shared/data/police: real police open data (see its SOURCES.md)."""

ACTOR = SystemActor(label="test import")


def police_file(*parts: str) -> Path:
    """A path under ../shared/data/police, or skip the test when the folder is absent."""
    if not POLICE_DATA.is_dir():
        pytest.skip(
            f"The police open data is not at {POLICE_DATA}: clone ../shared beside the project "
            "to run the import tests against the real files."
        )
    path = POLICE_DATA.joinpath(*parts)
    assert path.exists(), f"{path} is missing from ../shared/data/police"
    return path


def street_month(force: str, month: str) -> Path:
    return police_file("data.police.uk", "street", force, month, f"{month}-{force}-street.csv")


def street_rows(paths) -> list[dict]:
    """An independent recount of street-level CSVs with the csv module: every row, with a
    Crime ID repeated within a month counted once, in the row that has an LSOA (the lowest
    code), then the first crime type alphabetically. Blank Crime IDs are all counted."""
    rows, repeated = [], {}
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if not row["Crime ID"]:
                    rows.append(row)
                    continue
                key = (row["Month"], row["Crime ID"])
                rank = (row["LSOA code"] == "", row["LSOA code"], row["Crime type"])
                if key not in repeated or rank < repeated[key][0]:
                    repeated[key] = (rank, row)
    return rows + [row for _rank, row in repeated.values()]


def copy_to(tmp_path: Path, source: Path, name: str | None = None) -> Path:
    target = tmp_path / (name or source.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def head_of(source: Path, target: Path, lines: int) -> Path:
    """The first ``lines`` lines (header included) of a real file, for a quick test."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as read, target.open("wb") as out:
        for _ in range(lines):
            line = read.readline()
            if not line:
                break
            out.write(line)
    return target


COUNT_FIELDS = [
    "month",
    "category__slug",
    "category__parent__slug",
    "area__level",
    "area__code",
    "area__name",
    "area__parent__code",
    "source__family",
    "source__scope",
    "count",
]


def count_rows(**filters) -> list[dict]:
    """Every count held, one dict of :data:`COUNT_FIELDS` each, whether in the count table or
    (LSOAs) in a packed set, filtered as ``CrimeCount.objects.filter`` would filter them:
    tests of the import check the figures, not where they are kept."""
    rows = list(CrimeCount.objects.filter(**filters).values(*COUNT_FIELDS))
    on_area = {k: v for k, v in filters.items() if k == "area" or k.startswith("area__")}
    on_set = {k: v for k, v in filters.items() if k not in on_area}
    area_filters = {k.removeprefix("area__"): v for k, v in on_area.items() if k != "area"}
    if "area" in on_area:
        area_filters["pk"] = getattr(on_area["area"], "pk", on_area["area"])
    lsoas = {
        a["pk"]: a
        for a in Area.objects.filter(**area_filters)
        .filter(level=Area.Level.LSOA)
        .values("pk", "level", "code", "name", "parent__code")
    }
    if not lsoas:
        return rows
    sets = LsoaCountSet.objects.filter(**on_set).values_list(
        "month", "category__slug", "category__parent__slug", "source__family", "source__scope",
        "areas", "counts",
    )  # fmt: skip
    for month, slug, parent_slug, family, scope, areas, counts in sets:
        for pk, n in zip(*(a.tolist() for a in unpack(areas, counts)), strict=True):
            area = lsoas.get(pk)
            if area is not None:
                rows.append(
                    dict(
                        zip(
                            COUNT_FIELDS,
                            [month, slug, parent_slug, area["level"], area["code"], area["name"],
                             area["parent__code"], family, scope, n],
                            strict=True,
                        )
                    )
                )  # fmt: skip
    return rows


def counted(**filters) -> int:
    """The counts held that match ``filters`` (see :func:`count_rows`), added up."""
    return sum(row["count"] for row in count_rows(**filters))


def messy_texts(seed: int, first: list[str]) -> list[str]:
    """``first``, then 20,000 short random strings of every Unicode space separator, other
    white space, accents, combining marks, emoji and zero-width characters: values to show
    that a SQL expression for cleaning text agrees with DuckDB's own trim on anything."""
    spaces = [chr(c) for c in range(0x3001) if unicodedata.category(chr(c)) == "Zs"]
    pool = [*spaces, "\u3000", *" \t\r\nabcXYZ019-_,.'\"", "é", "\u0301", "😀", "\u200b", "\ufeff"]
    rng = random.Random(seed)
    return first + [
        "".join(rng.choice(pool) for _ in range(rng.randint(1, 6))) for _ in range(20000)
    ]


def snapshot() -> dict:
    """Everything an import can write, to show that a failed import wrote nothing."""
    from csphub.audit.models import AuditEvent

    return {
        "areas": sorted(Area.objects.values_list("level", "code", "name", "parent__code")),
        "counts": sorted(
            (r["month"], r["category__slug"], r["area__code"], r["source__scope"], r["count"])
            for r in count_rows()
        ),
        "populations": AreaPopulation.objects.count(),
        "sources": DataSource.objects.count(),
        "runs": ImportRun.objects.count(),
        "files": ImportFile.objects.count(),
        "revisions": SourceMonth.objects.count(),
        "mappings": CategoryMapping.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def category(slug: str) -> CrimeCategory:
    """A category from the seeded tree (the data migration creates them)."""
    return CrimeCategory.objects.get(slug=slug)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("level", "code")

    level = Area.Level.BOROUGH
    code = factory.Sequence(lambda n: f"E0990{n:04d}")
    name = factory.Sequence(lambda n: f"Testborough {n}")


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSource
        django_get_or_create = ("family", "scope")

    family = DataSource.Family.STREET
    scope = "testshire"
    name = "data.police.uk street-level crime: Testshire Police"
    publisher = "Home Office (data.police.uk)"


class CrimeCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrimeCount

    month = dt.date(2017, 4, 1)
    category = factory.LazyFunction(lambda: category("burglary"))
    area = factory.SubFactory(AreaFactory)
    source = factory.SubFactory(DataSourceFactory)
    count = 1
