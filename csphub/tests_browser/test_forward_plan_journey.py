"""The forward plan (issue 12 part 4): the secretariat opens a body's forward plan, adds a
planned topic to the agenda in one press, and finds it on the meeting's agenda. Both pages
pass the accessibility check."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory
from csphub.strategy.tests.factories import ForwardPlanItemFactory

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser
TOPIC = "Priority 2: Violence Against Women and Girls (substantive discussion)"


def test_secretariat_puts_a_forward_plan_topic_on_the_agenda(page: Page, live_server):
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    board = BodyFactory(partnership=partnership, name="Safer Testshire Board", slug="board")
    day = dt.date.today() + dt.timedelta(days=40)
    meeting = MeetingFactory(body=board, date=day, status=Meeting.Status.SCHEDULED)
    AgendaItemFactory(meeting=meeting, title="Apologies for absence", position=1)
    year, quarter = (day.year if day.month >= 4 else day.year - 1), ((day.month - 4) % 12) // 3 + 1
    ForwardPlanItemFactory(
        body=board, meeting=meeting, title=TOPIC, year=year, quarter=quarter, source="strategy"
    )
    login_as(page.context, live_server, user_with_role(partnership, "secretariat"))
    visit(page, f"{live_server.url}/p/safer-testshire/strategy/forward-plan/board/")
    expect(page.locator("h1")).to_contain_text("Forward plan: Safer Testshire Board")
    assert_accessible(page)
    card = page.locator(f"#item-{meeting.forward_items.get().pk}")
    click_and_wait(page, card.get_by_role("button", name="Add to agenda"))
    expect(page.locator("main")).to_contain_text(f"“{TOPIC}” is on the agenda of")
    expect(card).to_contain_text("On the agenda")
    click_and_wait(page, page.get_by_role("link", name=f"The meeting of {day.day} {day:%B %Y}"))
    expect(page.locator("main")).to_contain_text(TOPIC)
    assert_accessible(page)
