"""The open data page and the API documentation: reached from the partnership's
navigation, accessible (axe), and holding nothing restricted for the public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from csphub.opendata.tests.conftest import CANARY, add_meeting
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory

from .conftest import assert_accessible, click_and_wait, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def open_partnership(transactional_db):
    partnership = PartnershipFactory(slug="safer-open", name="Safer Open Partnership")
    board = BodyFactory(partnership=partnership, slug="board", name="Safer Open Board")
    add_meeting(board, dt.date(2017, 12, 19))
    return partnership


def test_public_finds_the_open_data_page_and_api_docs(page, live_server, open_partnership):
    visit(page, live_server.url + reverse("partnerships:home", args=["safer-open"]))
    click_and_wait(page, page.get_by_role("link", name="Open data").first)
    assert page.locator("h1").inner_text() == "Open data"
    assert_accessible(page)
    assert "Open Government Licence v3.0" in page.inner_text("main")
    assert CANARY not in page.content()
    click_and_wait(page, page.get_by_role("link", name="API documentation"))
    assert page.locator("h1").inner_text() == "Open data API"
    assert_accessible(page)
    visit(page, live_server.url + "/api/v1/partnerships/safer-open/decisions")
    assert CANARY not in page.content()
