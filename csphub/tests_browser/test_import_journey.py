"""The secretariat imports old minutes in the browser: upload (or a draft already read),
correct one field beside the source text, match the people, commit after a confirmation
page, then find the meeting and its actions. Every page passes axe.

`test_upload_correct_commit_and_find_the_meeting` uploads a real .txt through the parser;
`test_review_match_and_commit_a_draft` drives the same screens from a hand-written draft."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.actions.models import Action
from csphub.importer.models import ImportDraft
from csphub.importer.tests.factories import BODY_NAME, FIXTURES, make_draft
from csphub.meetings.models import Meeting
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

UPLOAD = FIXTURES / "minutes_2017-12-19_short.txt"


@pytest.fixture
def setting(transactional_db):
    partnership = PartnershipFactory(slug="safer-bromley", name="Safer Bromley Partnership")
    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    return partnership, body, user_with_role(partnership, "secretariat")


def _match_and_commit(page: Page, body_name: str) -> None:
    """From the people page: every name not yet decided becomes a new person; commit into a
    new meeting of the body, through the confirmation page; axe on each page."""
    expect(page.locator("h1")).to_contain_text("Match people")
    assert_accessible(page)
    for select in page.locator("select.govuk-select").all():
        if select.input_value() == "":
            select.select_option(value="new")
    click_and_wait(page, page.get_by_role("button", name="Save and continue"))
    expect(page.locator("h1")).to_contain_text("Commit the minutes")
    assert_accessible(page)
    page.get_by_label("A new meeting").check()
    page.get_by_label("Body of the new meeting").select_option(label=body_name)
    page.get_by_label("No: the minutes are a draft").check()
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    expect(page.locator("h1")).to_contain_text("Commit these minutes?")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Commit"))
    expect(page.locator("h1")).to_contain_text("Minutes committed")
    assert_accessible(page)


def test_review_match_and_commit_a_draft(page: Page, live_server, setting):
    partnership, body, user = setting
    draft = make_draft(partnership, source_text=UPLOAD.read_text(encoding="utf-8") * 5)
    login_as(page.context, live_server, user)

    visit(page, live_server.url + reverse("importer:index", args=[partnership.slug]))
    expect(page.locator("h1")).to_have_text("Import documents")
    assert_accessible(page)
    # Uploading nothing is named in the error summary
    click_and_wait(page, page.get_by_role("button", name="Upload and read"), status=400)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a document to upload")
    assert_accessible(page)

    click_and_wait(page, page.get_by_role("link", name=draft.original_filename))
    expect(page.locator("h1")).to_contain_text("Check the draft")
    source_region = page.get_by_role("region", name="Source text")
    expect(source_region).to_have_attribute("tabindex", "0")
    expect(page.locator("#needs-review")).to_contain_text("Minute 176")
    expect(page.locator(".govuk-tag", has_text="Check").first).to_be_visible()
    assert_accessible(page)

    # Correct one field: the venue the parser did not find
    page.get_by_label("Venue").fill("Committee Room 1, Bromley Civic Centre")
    click_and_wait(page, page.get_by_role("button", name="Save and match people"))
    _match_and_commit(page, BODY_NAME)

    click_and_wait(page, page.get_by_role("link", name="Go to the meeting"))
    expect(page.locator("main")).to_contain_text("Committee Room 1, Bromley Civic Centre")
    assert_accessible(page)
    meeting = Meeting.objects.get(body=body, date=dt.date(2017, 12, 19))
    assert meeting.venue == "Committee Room 1, Bromley Civic Centre"
    assert Action.objects.filter(meeting=meeting).count() == 9
    page.go_back()
    click_and_wait(page, page.get_by_role("link", name="Minute 186b:"))
    expect(page.locator("main")).to_contain_text("Justin Brett")
    assert ImportDraft.objects.get().status == ImportDraft.Status.COMMITTED


def test_upload_correct_commit_and_find_the_meeting(page: Page, live_server, setting):
    partnership, body, user = setting
    login_as(page.context, live_server, user)
    visit(page, live_server.url + reverse("importer:index", args=[partnership.slug]))
    page.get_by_label("Upload a document").set_input_files(str(UPLOAD))
    click_and_wait(page, page.get_by_role("button", name="Upload and read"))
    expect(page.locator("h1")).to_contain_text("Check the draft")
    expect(page.get_by_role("region", name="Source text")).to_contain_text("RESILIENCE UPDATE")
    assert_accessible(page)
    page.get_by_label("Venue").fill("Committee Room 1, Bromley Civic Centre")
    click_and_wait(page, page.get_by_role("button", name="Save and match people"))
    _match_and_commit(page, BODY_NAME)
    click_and_wait(page, page.get_by_role("link", name="Go to the meeting"))
    assert_accessible(page)
    meeting = Meeting.objects.get(body=body, date=dt.date(2017, 12, 19))
    assert meeting.venue == "Committee Room 1, Bromley Civic Centre"
    assert meeting.minutes.filter(number=180).exists()
    assert Action.objects.filter(meeting=meeting, minute__number=181).exists()
