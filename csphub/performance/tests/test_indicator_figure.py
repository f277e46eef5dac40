"""One indicator's page computes one indicator's figure, the same as the list gives it."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance import figures, services
from csphub.performance import figures as ind
from csphub.performance.models import Indicator
from csphub.police.models import AreaPopulation, CrimeCategory, CrimeCount
from csphub.police.tests.factories import AreaFactory, CrimeCountFactory

pytestmark = pytest.mark.django_db

SHOWN = (
    "to",
    "performance",
    "rag",
    "target_text",
    "comparator_text",
    "rate_text",
    "area_name",
    "months_present",
    "months_expected",
    "population_note",
)


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="safer-borough", name="Safer Borough")


def _world(partnership, users, body, n: int) -> list[Indicator]:
    """``n`` police indicators, each with its own area and counts (so the whole list reads
    more areas the more indicators there are), one without an area (the partnership's),
    and a manual one with observations and a population."""
    actor = users["secretariat"]
    slugs = list(
        CrimeCategory.objects.filter(parent__isnull=False).values_list("slug", flat=True)[:n]
    )
    made = []
    for i, slug in enumerate(slugs):
        area = AreaFactory(code=f"E0990{i:04d}", name=f"Area {i}")
        AreaPopulation.objects.get_or_create(area=area, year=2017, defaults={"count": 100_000})
        category = CrimeCategory.objects.get(slug=slug)
        for month, count in ((dt.date(2017, 4, 1), 10 + i), (dt.date(2016, 4, 1), 5)):
            CrimeCountFactory(area=area, month=month, category=category, count=count)
        made.append(
            services.indicator_create(
                actor=actor,
                partnership=partnership,
                name=f"Police {slug}",
                owner=body,
                polarity="lower_is_better",
                source="police",
                crime_category=category,
                area=area,
                denominator="population",
            )  # fmt: skip
        )
    made.append(
        services.indicator_create(
            actor=actor,
            partnership=partnership,
            name="Police, partnership area",
            owner=body,
            polarity="lower_is_better",
            source="police",
            crime_category=CrimeCategory.objects.get(slug=slugs[0]),
        )  # fmt: skip
    )
    manual = services.indicator_create(
        actor=actor, partnership=partnership, name="First time entrants", owner=body,
        polarity="lower_is_better", annual_target=120, denominator="age_band", age_band="10-17",
        denominator_population=20_000,
    )  # fmt: skip
    for month, value in (("2016-04", 9), ("2017-04", 12), ("2017-05", 7)):
        services.observation_record(
            actor=actor, indicator=manual, period=dt.date.fromisoformat(month + "-01"), value=value
        )
    return [*made, manual]


def _clear() -> None:
    Indicator.objects.all().delete()
    CrimeCount.objects.all().delete()


@pytest.mark.parametrize("to", [None, dt.date(2017, 4, 1)])
def test_one_figure_is_the_lists_figure(partnership, users, body, to):
    indicators = _world(partnership, users, body, 4)
    listed = {f.indicator.pk: f for f in ind.indicator_figures(partnership, to)}
    for indicator in indicators:
        one = ind.indicator_figure(partnership, indicator, to)
        for name in SHOWN:
            assert getattr(one, name) == getattr(listed[indicator.pk], name), (indicator, name)


def _detail_cost(client, partnership, users, body, n: int) -> tuple[int, int]:
    indicator = _world(partnership, users, body, n)[0]
    url = reverse("performance:indicator", args=[partnership.slug, indicator.pk])
    client.get(url)
    with (
        mock.patch.object(figures, "figure_for", wraps=figures.figure_for) as computed,
        CaptureQueriesContext(connection) as ctx,
    ):
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries), computed.call_count


def test_the_page_does_not_grow_with_the_number_of_indicators(client, partnership, users, body):
    few_queries, few_figures = _detail_cost(client, partnership, users, body, 2)
    _clear()
    many_queries, many_figures = _detail_cost(client, partnership, users, body, 8)
    assert few_figures == many_figures == 1
    assert few_queries == many_queries


def test_the_whole_list_still_grows_with_its_areas(partnership, users, body):
    """The control: the list reads each indicator's own area, so the page's constant cost
    above is the single figure's doing, not a fixture without areas."""
    _world(partnership, users, body, 2)
    with CaptureQueriesContext(connection) as few:
        ind.indicator_figures(partnership)
    _clear()
    _world(partnership, users, body, 6)
    with CaptureQueriesContext(connection) as many:
        ind.indicator_figures(partnership)
    assert len(many.captured_queries) > len(few.captured_queries)
