"""The crime data pack page, with the real MPS borough figures, passes axe."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from csphub.partnerships.tests.factories import PartnershipFactory
from csphub.police.tests.factories import police_file

from .conftest import assert_accessible, click_and_wait, visit

pytestmark = pytest.mark.browser


def test_pack_page_is_accessible(page, live_server):
    vintage = police_file("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
    population = police_file("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")
    call_command("import_police", str(vintage), str(population), stdout=io.StringIO())
    PartnershipFactory(
        slug="barking-dagenham",
        name="Barking and Dagenham Community Safety Partnership",
        council="London Borough of Barking and Dagenham",
    )
    page.set_default_navigation_timeout(90_000)  # six charts drawn on the first request
    visit(page, f"{live_server.url}/p/barking-dagenham/crime-pack/?to=2017-07")
    assert page.get_by_role("heading", name="Executive summary").is_visible()
    assert page.get_by_text("Burglary is up 27.9% (up 113 offences)").first.is_visible()
    assert page.locator("svg").count() >= 1
    assert_accessible(page)


def _import_extract() -> None:
    """The demo's shipped police extract: borough figures to December 2018, wards to March
    2018 (no ../shared needed)."""
    from csphub.demo.police_extract import BOROUGH_HISTORIC, BOROUGH_RECENT, EXTRACT_DIR, WARD

    paths = [str(EXTRACT_DIR / name) for name in (BOROUGH_HISTORIC, BOROUGH_RECENT, WARD)]
    call_command("import_police", *paths, stdout=io.StringIO())


def test_the_period_chooser_opens_on_march_2018_and_shows_july_2017(page, live_server):
    _import_extract()
    PartnershipFactory(
        slug="barking-dagenham",
        name="Barking and Dagenham Community Safety Partnership",
        council="London Borough of Barking and Dagenham",
    )
    page.set_default_navigation_timeout(90_000)
    visit(page, f"{live_server.url}/p/barking-dagenham/crime-pack/")
    month = page.get_by_label("Month", exact=True)
    assert month.input_value() == "2018-03"  # the ward data ends in March 2018
    assert page.get_by_text("March 2018 is the latest month for which every source").is_visible()
    assert_accessible(page)

    month.select_option("2017-07")
    click_and_wait(page, page.get_by_role("button", name="Show"))
    assert "to=2017-07" in page.url
    assert page.get_by_label("Month", exact=True).input_value() == "2017-07"
    assert page.get_by_text("Burglary is up 27.9% (up 113 offences)").first.is_visible()
    hotspots = page.get_by_role("table", name="Wards with the most crime")
    assert hotspots.is_visible()

    visit(page, f"{live_server.url}/p/barking-dagenham/crime-pack/?to=2019-06")
    assert page.get_by_text("No police data has been loaded for Barking and Dagenham").is_visible()
    assert_accessible(page)


def test_the_indicators_page_has_the_same_chooser(page, live_server):
    _import_extract()
    PartnershipFactory(
        slug="barking-dagenham",
        name="Barking and Dagenham Community Safety Partnership",
        council="London Borough of Barking and Dagenham",
    )
    visit(page, f"{live_server.url}/p/barking-dagenham/performance/indicators/")
    assert page.get_by_label("Month", exact=True).input_value() == "2018-03"
    page.get_by_label("Month", exact=True).select_option("2017-07")
    click_and_wait(page, page.get_by_role("button", name="Show"))
    assert page.get_by_label("Month", exact=True).input_value() == "2017-07"
    assert_accessible(page)
