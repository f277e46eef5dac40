"""The member's home (issue 11): their next meetings with the papers they may open, their
open actions (their own and their organisation's), their attendance; signed-in only; the
number of queries does not grow with what there is to show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from csphub.actions.models import Action
from csphub.actions.tests.factories import ActionFactory, ActionOwnerFactory
from csphub.meetings.models import Attendance, Meeting
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
)
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def _world(partnership, user, *, meetings=1, papers=1, actions=1):
    """A board the user's person sits on (for an organisation), with meetings ahead."""
    today = timezone.localdate()
    first = not BodyFactory._meta.model.objects.filter(partnership=partnership).exists()
    suffix = "" if first else f" {user.pk}"
    body = BodyFactory(partnership=partnership, name=f"Safer Testshire Board{suffix}")
    organisation = OrganisationFactory(partnership=partnership, name=f"Testshire Police{suffix}")
    person = PersonFactory(partnership=partnership, name=f"Laurie Grasty{suffix}", user=user)
    MembershipFactory(body=body, person=person, organisation=organisation)
    ahead = []
    for n in range(meetings):
        meeting = MeetingFactory(body=body, date=today + dt.timedelta(days=10 + 7 * n))
        item = AgendaItemFactory(meeting=meeting, title=f"Performance {n}")
        for p in range(papers):
            PaperFactory(item=item, title=f"Public report {n}.{p}")
        secret = AgendaItemFactory(
            meeting=meeting, title="Exempt item", is_restricted=True, restricted_reason="para-7"
        )
        PaperFactory(item=secret, title=f"Part 2 report {n}", security_marking="RESTRICTED")
        ahead.append(meeting)
    for n in range(actions):
        ActionOwnerFactory(
            action=ActionFactory(body=body, description=f"My own action {n}"), person=person
        )
        ActionOwnerFactory(
            action=ActionFactory(body=body, description=f"Police action {n}"),
            person=None,
            organisation=organisation,
        )
    past = MeetingFactory(
        body=body, date=today - dt.timedelta(days=30), status=Meeting.Status.MINUTES_APPROVED
    )
    AttendanceFactory(meeting=past, person=person, status=Attendance.Status.PRESENT)
    return {"body": body, "person": person, "meetings": ahead, "organisation": organisation}


def _home(client, partnership):
    return client.get(reverse("members:home", args=[partnership.slug]))


def test_the_home_shows_next_meetings_papers_actions_and_attendance(client, partnership, users):
    world = _world(partnership, users["member"])
    other_body = BodyFactory(partnership=partnership, name="Another Group")
    MeetingFactory(body=other_body, date=timezone.localdate() + dt.timedelta(days=3))
    someone_else = PersonFactory(partnership=partnership)
    ActionOwnerFactory(
        action=ActionFactory(body=world["body"], description="Not mine"), person=someone_else
    )
    ActionOwnerFactory(
        action=ActionFactory(
            body=world["body"], description="Done already", status=Action.Status.DONE
        ),
        person=world["person"],
    )
    client.force_login(users["member"])

    html = _home(client, partnership).content.decode()

    assert "Your home" in html
    assert "Laurie Grasty" in html and "Testshire Police" in html
    assert "Safer Testshire Board" in html
    assert "Another Group" not in html  # not a body they sit on
    assert "Public report 0.0" in html
    assert "My own action 0" in html
    assert "Police action 0" in html  # owned by their organisation
    assert "Not mine" not in html
    assert "Done already" not in html
    assert "You were present at 1 of the 1 meeting" in html


def test_restricted_papers_only_for_the_cleared(client, partnership, users):
    _world(partnership, users["member"])
    client.force_login(users["member"])
    assert "Part 2 report 0" not in _home(client, partnership).content.decode()

    cleared = users["cleared"]
    other = PersonFactory(partnership=partnership, user=cleared)
    body = BodyFactory(partnership=partnership)
    MembershipFactory(body=body, person=other)
    meeting = MeetingFactory(body=body, date=timezone.localdate() + dt.timedelta(days=5))
    secret = AgendaItemFactory(meeting=meeting, is_restricted=True, restricted_reason="para-7")
    PaperFactory(item=secret, title="Cleared Part 2 paper", security_marking="RESTRICTED")
    client.force_login(cleared)
    html = _home(client, partnership).content.decode()
    assert "Cleared Part 2 paper" in html
    assert "RESTRICTED" in html


def test_papers_of_an_unpublished_agenda_are_not_shown(client, partnership, users):
    world = _world(partnership, users["member"])
    Meeting.objects.filter(pk=world["meetings"][0].pk).update(status=Meeting.Status.SCHEDULED)
    client.force_login(users["member"])
    html = _home(client, partnership).content.decode()
    assert "Public report 0.0" not in html
    assert "The agenda has not been published yet." in html


def test_anonymous_visitors_are_asked_to_sign_in(client, partnership):
    response = _home(client, partnership)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_unlinked_account_is_told_why_its_home_is_empty(client, partnership, users):
    _world(partnership, users["member"])
    client.force_login(users["outsider"])
    html = _home(client, partnership).content.decode()
    assert "not linked to a person" in html
    assert "My own action 0" not in html


def test_a_person_of_another_partnership_shows_nothing_here(
    client, partnership, other_partnership, users
):
    _world(other_partnership, users["member"])
    client.force_login(users["member"])
    html = _home(client, partnership).content.decode()
    assert "not linked to a person" in html
    assert "Public report" not in html


def test_the_navigation_and_home_page_panel_for_signed_in_members(client, partnership, users):
    _world(partnership, users["member"])
    home_url = reverse("partnerships:home", args=[partnership.slug])
    your_home = reverse("members:home", args=[partnership.slug])
    assert your_home not in client.get(home_url).content.decode()

    client.force_login(users["member"])
    html = client.get(home_url).content.decode()
    assert 'id="member-panel"' in html
    assert "Signed in as Laurie Grasty" in html
    assert "Safer Testshire Board" in html
    assert f'href="{your_home}"' in html

    client.force_login(users["outsider"])  # signed in, linked to nobody: link, no panel
    html = client.get(home_url).content.decode()
    assert 'id="member-panel"' not in html
    assert f'href="{your_home}"' in html


def _count(client, partnership) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert _home(client, partnership).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_meetings_papers_and_actions(client, partnership, users):
    _world(partnership, users["member"], meetings=1, papers=1, actions=1)
    client.force_login(users["member"])
    small = _count(client, partnership)

    _world(partnership, users["cleared"], meetings=4, papers=5, actions=6)
    client.force_login(users["cleared"])
    large = _count(client, partnership)

    assert large == small


def test_the_reports_they_are_asked_to_write_link_to_the_form(client, partnership, users):
    from csphub.reports import services as report_services
    from csphub.reports.tests.factories import BROMLEY_SECTIONS, SYSTEM

    world = _world(partnership, users["member"])
    report_services.pro_forma_set(actor=SYSTEM, body=world["body"], sections=BROMLEY_SECTIONS)
    item = AgendaItemFactory(meeting=world["meetings"][0], title="Offender management update")
    mine = report_services.report_request_create(
        actor=SYSTEM, item=item, author=world["person"], send=False
    )
    report_services.report_request_create(
        actor=SYSTEM, item=item, author=PersonFactory(partnership=partnership), send=False
    )
    client.force_login(users["member"])

    html = _home(client, partnership).content.decode()

    assert "Reports you are asked to write" in html
    assert reverse("reports:write", args=[partnership.slug, mine.pk]) in html
    assert html.count("/reports/write/") == 1  # not the other author's request
