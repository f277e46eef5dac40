"""Signing in through the form in a real browser: a good password works, and five wrong ones
bring up our lockout page (429), which passes the accessibility check like every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from csphub.accounts.tests.factories import user_with_role
from csphub.partnerships.tests.factories import PartnershipFactory

from .conftest import assert_accessible, click_and_wait, visit

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"  # the factories' password


def _submit(page: Page, username: str, password: str, *, status: int) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Sign in"), status=status)


def test_sign_in_then_lockout_page_is_accessible(page: Page, live_server):
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    user = user_with_role(partnership, "secretariat")
    login = f"{live_server.url}/accounts/login/"

    visit(page, login)
    assert_accessible(page)
    _submit(page, user.username, PASSWORD, status=200)  # to the home page
    assert "/accounts/login/" not in page.url
    click_and_wait(page, page.get_by_role("button", name="Sign out"))

    visit(page, login)
    for _ in range(4):
        _submit(page, user.username, "not-the-password-at-all", status=200)
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    _submit(page, user.username, "not-the-password-at-all", status=429)
    assert page.get_by_role("heading", level=1).inner_text() == "You cannot sign in at the moment"
    assert_accessible(page)
    page.get_by_role("link", name="try signing in again").click()
    page.wait_for_url(login)
    _submit(page, user.username, PASSWORD, status=429)  # still locked, right password or not
