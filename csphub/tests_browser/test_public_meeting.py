"""A member of the public reads a meeting's agenda and minutes, in the browser and as
downloads, and never sees a restricted item; a member cleared for restricted items does.

A unique canary string sits in every restricted field (item title, paper titles, minute
title and text, resolution), so a leak anywhere, in any format, is caught by one search.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from urllib.parse import urljoin

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from csphub.accounts.tests.factories import user_with_role
from csphub.meetings.models import Meeting, Question
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import (
    BodyFactory,
    PartnershipFactory,
    PersonFactory,
)

from .conftest import assert_accessible, click_and_wait, login_as, visit

pytestmark = pytest.mark.browser

CANARY = "CANARY-7f3a"
NOTICE = "paragraph 7 of Schedule 12A"
OPEN_TITLE = "Anti-social behaviour: quarterly update"
OPEN_TEXT = "The Board noted a fall in reports of anti-social behaviour in the town centre."


@pytest.fixture
def meeting_with_secret(transactional_db):
    """A held meeting with approved minutes (six weeks ago) and the next one (in five)."""
    today = timezone.localdate()
    now = timezone.now()
    partnership = PartnershipFactory(
        slug="safer-canary", name="Safer Canary Partnership", council="Canary Borough Council"
    )
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Canary Board")
    following = MeetingFactory(
        body=body,
        date=today + dt.timedelta(days=35),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=now,
    )
    meeting = MeetingFactory(
        body=body,
        date=today - dt.timedelta(days=42),
        status=Meeting.Status.MINUTES_APPROVED,
        agenda_published_at=now - dt.timedelta(days=49),
        minutes_published_at=now - dt.timedelta(days=30),
        minutes_approved_at=now,
        approved_at_meeting=following,
    )
    open_item = AgendaItemFactory(meeting=meeting, position=1, title=OPEN_TITLE)
    PaperFactory(item=open_item, title="Anti-social behaviour dashboard, Q2")
    PaperFactory(item=open_item, title=f"Police intelligence annex {CANARY}", is_restricted=True)
    secret = AgendaItemFactory(
        meeting=meeting,
        position=2,
        title=f"Gang disruption operation {CANARY}",
        description=f"Briefing on {CANARY} targets.",
        presenter=f"DI {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    secret_paper = PaperFactory(item=secret, title=f"Operational briefing {CANARY}")
    secret_paper.file.save("briefing.txt", ContentFile(f"Briefing {CANARY}".encode()))
    secret_paper.original_filename = "briefing.txt"
    secret_paper.content_type = "text/plain"
    secret_paper.save()

    MinuteFactory(meeting=meeting, item=open_item, number=101, title=OPEN_TITLE, text=OPEN_TEXT)
    restricted_minute = MinuteFactory(
        meeting=meeting,
        item=secret,
        number=102,
        title=f"Gang disruption operation {CANARY}",
        text=f"The Board discussed the {CANARY} operation in detail.",
        post_meeting_note=f"Arrests under {CANARY} followed.",
        action_by="RT",
        is_restricted=True,
        restricted_reason="para-7",
    )
    ResolutionFactory(minute=restricted_minute, text=f"RESOLVED that {CANARY} continue.")
    AttendanceFactory(meeting=meeting, person=PersonFactory(partnership=partnership))
    return partnership, body, meeting, following, secret_paper


def _squash(text: str) -> str:
    return "".join(text.split())


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    document = DocxDocument(io.BytesIO(data))

    def table_text(table) -> list[str]:
        out = []
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
                for inner in cell.tables:
                    out += table_text(inner)
        return out

    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += table_text(table)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
            for table in part.tables:
                parts += table_text(table)
    props = document.core_properties
    parts += [props.title or "", props.subject or "", props.keywords or "", props.comments or ""]
    # Every XML part as well (text boxes, fields, comments: anything python-docx skips)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                parts.append(re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace")))
    return "\n".join(parts)


def _downloads(page: Page) -> dict[str, str]:
    """Fetch every agenda and minutes download linked from the meeting page, as text."""
    links = page.locator("main a").filter(has_text=re.compile(r"^\s*(PDF|Word|web page)\s*$"))
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 6, f"expected agenda and minutes in 3 formats, found {hrefs}"
    texts = {}
    for href in hrefs:
        response = page.request.get(urljoin(page.url, href))
        assert response.ok, f"GET {href}: {response.status}"
        body = response.body()
        if href.endswith(".pdf"):
            assert body.startswith(b"%PDF"), href
            texts[href] = _pdf_text(body)
        elif href.endswith(".docx"):
            assert body.startswith(b"PK"), href
            texts[href] = _docx_text(body)
        else:
            assert href.endswith(".html"), href
            texts[href] = body.decode("utf-8")
    return texts


def test_the_public_never_sees_a_restricted_item(page: Page, live_server, meeting_with_secret):
    partnership, body, meeting, following, secret_paper = meeting_with_secret
    detail = reverse(
        "meetings:detail", args=[partnership.slug, body.slug, meeting.date.isoformat()]
    )

    # Home page -> partnership -> meeting
    visit(page, live_server.url + "/")
    assert_accessible(page)
    click_and_wait(page, page.locator("main").get_by_role("link", name=partnership.name))
    expect(page.locator("h1")).to_have_text(partnership.name)
    assert_accessible(page)
    click_and_wait(page, page.locator(f'main a[href="{detail}"]').first)
    assert page.url == live_server.url + detail
    assert_accessible(page)

    # The agenda and the minutes, on the page
    main = page.locator("main")
    expect(main).to_contain_text(OPEN_TITLE)
    expect(main).to_contain_text(OPEN_TEXT)
    expect(main).to_contain_text("Anti-social behaviour dashboard, Q2")
    agenda = page.locator("#agenda ~ ol.csp-agenda").first
    expect(agenda).to_contain_text(NOTICE)
    expect(agenda).to_contain_text("Exempt item")
    minutes = page.locator("#minutes ~ .csp-minutes").first
    expect(minutes).to_contain_text(NOTICE)
    expect(minutes).to_contain_text("Exempt item")
    assert CANARY not in page.content(), f"{CANARY} leaked into {page.url}"

    # The downloads: agenda and minutes as PDF, Word and a web page
    for href, text in _downloads(page).items():
        assert CANARY not in _squash(text), f"{CANARY} leaked into {href}"
        assert _squash(NOTICE) in _squash(text), f"{href} does not show the exemption notice"
        if href.endswith(".html"):
            visit(page, live_server.url + href)
            assert_accessible(page)

    # The restricted paper's address is refused, as if it did not exist
    paper_url = reverse(
        "meetings:paper",
        args=[partnership.slug, body.slug, meeting.date.isoformat(), secret_paper.pk],
    )
    assert page.request.get(live_server.url + paper_url).status == 404

    # Ask a question for the next meeting
    visit(page, live_server.url + detail)
    click_and_wait(page, page.get_by_role("link", name=re.compile(r"Next meeting")))
    assert_accessible(page)
    assert CANARY not in page.content()
    click_and_wait(page, page.get_by_role("link", name="Ask a question for this meeting"))
    expect(page.locator("h1")).to_have_text("Ask a question for this meeting")
    assert_accessible(page)
    click_and_wait(page, page.locator("main form").get_by_role("button"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Pat Resident")
    page.get_by_label("Your email address").fill("pat@example.org")
    page.get_by_label("Member of the public").check()
    page.get_by_label("Your question").fill("What is being done about speeding on the high street?")
    click_and_wait(page, page.locator("main form").get_by_role("button"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your question has been received"
    )
    assert_accessible(page)
    question = Question.objects.get(meeting=following)
    assert question.asker_name == "Pat Resident"
    assert not question.is_late

    # A member cleared for restricted items sees the canary: the check above is real
    login_as(page.context, live_server, user_with_role(partnership, "member", cleared=True))
    visit(page, live_server.url + detail)
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(f"Gang disruption operation {CANARY}")
    expect(page.locator("main")).to_contain_text(f"Operational briefing {CANARY}")
    expect(page.locator("main")).to_contain_text(f"The Board discussed the {CANARY} operation")
    texts = _downloads(page)
    for href, text in texts.items():
        assert CANARY in _squash(text), (
            f"{href} should show the restricted item to a cleared member"
        )
    assert page.request.get(live_server.url + paper_url).status == 200
