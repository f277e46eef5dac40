"""The crime data pack page, with the real MPS borough figures, passes axe."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from csphub.partnerships.tests.factories import PartnershipFactory
from csphub.police.tests.factories import police_file

from .conftest import assert_accessible, visit

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
