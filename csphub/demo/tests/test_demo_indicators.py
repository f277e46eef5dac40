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
    # 24 numbered indicators; number 16 (hate crime) is four strands, as the report gives it
    assert indicators.count() == 27
    assert sorted({i.number for i in indicators}) == list(range(1, 25))
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
    assert Observation.objects.filter(indicator__partnership=barking).count() == 23


def test_reoffending_is_rated_against_london_and_england_and_wales(barking):
    figures = {f.indicator.name: f for f in ind.indicator_figures(barking, dt.date(2017, 7, 1))}
    reoffending = figures["Proportion of adults and juveniles who reoffend"]
    assert reoffending.further == [("England and Wales", 24.8)]
    assert reoffending.rag == "green"  # in line with both averages (seed 004: good performance)
    assert reoffending.comparators_text == "London 24.9%; England and Wales 24.8%"


def test_hate_crime_strands_carry_the_rolling_12_months_to_june_2017(barking):
    figures = ind.indicator_figures(barking, dt.date(2017, 7, 1))
    strands = {f.indicator.name: f for f in figures if f.indicator.number == 16}
    assert set(strands) == {
        "Hate crime reported: racist",
        "Hate crime reported: faith",
        "Hate crime reported: Islamophobic",
        "Hate crime reported: sexual orientation (homophobic)",
    }
    racist = strands["Hate crime reported: racist"]
    assert (racist.comparison.current, racist.comparison.change) == (370, 51)
    assert racist.comparison.change_pct == 16.0 and racist.comparator_change_pct == 24.0
    assert racist.period_text == "12 months to June 2017"
    assert racist.performance == "370, up 16.0% (up 51 crimes), 12 months to June 2017"
    assert round(strands["Hate crime reported: faith"].comparison.change_pct) == 28
    assert strands["Hate crime reported: Islamophobic"].comparison.change_pct == 40.0
    assert all(f.rag_text == "For monitoring" for f in strands.values())
