"""A secretariat officer runs one meeting from start to finish in the browser: schedule it,
build and publish the agenda, take attendance, mark it held, write and publish the minutes,
then approve them at the next meeting, after which they are locked.

Both meetings are in the past (issue 11): a meeting can be marked held only once it has
started, and minutes are approved only at a later meeting that has itself been held. Each
status change goes through its confirmation page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings import services
from csphub.meetings.models import Meeting, Minute
from csphub.partnerships.models import Membership
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

FIRST = dt.date(2025, 3, 11)
SECOND = dt.date(2025, 6, 10)
OPEN_ITEM = "Serious youth violence: partnership response"
RESTRICTED_ITEM = "Operation Sceptre: targeted enforcement"
DISCUSSION = "The Board heard that knife crime among under-25s had fallen by 12 per cent."
RESOLUTION = "RESOLVED that the youth violence update be noted."


@pytest.fixture
def setting(transactional_db):
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    council = OrganisationFactory(partnership=partnership, name="Testshire Council")
    police = OrganisationFactory(partnership=partnership, name="Testshire Police")

    def member(name: str, slug: str, org, role=Membership.Role.MEMBER):
        person = PersonFactory(partnership=partnership, name=name, slug=slug)
        MembershipFactory(body=body, person=person, organisation=org, role=role)
        return person

    people = {
        "chair": member("Alice Chairwoman", "alice", council, Membership.Role.CHAIR),
        "present": member("Bob Present", "bob", council),
        "apologies": member("Carol Apologies", "carol", police),
        "absent": member("Dan Absent", "dan", police),
        # not a member of the body: attends as Dan's substitute
        "deputy": PersonFactory(partnership=partnership, name="Erin Deputy", slug="erin"),
    }
    user = user_with_role(partnership, "secretariat")
    return partnership, body, people, user


def _schedule(page: Page, live_server, partnership, body, day: dt.date, venue: str) -> None:
    """From the body page, schedule a meeting through the form; land on its agenda editor."""
    visit(page, live_server.url + reverse("partnerships:body", args=[partnership.slug, body.slug]))
    assert_accessible(page)
    new_url = reverse("meetings:new", args=[partnership.slug, body.slug])
    link = page.locator(f'main a[href="{new_url}"]')
    expect(link.first).to_be_visible()
    click_and_wait(page, link.first)
    expect(page.locator("h1")).to_have_text("Schedule a meeting")
    when = page.get_by_role("group", name="Date of meeting")  # GOV.UK day, month, year
    when.get_by_label("Day").fill(str(day.day))
    when.get_by_label("Month").fill(str(day.month))
    when.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Venue").fill(venue)
    click_and_wait(page, page.locator("main form").get_by_role("button", name="Save"))
    expect(page.locator("h1")).to_have_text("Edit the agenda")
    assert page.url.endswith(f"/{day.isoformat()}/manage/agenda/"), page.url


def _meeting_page(page: Page) -> None:
    click_and_wait(page, page.get_by_role("link", name="Back to the meeting"))
    assert_accessible(page)


def _status_button(page: Page, name: str, status_text: str) -> None:
    """The button on the meeting page opens the "Are you sure" page; its button does it."""
    click_and_wait(page, page.get_by_role("button", name=name, exact=True))
    expect(page.locator("h1")).to_contain_text("Are you sure")
    expect(page.locator(".govuk-warning-text").first).to_be_visible()
    assert_accessible(page)
    click_and_wait(page, page.locator("main form").get_by_role("button", name=name, exact=True))
    expect(page.locator("#meeting-status")).to_have_text(status_text)
    assert_accessible(page)


def test_secretariat_runs_a_meeting_from_schedule_to_approved_minutes(
    page: Page, live_server, setting
):
    partnership, body, people, user = setting
    login_as(page.context, live_server, user)

    # --- Schedule: the form in its error state first, then properly -------------------
    visit(page, live_server.url + reverse("partnerships:body", args=[partnership.slug, body.slug]))
    assert_accessible(page)
    new_url = reverse("meetings:new", args=[partnership.slug, body.slug])
    click_and_wait(page, page.locator(f'main a[href="{new_url}"]').first)
    assert_accessible(page)
    click_and_wait(page, page.locator("main form").get_by_role("button", name="Save"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    assert page.title().startswith("Error: "), page.title()
    assert_accessible(page)

    _schedule(page, live_server, partnership, body, FIRST, "Committee Room 2, Town Hall")
    assert_accessible(page)
    meeting = Meeting.objects.get(body=body, date=FIRST)
    assert meeting.venue == "Committee Room 2, Town Hall"
    assert meeting.start_time == dt.time(10, 0)

    # --- Agenda: an open item, a restricted one, and the second made a sub-item ----------
    form = page.locator("main form").filter(has=page.get_by_role("button", name="Add item"))
    form.get_by_label("Title").fill(OPEN_ITEM)
    form.get_by_label("Presenter").fill("Chief Inspector Lee")
    click_and_wait(page, form.get_by_role("button", name="Add item"))
    expect(page.locator("main table")).to_contain_text(OPEN_ITEM)

    form = page.locator("main form").filter(has=page.get_by_role("button", name="Add item"))
    form.get_by_label("Title").fill(RESTRICTED_ITEM)
    form.get_by_label("Restricted item").check()
    form.get_by_label("Reason it is restricted").select_option("para-7")
    click_and_wait(page, form.get_by_role("button", name="Add item"))
    row = page.locator("main tr", has_text=RESTRICTED_ITEM)
    expect(row).to_contain_text("Restricted")
    expect(row).to_contain_text("paragraph 7 of Schedule 12A")

    click_and_wait(page, row.get_by_role("button", name=re.compile(r"^Make sub-item")))
    parent_label = page.locator("main tr", has_text=OPEN_ITEM).locator("td").first.inner_text()
    sub_label = (
        page.locator("main tr", has_text=RESTRICTED_ITEM).locator("td").first.inner_text().strip()
    )
    assert re.fullmatch(r"\d+a", sub_label), f"sub-item numbered {sub_label!r}, expected e.g. 6a"
    assert sub_label == f"{parent_label.strip()}a"
    assert_accessible(page)

    # --- Publish the agenda from the meeting page -------------------------------------
    _meeting_page(page)
    # the meeting is past, so once published it reads as awaiting its minutes
    _status_button(page, "Publish agenda", "Awaiting minutes")
    agenda = page.locator("#agenda ~ ol.csp-agenda").first
    expect(agenda).to_contain_text(OPEN_ITEM)
    expect(agenda).to_contain_text(f"{sub_label} {RESTRICTED_ITEM}")

    # --- Attendance: present, apologies, a substitute for an absent member, the chair -----
    click_and_wait(page, page.get_by_role("link", name="Record attendance"))
    assert_accessible(page)
    page.get_by_label("Add someone else").select_option(label="Erin Deputy")
    click_and_wait(page, page.get_by_role("button", name="Add to the list"))
    expect(page.locator("main table")).to_contain_text("Erin Deputy")

    def status_for(name: str):
        return page.get_by_label(name, exact=True)

    status_for("Alice Chairwoman").select_option(label="Present")
    status_for("Bob Present").select_option(label="Present")
    status_for("Carol Apologies").select_option(label="Apologies")
    status_for("Dan Absent").select_option(label="Absent")
    status_for("Erin Deputy").select_option(label="Substitute")
    page.get_by_label("Chair of this meeting").select_option(label="Alice Chairwoman")
    # Substitute without saying for whom: the form says what is wrong
    click_and_wait(page, page.get_by_role("button", name="Save attendance"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose whom Erin Deputy attended in place of"
    )
    assert_accessible(page)
    page.get_by_label("Erin Deputy attended in place of").select_option(label="Dan Absent")
    click_and_wait(page, page.get_by_role("button", name="Save attendance"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")
    assert_accessible(page)
    meeting.refresh_from_db()
    assert meeting.chair == people["chair"]
    rows = {a.person.slug: a for a in meeting.attendance.select_related("person")}
    assert rows["alice"].status == "present"
    assert rows["bob"].status == "present"
    assert rows["carol"].status == "apologies"
    assert rows["dan"].status == "absent"
    assert rows["erin"].status == "substitute"
    assert rows["erin"].substitute_for == people["absent"]

    # --- Held -------------------------------------------------------------------------
    _status_button(page, "Mark as held", "Held")

    # --- Minutes: start from the agenda, write one, add a resolution -------------------
    click_and_wait(
        page, page.locator(".csp-manage").get_by_role("link", name="Minutes", exact=True)
    )
    expect(page.locator("h1")).to_have_text("Minutes")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Start minutes from the agenda"))
    minute_section = page.locator("section.csp-minute-record", has_text=OPEN_ITEM)
    expect(minute_section).to_be_visible()
    expect(page.locator("section.csp-minute-record", has_text=RESTRICTED_ITEM)).to_contain_text(
        "paragraph 7 of Schedule 12A"
    )
    assert_accessible(page)

    click_and_wait(page, minute_section.get_by_role("link", name=re.compile(r"^Edit")))
    assert_accessible(page)
    minute_form = page.locator("main form").filter(
        has=page.get_by_role("button", name="Save minute")
    )
    minute_form.get_by_label("Discussion").fill(DISCUSSION)
    click_and_wait(page, minute_form.get_by_role("button", name="Save minute"))
    expect(page.locator("section.csp-minute-record", has_text=OPEN_ITEM)).to_contain_text(
        DISCUSSION
    )

    minute_section = page.locator("section.csp-minute-record", has_text=OPEN_ITEM)
    click_and_wait(page, minute_section.get_by_role("link", name=re.compile(r"^Edit")))
    resolution_form = page.locator("main form").filter(
        has=page.get_by_role("button", name="Add resolution")
    )
    resolution_form.get_by_label("Resolution").fill(RESOLUTION)
    click_and_wait(page, resolution_form.get_by_role("button", name="Add resolution"))
    expect(page.locator("main ol")).to_contain_text(RESOLUTION)
    assert_accessible(page)
    minute = Minute.objects.get(meeting=meeting, title=OPEN_ITEM)
    assert minute.text == DISCUSSION
    assert [r.text for r in minute.resolutions.all()] == [RESOLUTION]

    # --- Publish the draft minutes ---------------------------------------------------
    click_and_wait(page, page.get_by_role("link", name="Back to the minutes"))
    _meeting_page(page)
    _status_button(page, "Publish draft minutes", "Draft minutes published")
    expect(page.locator("#minutes ~ .csp-minutes").first).to_contain_text(RESOLUTION)

    # --- The next meeting, where the minutes are approved -----------------------------
    _schedule(page, live_server, partnership, body, SECOND, "Committee Room 2, Town Hall")
    _meeting_page(page)
    _status_button(page, "Publish agenda", "Awaiting minutes")
    _status_button(page, "Mark as held", "Held")
    first_url = reverse("meetings:detail", args=[partnership.slug, body.slug, FIRST.isoformat()])
    visit(page, live_server.url + first_url)
    click_and_wait(
        page, page.locator(".csp-manage").get_by_role("link", name="Minutes", exact=True)
    )
    click_and_wait(page, page.get_by_role("button", name="Approve minutes"))
    expect(page.locator("h1")).to_have_text("Are you sure you want to approve the minutes?")
    assert_accessible(page)
    page.get_by_label("10 June 2025").check()
    click_and_wait(page, page.get_by_role("button", name="Approve and lock minutes"))
    assert page.url == live_server.url + first_url, page.url
    expect(page.locator("#meeting-status")).to_have_text("Minutes approved")
    expect(page.locator("main")).to_contain_text("Minutes approved at the meeting on")
    assert_accessible(page)

    # Locked: corrections only, no editing
    minutes_area = page.locator("#minutes ~ .csp-minutes").first
    expect(minutes_area.get_by_role("link", name=re.compile(r"^Edit"))).to_have_count(0)
    expect(
        minutes_area.get_by_role("link", name=re.compile(r"^Record a correction")).first
    ).to_be_visible()
    click_and_wait(
        page, page.locator(".csp-manage").get_by_role("link", name="Minutes", exact=True)
    )
    expect(page.locator("main").get_by_role("link", name=re.compile(r"^Edit"))).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Start minutes from the agenda")
    assert_accessible(page)
    correction = page.locator("section.csp-minute-record", has_text=OPEN_ITEM).get_by_role(
        "link", name=re.compile(r"^Record a correction")
    )
    click_and_wait(page, correction)
    assert_accessible(page)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.approved_at_meeting == Meeting.objects.get(body=body, date=SECOND)
    minute.refresh_from_db()
    with pytest.raises(ValidationError):
        services.minute_update(actor=user, minute=minute, data={"text": "Rewritten afterwards."})
    minute.refresh_from_db()
    assert minute.text == DISCUSSION
