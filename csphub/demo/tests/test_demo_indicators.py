"""Barking and Dagenham's indicators from the Performance Call Over report (seed 004)."""

import datetime as dt

import pytest

from csphub.demo.loader import FIXTURES, fixture_paths, load_fixture
from csphub.performance import figures as ind
from csphub.performance.models import Indicator, Observation


@pytest.fixture
def barking(db):
    return load_fixture(FIXTURES / "barking-dagenham.yaml")


def test_indicators_file_is_not_a_partnership_fixture():
    assert FIXTURES / "barking-dagenham-indicators.yaml" not in fixture_paths()


def test_all_24_indicators_load_by_subgroup(barking):
    indicators = Indicator.objects.filter(partnership=barking)
    assert indicators.count() == 24
    by_number = {i.number: i for i in indicators.select_related("owner", "crime_category")}
    assert by_number[2].owner.slug == "safer-borough"
    assert by_number[2].crime_category.name == "Burglary"
    # the report's "Criminal Damage" is the MPS major category, which includes arson
    assert by_number[3].crime_category.name == "Criminal damage and arson"
    assert by_number[22].crime_category.name == "Sexual offences"
    assert {i.number for i in indicators if i.polarity == "monitor"} >= {16, 20, 22}
    fte = by_number[7]
    assert (fte.denominator, fte.age_band, fte.rate_per) == ("age_band", "10-17", 100000)
    assert fte.denominator_population == 20489  # 134 is 654 per 100,000 (seed 004)
    assert by_number[20].denominator == "population" and by_number[20].rate_per == 1000
    assert by_number[21].annual_target == 28


def test_seed_figures_give_the_reported_changes(barking):
    figures = {f.indicator.number: f for f in ind.indicator_figures(barking, dt.date(2017, 7, 1))}
    asb = figures[4].comparison
    assert (asb.current, asb.change) == (2276, -72)
    assert figures[4].rag == "green"
    knife = figures[8].comparison
    assert (knife.current, knife.change, knife.change_pct) == (163, 55, 50.9)
    assert figures[8].rag == "red"
    assert figures[9].comparison.change_pct == -7.2
    assert figures[11].comparison.change == 7
    assert figures[20].comparison.current == 895 and figures[20].rag_text == "For monitoring"
    assert figures[21].comparison.current == 17.1 and figures[21].rag == "red"
    assert figures[12].comparator_value == 24.9
    assert figures[7].rate_text == "654 per 100,000 10-17 year olds"
    assert Observation.objects.filter(indicator__partnership=barking).count() == 15
