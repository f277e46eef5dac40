"""The action owner's loop in the browser (issue 11): the secretariat saves minutes whose
Action-by initials create the actions (and matches the initials that named two people),
asks the owners for updates, an owner proposes "Done" through the signed link in the
e-mail, and the secretariat accepts it with one click from Matters Arising.

CSPHUB_BASE_URL is left unset, so the e-mailed links must use the address the secretariat's
request came to: the live server's own host and port."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.actions.models import Action, ActionUpdate
from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
)

from .conftest import VIEWPORT, assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

ACTION_LINK = re.compile(r"(https?://\S+?/update/[^/\s]+/)(?!mine/)")
UPDATE = "The knife crime hotspot map is finished and shared with the police."


@pytest.fixture
def world(transactional_db, settings):
    settings.CSPHUB_BASE_URL = ""  # links from the request's own address
    partnership = PartnershipFactory(
        slug="safer-testshire",
        name="Safer Testshire Partnership",
        contact_email="community.safety@testshire.gov.uk",
    )
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    today = timezone.localdate()
    held = MeetingFactory(body=body, date=today - dt.timedelta(days=14), status=Meeting.Status.HELD)
    coming = MeetingFactory(
        body=body, date=today + dt.timedelta(days=28), status=Meeting.Status.AGENDA_PUBLISHED
    )
    AgendaItemFactory(
        meeting=coming, title="Matters arising", standing=AgendaItem.Standing.MATTERS_ARISING
    )
    council = OrganisationFactory(partnership=partnership, name="Testshire Council")

    def member(name, initials, email):
        return MembershipFactory(
            body=body,
            organisation=council,
            person__name=name,
            person__initials=initials,
            person__email=email,
            start=dt.date(2017, 1, 1),
        ).person

    laurie = member("Laurie Grasty", "LG", "laurie.grasty@testshire.gov.uk")
    member("Jane Smith", "JS", "jane.smith@testshire.gov.uk")
    member("John Stevens", "JS", "john.stevens@testshire.gov.uk")
    minute = MinuteFactory(meeting=held, number=180, title="Knife crime")
    secretariat = user_with_role(partnership, "secretariat")
    secretariat.email = "cso@testshire.gov.uk"
    secretariat.save()
    return {
        "held": held,
        "coming": coming,
        "minute": minute,
        "laurie": laurie,
        "secretariat": secretariat,
    }


def test_initials_to_actions_to_a_proposal_accepted_in_matters_arising(
    page: Page, browser: Browser, live_server, world
):
    login_as(page.context, live_server, world["secretariat"])
    held, coming = world["held"], world["coming"]
    held_args = ["safer-testshire", "board", held.date.isoformat()]
    coming_args = ["safer-testshire", "board", coming.date.isoformat()]

    # --- The secretariat types the Action-by initials on the minute ----------------------
    visit(
        page,
        live_server.url + reverse("meetings:minute_edit", args=[*held_args, world["minute"].pk]),
    )
    expect(page.locator("main")).to_contain_text("Saving creates one action for each group")
    assert_accessible(page)
    page.get_by_label("Action by (initials, e.g. LG/TG)").fill("LG; JS")
    click_and_wait(page, page.get_by_role("button", name="Save minute"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Minute 180 saved.")
    assert Action.objects.count() == 1, "LG made an action; JS names two people"

    # --- The action log shows the new action and the initials still to match ------------
    visit(page, live_server.url + reverse("actions:log", args=["safer-testshire"]))
    expect(page.locator("main")).to_contain_text("Knife crime")
    match_link = page.get_by_role(
        "link", name="1 Action by entry in the minutes needs matching to a person or organisation"
    )
    assert_accessible(page)
    click_and_wait(page, match_link)
    expect(page.locator("h1")).to_have_text("Initials to match")
    expect(page.locator("main")).to_contain_text("More than one match: Jane Smith, John Stevens.")
    assert_accessible(page)
    page.get_by_label("Who is JS?").select_option(label="Jane Smith (JS)")
    click_and_wait(page, page.get_by_role("button", name=re.compile("^Create the action")))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Action created for JS (minute 180)."
    )
    expect(page.locator("main")).to_contain_text("Jane Smith")
    assert_accessible(page)
    assert Action.objects.count() == 2

    # --- Request updates: both owners have an address, so Send is there ------------------
    visit(page, live_server.url + reverse("meetings:detail", args=coming_args))
    click_and_wait(page, page.get_by_role("link", name="Request updates from action owners"))
    click_and_wait(page, page.get_by_role("button", name="Send 2 e-mails"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sent 2 e-mails for 2 actions."
    )
    message = next(m for m in mail.outbox if m.to == ["laurie.grasty@testshire.gov.uk"])
    [link] = ACTION_LINK.findall(message.body)
    assert link.startswith(live_server.url + "/update/"), "the server's own address and port"
    expires = re.search(r"The links work until (.+)\.", message.body).group(1)
    reply_by = re.search(r"Please reply by (.+?)\.", message.body)
    if reply_by:  # never after the links stop working
        day = lambda text: dt.datetime.strptime(text, "%A %d %B %Y").date()  # noqa: E731
        assert day(reply_by.group(1)) <= day(expires)

    # --- The owner proposes Done through the link, without an account ------------------
    owner_context = browser.new_context(locale="en-GB", viewport=VIEWPORT)
    owner_context.set_default_timeout(15_000)
    owner = owner_context.new_page()
    try:
        visit(owner, link)
        expect(owner.locator("h1")).to_have_text("Update your action")
        expect(owner.locator("#action-description")).to_have_text("Knife crime")
        assert_accessible(owner)
        owner.get_by_label("Your update").fill(UPDATE)
        owner.get_by_label("Done", exact=True).check()
        click_and_wait(owner, owner.get_by_role("button", name="Send update"))
        expect(owner.locator("h1")).to_have_text("Update sent")
        assert_accessible(owner)
    finally:
        owner_context.close()
    action = Action.objects.get(owners__person=world["laurie"])
    assert action.status == "open", "a proposal does not change the status"

    # --- The secretariat's daily digest says an update arrived -------------------------
    call_command("send_update_digest", "safer-testshire", stdout=io.StringIO())
    digest = mail.outbox[-1]
    assert digest.to == ["cso@testshire.gov.uk", "community.safety@testshire.gov.uk"]
    assert UPDATE in digest.body and "Proposed status: Done (now Open)" in digest.body

    # --- Matters Arising shows the proposal; one click accepts it ----------------------
    visit(page, live_server.url + reverse("matters_arising:report", args=coming_args))
    line = page.locator(f"#action-{action.pk}")
    expect(line.locator(".govuk-summary-card__title")).to_contain_text("Done (proposed)")
    expect(line).to_contain_text("Laurie Grasty proposed: Done")
    expect(line).to_contain_text(UPDATE)
    assert_accessible(page)
    click_and_wait(page, line.get_by_role("button", name=re.compile("^Accept done")))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Accepted: the action is now done."
    )
    line = page.locator(f"#action-{action.pk}")
    expect(line.locator(".govuk-summary-card__title")).to_contain_text("Done")
    expect(line).not_to_contain_text("(proposed)")
    expect(line.get_by_role("button", name=re.compile("^Accept"))).to_have_count(0)
    assert_accessible(page)
    action.refresh_from_db()
    assert action.status == "done"
    accepted = action.updates.get(kind=ActionUpdate.Kind.UPDATE)
    assert accepted.proposal_decision == "accepted"

    # --- The action's own page tells the story -------------------------------------------
    visit(page, live_server.url + reverse("actions:detail", args=["safer-testshire", action.pk]))
    expect(page.locator("#action-status")).to_have_text(re.compile("Done"))
    expect(page.locator("main")).to_contain_text("Proposed status: Done (accepted")
    expect(page.locator("main")).to_contain_text("Accepted the status proposed by Laurie Grasty.")
    assert_accessible(page)
