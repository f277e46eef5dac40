"""The pure rules that put a pack's provenance into words: population year, vintage, ward
boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csphub.police import provenance as p


@pytest.mark.parametrize(
    ("to", "year"),
    [(date(2017, 7, 1), 2017), (date(2018, 3, 1), 2017), (date(2018, 4, 1), 2018)],
)
def test_the_population_year_is_the_financial_years_own(to, year):
    assert p.population_year_for(to) == year


def test_the_estimate_for_the_periods_year_wins_else_the_nearest_else_the_earlier():
    assert p.nearest_year([2016, 2017, 2019], 2017) == 2017
    assert p.nearest_year([2019, 2020], 2017) == 2019  # the demo: mid-2019 for 2017/18
    assert p.nearest_year([2015, 2019], 2017) == 2015  # equally near: the earlier
    assert p.nearest_year([2011, 2019], 2021) == 2019
    assert p.nearest_year([], 2017) is None


@given(st.sets(st.integers(1990, 2040), min_size=1), st.integers(1990, 2040))
def test_no_available_year_is_nearer_than_the_one_chosen(years, wanted):
    chosen = p.nearest_year(years, wanted)
    assert chosen in years
    assert all(abs(y - wanted) >= abs(chosen - wanted) for y in years)
    if wanted in years:
        assert chosen == wanted


def test_population_text_says_when_it_is_not_the_periods_year():
    own = p.population_text(area="Bromley", year=2017, wanted=2017, count=330_000)
    assert own == "Population: ONS mid-2017 estimate for Bromley, all ages, 330,000."
    near = p.population_text(area="Bromley", year=2019, wanted=2017, count=332_336)
    assert near.endswith(
        "(the nearest available to mid-2017; no mid-2017 estimate has been imported)."
    )
    none = p.population_text(area="Bromley", year=None, wanted=2017, count=None)
    assert "no estimate for Bromley" in none


def test_source_text_names_publisher_level_and_vintage():
    text = p.source_text(
        ["Metropolitan Police Service (London Datastore)"], "mps-borough", ["2019-01"]
    )
    assert text == (
        "Metropolitan Police Service, London Datastore, borough level, published January "
        "2019; figures are revised after publication"
    )
    two = p.source_text(
        ["Home Office (data.police.uk)"], "police.uk-street", ["2016-03", "2015-12"]
    )
    assert "published December 2015 and March 2016" in two
    unknown = p.source_text(["X"], "mps-borough", [], [date(2024, 5, 3)])
    assert "publication date not recorded (imported 3 May 2024)" in unknown


def test_boundaries_text_for_2017_on_a_2026_ward_file_says_may_2022_wards():
    text = p.boundaries_text(
        level="ward",
        family="mps-ward",
        vintages=["2026-04"],
        period_start=date(2017, 4, 1),
        period_end=date(2017, 7, 1),
    )
    assert text.startswith("Ward boundaries: the May 2022 wards")
    assert "not the wards in force in April to July 2017" in text
    same = p.boundaries_text(
        level="ward",
        family="mps-ward",
        vintages=["2018-04"],
        period_start=date(2017, 4, 1),
        period_end=date(2017, 7, 1),
    )
    assert same == (
        "Ward boundaries: the wards in force when the ward file was published (April 2018), "
        "which are those of April to July 2017."
    )
    assert (
        p.boundaries_text(
            level=None,
            family=None,
            vintages=[],
            period_start=date(2017, 4, 1),
            period_end=date(2017, 7, 1),
        )
        == ""
    )
