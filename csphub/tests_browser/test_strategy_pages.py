"""The Bromley strategy 2020-2023 (demo, seed 003): a visitor follows Strategy from the
navigation to the strategy, a priority and its progress report; the secretariat's strategy
and priority pages, with their editing controls. Each page passes the accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.demo.loader import FIXTURES, load_fixture

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser


@pytest.fixture
def bromley(transactional_db):
    partnership = load_fixture(FIXTURES / "safer-bromley.yaml")
    assert partnership is not None
    return partnership


def test_public_reads_the_strategy_and_a_priority_progress(page: Page, live_server, bromley):
    visit(page, f"{live_server.url}/p/safer-bromley/")
    click_and_wait(page, page.get_by_role("link", name="Strategy", exact=True))
    assert_accessible(page)
    click_and_wait(
        page, page.get_by_role("link", name="Bromley Community Safety Partnership Strategy")
    )
    expect(page.locator("main")).to_contain_text("Q2 (July to September)")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Progress against priority 2"))
    expect(page.locator("h1")).to_contain_text("Violence Against Women and Girls")
    assert_accessible(page)


def test_secretariat_strategy_and_priority_pages(page: Page, live_server, bromley):
    login_as(page.context, live_server, user_with_role(bromley, "secretariat"))
    visit(page, f"{live_server.url}/p/safer-bromley/strategy/2020-2023/")
    expect(page.locator("main")).to_contain_text("Refresh the strategy")
    assert_accessible(page)
    visit(page, f"{live_server.url}/p/safer-bromley/strategy/2020-2023/priorities/2/")
    expect(page.get_by_role("button", name="Move down commitment 1")).to_be_visible()
    assert_accessible(page)
