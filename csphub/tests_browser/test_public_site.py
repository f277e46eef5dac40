"""A resident finds a partnership's business on its public website without signing in:
the calendar, one body's meetings, a meeting's decisions and attendance, the decisions
register searched by words, and attendance statistics. Nothing restricted shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from csphub.meetings.models import Attendance, Meeting
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PartnershipFactory,
    PersonFactory,
)

from .conftest import assert_accessible, click_and_wait, visit

pytestmark = pytest.mark.browser
CANARY = "CANARY-5e02c1"


@pytest.fixture
def business(transactional_db):
    partnership = PartnershipFactory(slug="safer-public", name="Safer Public Partnership")
    board = BodyFactory(partnership=partnership, slug="board", name="Safer Public Board")
    group = BodyFactory(partnership=partnership, slug="asb", name="ASB Group", kind="subgroup")
    march = MeetingFactory(
        body=board, date=dt.date(2018, 3, 26), status=Meeting.Status.MINUTES_APPROVED
    )
    MeetingFactory(body=group, date=dt.date(2018, 2, 5), status=Meeting.Status.MINUTES_APPROVED)
    minute = MinuteFactory(meeting=march, number=190, title="Night-time economy")
    ResolutionFactory(minute=minute, text="RESOLVED that the night-time economy plan be adopted")
    ResolutionFactory(
        minute=MinuteFactory(meeting=march, number=191, title="Budget"),
        text="RESOLVED that the budget be approved",
    )
    secret = AgendaItemFactory(
        meeting=march, title=f"Item {CANARY}", is_restricted=True, restricted_reason="para-7"
    )
    PaperFactory(item=secret, title=f"Paper {CANARY}", security_marking="RESTRICTED")
    ResolutionFactory(
        minute=MinuteFactory(
            meeting=march,
            item=secret,
            number=192,
            title=f"Minute {CANARY}",
            text=f"Text {CANARY}",
            is_restricted=True,
            restricted_reason="para-7",
        ),
        text=f"RESOLVED that {CANARY} economy",
    )
    ann = PersonFactory(partnership=partnership, name="Ann Attender")
    MembershipFactory(body=board, person=ann, start=dt.date(2017, 1, 1))
    AttendanceFactory(meeting=march, person=ann, status=Attendance.Status.PRESENT)
    return partnership


def no_canary(page: Page) -> None:
    assert CANARY not in page.content(), f"restricted content on {page.url}"


def test_a_resident_follows_the_partnerships_business(page: Page, live_server, business):
    visit(page, f"{live_server.url}/p/safer-public/")
    click_and_wait(page, page.get_by_role("link", name="Meetings", exact=True))
    assert page.url.endswith("/p/safer-public/meetings/")
    expect(page.locator("main")).to_contain_text("ASB Group")
    assert_accessible(page)
    no_canary(page)

    page.get_by_label("Body").select_option(label="Safer Public Board")
    click_and_wait(page, page.get_by_role("button", name="Show meetings"))
    assert "body=board" in page.url
    expect(page.locator("main table")).not_to_contain_text("ASB Group")
    assert_accessible(page)

    click_and_wait(page, page.get_by_role("link", name=re.compile(r"^Monday 26 March 2018")))
    expect(page.locator("main")).to_contain_text("RESOLVED that the budget be approved")
    expect(page.locator("main")).to_contain_text("Ann Attender")
    assert_accessible(page)
    no_canary(page)

    click_and_wait(page, page.get_by_role("link", name="Decisions", exact=True))
    expect(page.locator("main")).to_contain_text("Showing 1 to 2 of 2 decisions.")
    assert_accessible(page)
    no_canary(page)
    page.get_by_label("Words in the decision").fill("economy")
    click_and_wait(page, page.get_by_role("button", name="Show decisions"))
    expect(page.locator("main")).to_contain_text("Showing 1 to 1 of 1 decision.")
    expect(page.locator("main")).to_contain_text("night-time economy plan be adopted")
    assert_accessible(page)
    no_canary(page)

    click_and_wait(page, page.get_by_role("link", name="Attendance at meetings"))
    expect(page.locator("h1")).to_have_text("Attendance in 2018")
    expect(page.locator("#body-board ~ .csp-table-wrapper").first).to_contain_text("100.0%")
    assert_accessible(page)
    no_canary(page)
