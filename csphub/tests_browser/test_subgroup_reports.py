"""Sub-group reports in the browser (issue 12 part 3): the secretariat requests a report, the
sub-group lead opens the signed link from the e-mail and submits before the deadline, and
the report is the paper of the board's item on the public meeting page; a report whose
deadline has passed is accepted and shown as late. Every page passes axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import AgendaItemFactory
from csphub.partnerships.tests.factories import PartnershipFactory, PersonFactory
from csphub.reports import services
from csphub.reports.tests.factories import SYSTEM, build_world

from .conftest import VIEWPORT, assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

REPORT_LINK = re.compile(r"(https?://\S+?/report/[^/\s]+/)")


@pytest.fixture
def world(transactional_db, live_server, settings):
    settings.CSPHUB_BASE_URL = live_server.url  # e-mailed links point at the test server
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    world = build_world(
        partnership,
        date=timezone.localdate() + dt.timedelta(days=42),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )
    return world, user_with_role(partnership, "secretariat")


def _write_report(page: Page, operational: str) -> None:
    page.get_by_label("Operational Update").fill(operational)
    page.get_by_label("Strategic Group Update").fill("The sub-group's new chair starts in May.")
    page.get_by_label("Action for Safer Bromley Partnership").fill("Note the report.")


def test_lead_submits_through_the_emailed_link_and_a_late_one_is_marked(
    page: Page, browser: Browser, live_server, world
):
    world, secretariat = world
    args = ["safer-testshire", "board", world.meeting.date.isoformat()]
    login_as(page.context, live_server, secretariat)

    # --- The secretariat: the meeting page, the reports page, the pro-forma, a request -----
    visit(page, live_server.url + reverse("meetings:detail", args=args))
    click_and_wait(page, page.get_by_role("link", name="Sub-group reports"))
    expect(page.locator("h1")).to_have_text("Sub-group reports")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Change the pro-forma"))
    expect(page.get_by_label("Section 1 heading")).to_have_value("Operational Update")
    assert_accessible(page)
    page.go_back()
    click_and_wait(page, page.get_by_role("button", name="Request a report"))
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Send the request"))  # empty: errors
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who writes the report.")
    assert_accessible(page)
    page.get_by_label("Agenda item").select_option(label="Domestic Abuse Sub Group update")
    page.get_by_label("Author").select_option(
        label="Victoria Roberts (victoria.roberts@example.org)"
    )
    page.get_by_label("Sub-group").select_option(label="Domestic Abuse and VAWG Sub-group")
    click_and_wait(page, page.get_by_role("button", name="Send the request"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Victoria Roberts has been e-mailed a link to the report."
    )
    expect(page.locator("#report-requests")).to_contain_text("Not submitted")
    assert_accessible(page)

    # --- The lead, with no account, from the e-mail ----------------------------------------
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["victoria.roberts@example.org"]
    link = REPORT_LINK.search(message.body).group(1)
    lead = browser.new_context(locale="en-GB", viewport=VIEWPORT).new_page()
    visit(lead, link)
    expect(lead.locator("#deadline")).to_contain_text("Submit it by")
    assert_accessible(lead)
    click_and_wait(lead, lead.get_by_role("button", name="Submit the report"))  # empty
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Enter the Operational Update.")
    assert_accessible(lead)
    _write_report(lead, "The advocacy service took 38 new referrals this quarter.")
    click_and_wait(lead, lead.get_by_role("button", name="Submit the report"))
    expect(lead.locator("h1")).to_have_text("Report submitted")
    assert_accessible(lead)

    # --- The public meeting page: the report is the item's paper -----------------------------
    visit(lead, live_server.url + reverse("meetings:detail", args=args))
    item = lead.locator(f"#item-{world.item.pk}")
    expect(item).to_contain_text("Domestic Abuse and VAWG Sub-group report")
    expect(item).to_contain_text("Victoria Roberts")
    expect(item).not_to_contain_text("Late paper")
    assert_accessible(lead)

    # --- A second request whose deadline has passed: accepted, marked late ----------------
    late_item = AgendaItemFactory(
        meeting=world.meeting, parent=world.item.parent, title="ASB and Envirocrime update"
    )
    asb_lead = PersonFactory(
        partnership=world.partnership, name="Peter Sibley", email="peter.sibley@example.org"
    )
    services.report_request_create(
        actor=SYSTEM,
        item=late_item,
        author=asb_lead,
        title="ASB and Envirocrime Sub-group report",
        deadline=timezone.now() - dt.timedelta(days=1),
        base_url=live_server.url,
    )
    assert len(mail.outbox) == 2
    late_link = REPORT_LINK.search(mail.outbox[1].body).group(1)
    visit(lead, late_link)
    expect(lead.locator(".govuk-warning-text")).to_contain_text("marked as a late paper")
    assert_accessible(lead)
    _write_report(lead, "Graffiti and rubbish reports continue to fall.")
    click_and_wait(lead, lead.get_by_role("button", name="Submit the report"))
    expect(lead.locator("main")).to_contain_text("it is marked as a late paper")
    visit(lead, live_server.url + reverse("meetings:detail", args=args))
    expect(lead.locator(f"#item-{late_item.pk}")).to_contain_text("Late paper")

    # --- The secretariat sees who submitted, and when ---------------------------------------
    visit(page, live_server.url + reverse("reports:meeting", args=args))
    table = page.locator("#report-requests")
    expect(table).to_contain_text("Submitted on time")
    expect(table).to_contain_text("Submitted late")
    assert_accessible(page)
    lead.context.close()
