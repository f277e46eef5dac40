"""The reports pages: the secretariat's page stays at a fixed number of queries, the link
form validates and files the paper, and a restricted item's report stays from the public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings.models import Meeting, Paper
from csphub.meetings.tests.factories import AgendaItemFactory
from csphub.partnerships.tests.factories import PersonFactory
from csphub.reports import links, selectors, services

from .factories import SYSTEM, answers_for, build_world, report_request_with_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _meeting_args(world):
    return [world.partnership.slug, "board", world.meeting.date.isoformat()]


def test_secretariat_page_queries_do_not_grow(client, world):
    client.force_login(user_with_role(world.partnership, "secretariat"))
    url = reverse("reports:meeting", args=_meeting_args(world))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    report_request_with_submission(item=world.item, author=world.lead)
    before = count()
    for n in range(6):
        item = AgendaItemFactory(meeting=world.meeting, title=f"Sub-group {n} update")
        author = PersonFactory(partnership=world.partnership)
        if n % 2:
            report_request_with_submission(item=item, author=author)
        else:
            services.report_request_create(actor=SYSTEM, item=item, author=author, send=False)
    assert count() == before


def test_secretariat_page_shows_each_status(client, world):
    client.force_login(user_with_role(world.partnership, "secretariat"))
    made = services.report_request_create(
        actor=SYSTEM, item=world.item, author=world.lead, send=False
    )
    page = client.get(reverse("reports:meeting", args=_meeting_args(world))).content.decode()
    assert "Not submitted" in page and "Victoria Roberts" in page
    services.report_submit(
        actor=SYSTEM,
        report_request=made,
        answers=answers_for(world.pro_forma),
        now=made.deadline + dt.timedelta(minutes=5),
    )
    page = client.get(reverse("reports:meeting", args=_meeting_args(world))).content.decode()
    assert "Submitted late" in page and "open the paper" in page


def test_link_form_shows_errors_then_files_the_paper(client, world):
    made = services.report_request_create(
        actor=SYSTEM, item=world.item, author=world.lead, reporting_body=world.subgroup, send=False
    )
    url = reverse("report_links:submit", args=[links.make_token(made)])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-module="govuk-character-count"' in html
    assert " maxlength=" not in html
    assert "Operational Update" in html and "Submit it by" in html
    fields = {selectors.section_field(s): "" for s in world.pro_forma.sections.all()}
    bad = client.post(url, fields)
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()
    assert "Enter the Operational Update." in bad.content.decode()
    assert not Paper.objects.filter(item=world.item).exists()
    good = {
        selectors.section_field(s): text
        for s, text in zip(
            world.pro_forma.sections.all(), answers_for(world.pro_forma).values(), strict=True
        )
    }
    done = client.post(url, good)
    assert done.status_code == 302
    assert "Report submitted" in client.get(done["Location"]).content.decode()
    assert Paper.objects.get(item=world.item).title == "Domestic Abuse and VAWG Sub-group report"


def test_altered_and_revoked_links_are_refused(client, world):
    made = services.report_request_create(
        actor=SYSTEM, item=world.item, author=world.lead, send=False
    )
    token = links.make_token(made)
    assert client.get(reverse("report_links:submit", args=[token + "x"])).status_code == 404
    services.report_request_revoke(actor=SYSTEM, report_request=made)
    response = client.get(reverse("report_links:submit", args=[token]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_restricted_items_report_is_not_public(client, world):
    secret = AgendaItemFactory(
        meeting=world.meeting,
        title="Exploitation hotspots",
        is_restricted=True,
        restricted_reason="para-7",
    )
    made = services.report_request_create(actor=SYSTEM, item=secret, author=world.lead, send=False)
    report = services.report_submit(
        actor=SYSTEM, report_request=made, answers=answers_for(world.pro_forma), now=made.deadline
    )
    assert report.paper.is_restricted
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    meeting_page = client.get(reverse("meetings:detail", args=_meeting_args(world)))
    assert made.title not in meeting_page.content.decode()
    paper_url = reverse("meetings:paper", args=[*_meeting_args(world), report.paper.pk])
    assert client.get(paper_url).status_code == 404
    cleared = user_with_role(world.partnership, "member", cleared=True)
    client.force_login(cleared)
    assert (
        made.title
        in client.get(reverse("meetings:detail", args=_meeting_args(world))).content.decode()
    )


def test_signed_in_author_writes_only_their_own(client, world):
    user = user_with_role(world.partnership, "member")
    world.lead.user = user
    world.lead.save()
    mine = services.report_request_create(
        actor=SYSTEM, item=world.item, author=world.lead, send=False
    )
    other = services.report_request_create(
        actor=SYSTEM,
        item=world.item,
        author=PersonFactory(partnership=world.partnership),
        send=False,
    )
    client.force_login(user)
    slug = world.partnership.slug
    assert client.get(reverse("reports:write", args=[slug, mine.pk])).status_code == 200
    assert client.get(reverse("reports:write", args=[slug, other.pk])).status_code == 404


def test_pro_forma_page_saves_a_new_version(client, world):
    client.force_login(user_with_role(world.partnership, "secretariat"))
    url = reverse("reports:pro_forma", args=[world.partnership.slug, "board"])
    assert "Operational Update" in client.get(url).content.decode()
    data = {
        "heading_1": "Purpose",
        "required_1": "on",
        "max_length_1": "3000",
        "heading_2": "purpose",
        "max_length_2": "3000",
    }
    bad = client.post(url, data)
    assert "is the same as section 1" in bad.content.decode()
    data["heading_2"] = "Recommendations"
    assert client.post(url, data).status_code == 302
    current = selectors.current_pro_forma(world.board)
    assert [s.heading for s in current.sections.all()] == ["Purpose", "Recommendations"]
    assert current.version == 2


def test_the_secretariat_can_set_a_deadline_other_than_the_paper_deadline(client, world):
    from django.utils import timezone

    from csphub.reports.models import ReportRequest

    client.force_login(user_with_role(world.partnership, "secretariat"))
    url = reverse("reports:request_new", args=_meeting_args(world))
    day = world.meeting.date - dt.timedelta(days=14)
    response = client.post(
        url,
        {
            "item": world.item.pk,
            "author": world.lead.pk,
            "deadline-day": str(day.day),
            "deadline-month": str(day.month),
            "deadline-year": "20",  # a two-digit year gets GOV.UK's message, and nothing is made
        },
    )
    assert response.status_code == 200
    assert "The year must be 4 numbers" in response.content.decode()
    assert not ReportRequest.objects.exists()
    response = client.post(
        url,
        {
            "item": world.item.pk,
            "author": world.lead.pk,
            "deadline-day": str(day.day),
            "deadline-month": str(day.month),
            "deadline-year": str(day.year),
        },
    )
    assert response.status_code == 302
    made = ReportRequest.objects.get()
    default = timezone.localtime(selectors.default_deadline(world.meeting))
    assert timezone.localtime(made.deadline).date() == day
    assert timezone.localtime(made.deadline).time() == default.time()
