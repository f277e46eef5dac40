"""A member's own view (issue 11), as the demo sets it up: a board member of Barking and
Dagenham signs in through the form, finds "Your home" in the navigation and the panel on the
partnership's home page, and sees their next meeting, its papers (the Part 2 paper only when
cleared) and their open actions. Every page passes axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from csphub.core.formats import long_date
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.demo.members import ensure_member_homes, next_meeting_date
from csphub.demo.users import DEMO_PASSWORD, ensure_demo_users
from csphub.partnerships.models import Person

from .conftest import assert_accessible, click_and_wait, visit

pytestmark = pytest.mark.browser

SLUG = "barking-dagenham"


@pytest.fixture
def demo(transactional_db):
    partnership = load_fixture(FIXTURES / "barking-dagenham.yaml")
    ensure_demo_users()
    ensure_member_homes()
    return partnership


def _sign_in(page: Page, live_server, username: str) -> None:
    visit(page, f"{live_server.url}/accounts/login/?next=/p/{SLUG}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))


def test_a_member_finds_their_meetings_papers_and_actions(page: Page, live_server, demo):
    person = Person.objects.get(partnership=demo, user__username=f"{SLUG}-member")
    when = long_date(next_meeting_date(timezone.localdate()))

    _sign_in(page, live_server, f"{SLUG}-member")

    # The partnership's home page: a panel of their own, with their next meeting
    assert page.url.endswith(f"/p/{SLUG}/")
    panel = page.locator("#member-panel")
    assert panel.get_by_role("heading", name="Your home").is_visible()
    assert panel.get_by_text(f"Signed in as {person.display_name}").is_visible()
    assert panel.get_by_role(
        "link", name=f"Community Safety Partnership Board, {when}"
    ).is_visible()
    assert_accessible(page)

    # "Your home" in the navigation
    nav = page.get_by_role("navigation", name="Menu")
    if not nav.get_by_role("link", name="Your home").is_visible():
        page.get_by_role("button", name="Menu").click()  # folded up on a narrow screen
    click_and_wait(page, nav.get_by_role("link", name="Your home"))
    assert page.get_by_role("heading", level=1).inner_text().endswith("Your home")
    assert page.get_by_text(person.display_name, exact=False).first.is_visible()

    next_meeting = page.locator("#next-meetings + .csp-member-meeting")
    assert next_meeting.get_by_role(
        "link", name=f"Community Safety Partnership Board: {when}"
    ).is_visible()
    assert page.get_by_text("Performance report: crime and disorder indicators").is_visible()
    assert page.get_by_text("Police operational update").count() == 0  # not cleared

    actions = page.get_by_role("table", name="Your open actions")
    assert actions.is_visible()
    assert actions.locator("tbody tr").count() >= 1
    assert page.get_by_role("heading", name="Your attendance").is_visible()
    assert_accessible(page)

    # The action opens from their home
    first = actions.locator("tbody tr").first.get_by_role("link").first
    title = first.inner_text()
    click_and_wait(page, first)
    assert page.get_by_role("heading", level=1).inner_text().strip()
    assert title[:30] in page.content()


def test_a_cleared_member_sees_the_part_2_paper(page: Page, live_server, demo):
    _sign_in(page, live_server, f"{SLUG}-cleared")
    visit(page, f"{live_server.url}/p/{SLUG}/your-home/")
    assert page.get_by_text("Police operational update").is_visible()
    assert page.get_by_text("OFFICIAL-SENSITIVE").first.is_visible()
    assert_accessible(page)
