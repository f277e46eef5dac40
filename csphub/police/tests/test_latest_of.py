"""The latest month of a set of areas, LSOAs among them (their counts are in packed sets,
decision 0035): the same month as asking each area, in a number of queries that does not
grow with the areas asked about."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csphub.police import selectors, services
from csphub.police.models import Area, LsoaCountSet

from .factories import ACTOR, count_rows, street_month

pytestmark = pytest.mark.django_db

FORCE = "city-of-london"


@pytest.fixture
def two_months():
    services.police_import(
        actor=ACTOR, paths=[street_month(FORCE, "2023-01"), street_month(FORCE, "2023-02")]
    )


def _one_by_one(ids: list[int]) -> dt.date | None:
    """The slow way: each area's own last month."""
    areas = Area.objects.filter(pk__in=ids)
    return max(filter(None, (selectors.month_range(a)[1] for a in areas)), default=None)


def _queries(ids: list[int]) -> tuple[dt.date | None, int]:
    with CaptureQueriesContext(connection) as queries:
        found = selectors.latest_of(ids)
    return found, len(queries)


def test_lsoas_latest_month_in_queries_that_do_not_grow_with_them(two_months):
    lsoas = list(Area.objects.filter(level="lsoa").order_by("code").values_list("pk", flat=True))
    assert len(lsoas) > 5 and LsoaCountSet.objects.exists()

    one, few = _queries(lsoas[:1])
    every, many = _queries(lsoas)

    assert one == _one_by_one(lsoas[:1]) and every == _one_by_one(lsoas)
    assert every == dt.date(2023, 2, 1)
    assert few == many <= 3


def test_an_lsoa_counted_only_in_an_earlier_month_gives_that_month(two_months):
    rows = count_rows(area__level="lsoa")
    by_lsoa: dict[str, set[dt.date]] = {}
    for row in rows:
        by_lsoa.setdefault(row["area__code"], set()).add(row["month"])
    early = sorted(code for code, months in by_lsoa.items() if max(months).month == 1)
    if not early:
        pytest.skip("every LSOA of the two real months has a count in February")
    lsoa = Area.objects.get(level="lsoa", code=early[0])
    assert selectors.latest_of([lsoa.pk]) == dt.date(2023, 1, 1)


def test_areas_of_other_levels_and_lsoas_together(two_months):
    force = Area.objects.get(level="force", code=FORCE)
    lsoa = Area.objects.filter(level="lsoa").first()
    assert selectors.latest_of([force.pk, lsoa.pk]) == _one_by_one([force.pk, lsoa.pk])
    assert selectors.latest_of([]) is None
