"""The update request cycle in the browser: the secretariat asks the owners of open actions
for updates, an owner answers through the e-mailed link without signing in, and the
Matters Arising paper for the meeting shows the update. An altered or expired link is
refused with a page that says what to do."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.actions.models import ActionUpdate, UpdateRequest
from csphub.actions.tests.update_world import build_world
from csphub.partnerships.tests.factories import PartnershipFactory

from .conftest import VIEWPORT, assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

UPDATE = "Hotspot map agreed with the police; patrols start in April."
ACTION_LINK = re.compile(r"(https?://\S+?/update/[^/\s]+/)(?!mine/)")


@pytest.fixture
def world(transactional_db, live_server, settings):
    # e-mailed links must point at the test server
    settings.CSPHUB_BASE_URL = live_server.url
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    world = build_world(partnership)
    return world, user_with_role(partnership, "secretariat")


def test_owner_answers_an_update_request_through_the_emailed_link(
    page: Page, browser: Browser, live_server, world
):
    world, secretariat = world
    login_as(page.context, live_server, secretariat)
    meeting_args = ["safer-testshire", "board", "2030-03-12"]

    # --- The secretariat previews, then sends, from the meeting page ---------------------
    visit(page, live_server.url + reverse("meetings:detail", args=meeting_args))
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="Request updates from action owners"))
    expect(page.locator("h1")).to_have_text("Request updates from action owners")
    recipients = page.get_by_role("table", name="Who will be e-mailed")
    expect(recipients).to_contain_text("Alice Owner")
    expect(recipients).to_contain_text("bob@testshire.police.uk")
    unreachable = page.locator("#unreachable ~ .csp-table-wrapper").first
    expect(unreachable).to_contain_text("Carol Nomail")
    expect(unreachable).to_contain_text("No e-mail address is recorded for them.")
    expect(unreachable).to_contain_text("Testshire Police")
    assert_accessible(page)
    assert not mail.outbox

    click_and_wait(page, page.get_by_role("button", name="Send 2 e-mails"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sent 2 e-mails for 3 actions."
    )
    expect(page.locator("main")).to_contain_text("Carol Nomail")
    assert_accessible(page)

    click_and_wait(page, page.get_by_role("link", name="Update requests sent so far").first)
    expect(page.locator("main table")).to_contain_text("Alice Owner")
    assert_accessible(page)

    # --- The e-mail: one per owner, each action with its own link ------------------------
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["alice@testshire.gov.uk"])
    assert message.subject == "Safer Testshire Board, 12 March 2030: please update your 2 actions"
    links = ACTION_LINK.findall(message.body)
    assert len(links) == 2
    link = links[0]  # "Map knife crime hotspots with the police"
    assert link.startswith(live_server.url + "/update/")

    # --- The owner opens it in a browser that has never signed in ------------------------
    owner_context = browser.new_context(locale="en-GB", viewport=VIEWPORT)
    owner_context.set_default_timeout(15_000)
    owner = owner_context.new_page()
    try:
        visit(owner, link)
        expect(owner.locator("h1")).to_have_text("Update your action")
        expect(owner.locator("#action-description")).to_have_text(
            "Map knife crime hotspots with the police"
        )
        expect(owner.locator("main")).not_to_contain_text("Report on hate crime")
        expect(owner.get_by_role("link", name="Sign in")).to_be_visible()  # not signed in
        assert_accessible(owner)

        # sending nothing: the error summary says what to do
        click_and_wait(owner, owner.get_by_role("button", name="Send update"))
        expect(owner.locator(".govuk-error-summary")).to_contain_text("Write your update.")
        assert owner.title().startswith("Error: ")
        assert_accessible(owner)

        owner.get_by_label("Your update").fill(UPDATE)
        owner.get_by_label("In progress").check()
        click_and_wait(owner, owner.get_by_role("button", name="Send update"))
        expect(owner.locator("h1")).to_have_text("Update sent")
        expect(owner.locator("#sent-update")).to_have_text(UPDATE)
        assert_accessible(owner)

        update = ActionUpdate.objects.get(action=world.a1, kind=ActionUpdate.Kind.UPDATE)
        assert update.text == UPDATE
        assert update.via_link
        assert update.author_person == world.alice
        assert update.proposed_status == "in_progress"

        click_and_wait(owner, owner.get_by_role("link", name="See all your open actions"))
        expect(owner.locator("h1")).to_have_text("Your open actions")
        expect(owner.locator("main")).to_contain_text("Report on hate crime reporting centres")
        expect(owner.locator("main")).to_contain_text(UPDATE)
        assert_accessible(owner)

        # --- An altered link: refused, with a page that says what to do ----------------
        altered = link[:-4] + ("AAA/" if not link.endswith("AAA/") else "BBB/")
        visit(owner, altered, status=404)
        expect(owner.locator("h1")).to_have_text("This link does not work")
        expect(owner.locator("main")).to_contain_text("copied the whole web address")
        assert_accessible(owner)

        # --- An expired link: refused, with the secretariat's contact details -----------
        UpdateRequest.objects.filter(person=world.alice).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        visit(owner, link, status=410)
        expect(owner.locator("h1")).to_have_text("This link has expired")
        expect(owner.locator("main")).to_contain_text("community.safety@testshire.gov.uk")
        assert_accessible(owner)
        assert ActionUpdate.objects.filter(kind=ActionUpdate.Kind.UPDATE).count() == 1
    finally:
        owner_context.close()

    # --- The Matters Arising paper for the meeting shows the update ----------------------
    visit(page, live_server.url + reverse("matters_arising:report", args=meeting_args))
    expect(page.locator("main")).to_contain_text("Map knife crime hotspots with the police")
    expect(page.locator("main")).to_contain_text(UPDATE)
    assert_accessible(page)

    # --- The secretariat withdraws Bob's links -------------------------------------------
    visit(page, live_server.url + reverse("action_links:list", args=["safer-testshire"]))
    row = page.locator("main tr", has_text="Bob Owner")
    click_and_wait(page, row.get_by_role("button", name=re.compile(r"^Withdraw")))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The links sent to Bob Owner no longer work."
    )
    expect(page.locator("main tr", has_text="Bob Owner")).to_contain_text("Withdrawn")
    assert_accessible(page)
    assert UpdateRequest.objects.get(person=world.bob).revoked_at is not None
