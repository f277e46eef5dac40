"""The secretariat records attendance in the browser: members listed chair first with their
post and organisation, "Mark everyone present" (a plain form button, no JavaScript needed),
one change to apologies, a substitute typed by name who was not yet a person, saved; the
meeting page then shows who was there, as what, and who chaired."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.audit.models import AuditEvent
from csphub.meetings.models import Attendance, Meeting
from csphub.meetings.tests.factories import MeetingFactory
from csphub.partnerships.models import Membership, Person
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

DAY = dt.date(2030, 3, 12)


@pytest.fixture
def setting(transactional_db):
    partnership = PartnershipFactory(slug="safer-testshire", name="Safer Testshire Partnership")
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    council = OrganisationFactory(
        partnership=partnership, name="Testshire Council", short_name="TC"
    )
    police = OrganisationFactory(partnership=partnership, name="Testshire Police", short_name="TP")

    def member(name, slug, org, post, role=Membership.Role.MEMBER):
        person = PersonFactory(partnership=partnership, name=name, slug=slug)
        MembershipFactory(body=body, person=person, organisation=org, post_title=post, role=role)
        return person

    people = {
        "chair": member(
            "Zara Leader", "zara", council, "Leader of the Council", Membership.Role.CHAIR
        ),
        "commander": member("Alan Commander", "alan", police, "Borough Commander"),
        "director": member("Beth Director", "beth", council, "Director of Housing"),
    }
    meeting = MeetingFactory(body=body, date=DAY, status=Meeting.Status.AGENDA_PUBLISHED)
    return partnership, meeting, people, user_with_role(partnership, "secretariat")


def test_secretariat_marks_everyone_present_and_adds_a_new_substitute(
    page: Page, live_server, setting
):
    partnership, meeting, people, user = setting
    login_as(page.context, live_server, user)
    detail = reverse("meetings:detail", args=[partnership.slug, "board", DAY.isoformat()])
    visit(page, live_server.url + detail)
    click_and_wait(page, page.get_by_role("link", name="Record attendance"))
    expect(page.locator("h1")).to_have_text("Record attendance")
    expect(page.locator(".govuk-breadcrumbs")).to_contain_text("Safer Testshire Board")
    assert_accessible(page)

    # Members in membership order, chair first, each with post, organisation and the tag
    rows = page.locator("#attendance-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Zara Leader")
    expect(rows.nth(0).locator(".govuk-tag")).to_have_text("Chair")
    expect(rows.nth(0)).to_contain_text("TC Leader of the Council")
    expect(rows.nth(1)).to_contain_text("Alan Commander")
    expect(rows.nth(1)).to_contain_text("TP Borough Commander")
    expect(rows.nth(1)).to_contain_text("Testshire Police")
    expect(rows.nth(2)).to_contain_text("Beth Director")

    # One button marks everyone present; it is a form button, so it works without scripts
    button = page.get_by_role("button", name="Mark everyone present")
    assert button.evaluate("b => b.form !== null && b.type === 'submit'")
    click_and_wait(page, button)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Every member not yet recorded is marked present"
    )
    for name in ("Zara Leader", "Alan Commander", "Beth Director"):
        expect(page.get_by_label(name, exact=True)).to_have_value("present")
    assert_accessible(page)

    # The commander sent apologies and a deputy nobody has recorded before came instead
    page.get_by_label("Alan Commander", exact=True).select_option(label="Apologies")
    new = page.get_by_role("group", name="A substitute who is not on the list")
    new.get_by_label("Full name").fill("Detective Inspector Sam Deputy")
    new.get_by_label("Attended in place of").select_option(label="Alan Commander")
    click_and_wait(page, page.get_by_role("button", name="Save attendance"))

    # Back on the meeting page: what the user sees
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")
    expect(page.locator("#meeting-status")).to_be_visible()
    section = page.locator("main")
    expect(section).to_contain_text("Zara Leader (TC Leader of the Council) (Chair)")
    expect(section).to_contain_text("Beth Director (TC Director of Housing)")
    expect(section).to_contain_text(
        "Detective Inspector Sam Deputy (TP), attended in place of Alan Commander"
    )
    apologies = page.locator("h3", has_text="Apologies").locator("xpath=following-sibling::ul[1]")
    expect(apologies).to_contain_text("Alan Commander (TP Borough Commander)")
    expect(page.locator("dl")).to_contain_text("Zara Leader")  # the Chair row
    assert_accessible(page)

    deputy = Person.objects.get(name="Detective Inspector Sam Deputy")
    assert AuditEvent.objects.filter(verb="person.create", object_id=str(deputy.pk)).exists()
    row = Attendance.objects.get(meeting=meeting, person=deputy)
    assert (row.status, row.role, row.substitute_for) == (
        "substitute",
        "substitute",
        people["commander"],
    )
