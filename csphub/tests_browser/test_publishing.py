"""Publishing, end to end: the secretariat dispatches a pack, uploads a late paper and
sends a supplementary pack; the public reads both versions and finds nothing restricted in
the pack, the public pages, the feeds, the open data or search; a cleared member finds
the restricted paper in the members' pack and in search.

A unique canary sits in the restricted item, its paper (title, text and file) and a
restricted minute, so one search of every output catches a leak.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urljoin

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings import services as meeting_services
from csphub.meetings.models import Meeting
from csphub.meetings.tests.documents import pdf_with
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinuteFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import BodyFactory, MembershipFactory, PartnershipFactory

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

CANARY = "HERON-4417"
LATE = "Youth Offending Service update"


@pytest.fixture
def world(transactional_db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from csphub.audit.actors import SystemActor

    now = timezone.now()
    today = timezone.localdate()
    partnership = PartnershipFactory(slug="safer-heron", name="Safer Heron Partnership")
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Heron Board")
    for _ in range(2):
        MembershipFactory(body=body, start=today - dt.timedelta(days=400))
    earlier = MeetingFactory(
        body=body,
        date=today - dt.timedelta(days=90),
        status=Meeting.Status.MINUTES_APPROVED,
        agenda_published_at=now - dt.timedelta(days=100),
        minutes_published_at=now - dt.timedelta(days=80),
        minutes_approved_at=now - dt.timedelta(days=1),
    )
    MinuteFactory(meeting=earlier, number=40, title="Burglary", text="The board noted it.")
    secret_minute = MinuteFactory(
        meeting=earlier,
        number=41,
        title=f"Gangs matrix {CANARY}",
        text=f"Discussed {CANARY}.",
        is_restricted=True,
        restricted_reason="para-7",
    )
    ResolutionFactory(minute=secret_minute, text=f"RESOLVED that {CANARY} continue.")
    meeting = MeetingFactory(
        body=body,
        date=today + dt.timedelta(days=10),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=now,
    )
    AgendaItemFactory(
        meeting=meeting, title="Minutes of the previous meeting", standing="previous_minutes"
    )
    prevent = AgendaItemFactory(meeting=meeting, title="Prevent update")
    actor = SystemActor("test")
    meeting_services.paper_add(
        actor=actor,
        item=prevent,
        title="Prevent report",
        file=SimpleUploadedFile(
            "prevent.pdf", pdf_with("Prevent delivery plan"), "application/pdf"
        ),
    )
    secret = AgendaItemFactory(
        meeting=meeting,
        title=f"Operation {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    secret_paper = meeting_services.paper_add(
        actor=actor,
        item=secret,
        title=f"Briefing {CANARY}",
        file=SimpleUploadedFile(
            "briefing.pdf", pdf_with(f"Targets of {CANARY}"), "application/pdf"
        ),
    )
    youth = AgendaItemFactory(meeting=meeting, title="Youth offending")
    return partnership, body, meeting, youth, secret_paper


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() or "" for p in reader.pages) + str(reader.outline)


def test_late_paper_supplementary_pack_and_nothing_restricted_leaks(page: Page, live_server, world):
    partnership, body, meeting, youth, secret_paper = world
    s, b, d = partnership.slug, body.slug, meeting.date.isoformat()
    detail = live_server.url + reverse("meetings:detail", args=[s, b, d])

    # The secretariat compiles and dispatches the pack from the meeting page
    login_as(page.context, live_server, user_with_role(partnership, "secretariat"))
    visit(page, detail)
    click_and_wait(page, page.get_by_role("link", name="Compile pack"))
    expect(page.locator("h1")).to_contain_text("Compile and dispatch the pack")
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("button", name="Compile and dispatch"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Agenda pack dispatched")
    assert_accessible(page)

    # A late paper arrives: upload it, then send a supplementary pack
    visit(page, live_server.url + reverse("meetings:paper_new", args=[s, b, d, youth.pk]))
    page.get_by_label("Title").fill(LATE)
    page.locator('input[type="file"]').set_input_files(
        files=[
            {"name": "yos.pdf", "mimeType": "application/pdf", "buffer": pdf_with("YOS figures")}
        ]
    )
    click_and_wait(
        page, page.locator("main form").get_by_role("button", name=re.compile("Save|Add"))
    )
    visit(page, detail)
    click_and_wait(page, page.get_by_role("link", name="Dispatch a supplementary pack"))
    assert_accessible(page)
    page.get_by_label("What this version adds").fill(f"Late paper: {LATE}")
    click_and_wait(page, page.get_by_role("button", name="Compile and dispatch"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Supplementary pack")

    # The public: the supplementary pack and the earlier version, without Part 2
    page.context.clear_cookies()
    visit(page, detail)
    assert_accessible(page)
    versions = page.locator("#pack-versions")
    expect(versions).to_contain_text("Supplementary pack")
    expect(versions).to_contain_text(f"Late paper: {LATE}")
    expect(versions).to_contain_text("Agenda pack")
    assert CANARY not in page.content()
    links = versions.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 2 and not any("members" in h for h in hrefs), hrefs
    texts = {}
    for href in hrefs:
        response = page.request.get(urljoin(page.url, href))
        assert response.ok and response.body().startswith(b"%PDF"), href
        texts[href] = _pdf_text(response.body())
        assert CANARY not in texts[href], f"{CANARY} leaked into {href}"
    latest, first = hrefs
    assert "YOS figures" in texts[latest] and "Supplementary pack, published" in texts[latest]
    assert "YOS figures" not in texts[first]
    assert "Prevent delivery plan" in texts[first]
    members_url = urljoin(page.url, latest.replace("public.pdf", "members.pdf"))
    assert page.request.get(members_url, max_redirects=0).status == 302  # sign in first

    # Search, as the public: nothing restricted is found
    search = live_server.url + reverse("search:search", args=[s])
    visit(page, f"{search}?q={CANARY}")
    assert_accessible(page)
    found = page.inner_text("main")
    for secret in (f"Briefing {CANARY}", f"Operation {CANARY}", f"Targets of {CANARY}"):
        assert secret not in found, f"search shows {secret!r} to the public"
    assert found.count(CANARY) == 1  # only the query, echoed back

    # The public website, feeds, downloads and API: no title, text or file of Part 2
    for name in ("public:meetings", "public:decisions", "public:attendance", "opendata:index"):
        visit(page, live_server.url + reverse(name, args=[s]))
        assert_accessible(page)
        assert CANARY not in page.content(), f"{CANARY} leaked into {page.url}"
    api = f"/api/v1/partnerships/{s}"
    outputs = [
        reverse("opendata:meetings_ics", args=[s]),
        reverse("opendata:body_meetings_ics", args=[s, b]),
        *(
            reverse("opendata:download", args=[s, dataset, fmt])
            for dataset in ("meetings", "attendance", "decisions", "actions")
            for fmt in ("csv", "json")
        ),
        f"{api}/meetings",
        f"{api}/meetings/{b}/{d}",
        f"{api}/decisions",
        f"{api}/actions",
        f"{api}/attendance",
    ]
    for url in outputs:
        response = page.request.get(live_server.url + url)
        assert response.ok, f"GET {url}: {response.status}"
        assert CANARY not in response.text(), f"{CANARY} leaked into {url}"
    assert "Prevent report" in page.request.get(f"{live_server.url}{api}/meetings/{b}/{d}").text()
    paper = reverse("meetings:paper", args=[s, b, d, secret_paper.pk])
    assert page.request.get(live_server.url + paper).status == 404

    # A cleared member: the members' pack holds Part 2, and search finds the paper
    login_as(page.context, live_server, user_with_role(partnership, "member", cleared=True))
    visit(page, detail)
    assert_accessible(page)
    members_link = page.get_by_role("link", name=re.compile("Download the members’ pack"))
    href = members_link.get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.ok
    text = _pdf_text(response.body())
    assert f"Targets of {CANARY}" in text and "RESTRICTED" in text
    visit(page, f"{search}?q={CANARY}")
    expect(page.locator("main")).to_contain_text(f"Briefing {CANARY}")
