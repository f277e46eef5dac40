"""Someone searches a partnership's records, follows a result to the minute, and never
finds a restricted minute; the secretariat searching the same words does."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def records(transactional_db):
    partnership = PartnershipFactory(slug="safer-search", name="Safer Search Partnership")
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Search Board")
    meeting = MeetingFactory(
        body=body, date=dt.date(2017, 12, 19), status=Meeting.Status.MINUTES_APPROVED
    )
    MinuteFactory(
        meeting=meeting, number=183, title="Community Payback", text="Ms Baxter will report."
    )
    MinuteFactory(
        meeting=meeting,
        number=184,
        title="Exempt matter",
        text="Ms Baxter named the operation Nightjar.",
        is_restricted=True,
        restricted_reason="para-7",
    )
    return partnership


def test_search_and_follow_a_result(page: Page, live_server, records):
    visit(page, f"{live_server.url}/p/safer-search/")
    click_and_wait(page, page.get_by_role("link", name="Search", exact=True))
    assert_accessible(page)
    page.get_by_label("Search for").fill("baxter")
    click_and_wait(page, page.get_by_role("button", name="Search"))
    expect(page.locator("main")).to_contain_text("Showing 1 to 1 of 1 result.")
    expect(page.locator("main mark").first).to_have_text("Baxter")
    expect(page.locator("main")).not_to_contain_text("Nightjar")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="183 Community Payback"))
    assert "/p/safer-search/meetings/board/2017-12-19/#minute-" in page.url

    login_as(page.context, live_server, user_with_role(records, "secretariat"))
    visit(page, f"{live_server.url}/p/safer-search/search/?q=baxter")
    expect(page.locator("main")).to_contain_text("of 2 results")
    expect(page.locator("main")).to_contain_text("Nightjar")
