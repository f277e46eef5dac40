"""Issue 11, the meeting cycle in the browser: a secretariat officer schedules a meeting from
the Meetings tab, publishes its agenda through the confirmation page and reads the notice it
gave, marks a past meeting held, and approves earlier minutes at that held meeting. Each
page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.core.formats import long_date
from csphub.meetings import deadlines
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

EARLIER = dt.date(2025, 9, 18)  # draft minutes, to be approved
PAST = dt.date(2025, 11, 20)  # agenda published, took place: not yet marked held


@pytest.fixture
def setting(transactional_db):
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    earlier = MeetingFactory(body=body, date=EARLIER, status=Meeting.Status.DRAFT_MINUTES)
    MinuteFactory(meeting=earlier, number=175, title="Apologies for absence")
    MeetingFactory(body=body, date=PAST, status=Meeting.Status.AGENDA_PUBLISHED)
    user = user_with_role(partnership, "secretariat")
    return partnership, body, user


def _fill_date(page: Page, day: dt.date) -> None:
    """The meeting date, in whichever date field the form has (GOV.UK day/month/year boxes
    or a single date box)."""
    form = page.locator("main form")
    if form.get_by_label("Day", exact=True).count():
        form.get_by_label("Day", exact=True).fill(str(day.day))
        form.get_by_label("Month", exact=True).fill(str(day.month))
        form.get_by_label("Year", exact=True).fill(str(day.year))
    else:
        form.get_by_label("Date", exact=True).fill(day.isoformat())


def _confirm(page: Page, button: str) -> None:
    """On an "Are you sure" page: check it, then press its button."""
    expect(page.locator("h1")).to_contain_text("Are you sure")
    expect(page.locator(".govuk-warning-text").first).to_be_visible()
    assert_accessible(page)
    click_and_wait(page, page.locator("main form").get_by_role("button", name=button, exact=True))


def test_schedule_publish_hold_and_approve(page: Page, live_server, setting):
    partnership, body, user = setting
    login_as(page.context, live_server, user)
    day = timezone.localdate() + dt.timedelta(days=28)

    # --- Schedule from the Meetings tab --------------------------------------------------
    visit(page, live_server.url + reverse("partnerships:home", args=[partnership.slug]))
    click_and_wait(page, page.get_by_role("navigation").get_by_role("link", name="Meetings"))
    click_and_wait(page, page.get_by_role("button", name="Schedule a meeting"))
    expect(page.locator("h1")).to_have_text("Schedule a meeting")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Continue"))  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the body the meeting is for"
    )
    assert_accessible(page)
    page.get_by_label(body.name).check()
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    crumbs = page.locator(".govuk-breadcrumbs")
    expect(crumbs).to_contain_text("Meetings")
    expect(crumbs).to_contain_text(body.name)
    assert_accessible(page)
    _fill_date(page, day)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Venue").fill("Committee Room 2, Town Hall")
    click_and_wait(page, page.locator("main form").get_by_role("button", name="Save"))
    expect(page.locator("h1")).to_have_text("Edit the agenda")
    # the standing item names the meeting whose minutes will be approved
    expect(page.locator("main")).to_contain_text(
        f"Minutes of the previous meeting held on {long_date(PAST)}"
    )
    assert_accessible(page)

    # --- Publish the agenda: the notice before and after ---------------------------------
    click_and_wait(page, page.get_by_role("link", name="Back to the meeting"))
    click_and_wait(page, page.get_by_role("button", name="Publish agenda", exact=True))
    before = deadlines.notice_message(timezone.now(), day, 5, before=True)
    expect(page.locator(".govuk-summary-list")).to_contain_text(before)
    _confirm(page, "Publish agenda")
    after = deadlines.notice_message(timezone.now(), day, 5)
    assert after.startswith("Published with ") and after.endswith("(5 required).")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(after)
    expect(page.locator("#meeting-status")).to_have_text("Agenda published")
    assert_accessible(page)
    scheduled = Meeting.objects.get(body=body, date=day)
    assert scheduled.status == Meeting.Status.AGENDA_PUBLISHED and scheduled.agenda_notice_met
    # it has not started: it cannot be marked held
    expect(page.get_by_role("button", name="Mark as held")).to_have_count(0)

    # --- Mark the past meeting held ------------------------------------------------------
    past_url = reverse("meetings:detail", args=[partnership.slug, body.slug, PAST.isoformat()])
    visit(page, live_server.url + past_url)
    expect(page.locator("#meeting-status")).to_have_text("Awaiting minutes")
    expect(page.get_by_role("link", name="Ask a question for this meeting")).to_have_count(0)
    click_and_wait(page, page.get_by_role("button", name="Mark as held", exact=True))
    _confirm(page, "Mark as held")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Meeting marked as held")
    expect(page.locator("#meeting-status")).to_have_text("Held")
    assert_accessible(page)

    # --- Approve the earlier minutes at the held meeting ---------------------------------
    earlier_url = reverse(
        "meetings:detail", args=[partnership.slug, body.slug, EARLIER.isoformat()]
    )
    visit(page, live_server.url + earlier_url)
    click_and_wait(
        page, page.locator(".csp-manage").get_by_role("link", name="Minutes", exact=True)
    )
    click_and_wait(page, page.get_by_role("button", name="Approve minutes"))
    radios = page.locator("main input[type=radio]")
    expect(radios).to_have_count(1)  # the held meeting only, not the future one
    page.get_by_label(f"{PAST.day} {PAST:%B %Y}").check()
    _confirm(page, "Approve and lock minutes")
    expect(page.locator("#meeting-status")).to_have_text("Minutes approved")
    expect(page.locator("main")).to_contain_text(
        f"Minutes approved at the meeting on {long_date(PAST)}"
    )
    assert_accessible(page)
    earlier = Meeting.objects.get(body=body, date=EARLIER)
    assert earlier.minutes_locked and earlier.approved_at_meeting.date == PAST
