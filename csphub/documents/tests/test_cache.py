"""Rendered documents come from a cache keyed by a digest of their content (decision 0033):
an edit changes the key, a cleared viewer's copy never reaches anyone else, and a warm
request does not lay the document out again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.cache import caches
from django.urls import reverse
from pypdf import PdfReader

from csphub.documents import model as doc
from csphub.documents.cache import CACHE_ALIAS, cached_render, document_key, render_count
from csphub.documents.digest import content_digest
from csphub.documents.render import render
from csphub.meetings.models import Meeting
from csphub.meetings.services import minute_update
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import BodyFactory

from . import sample

CANARY = "CANARY-7d21c4"


@pytest.fixture(autouse=True)
def _empty_cache():
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- the key ----------------------------------------------------------------------------


def test_equal_documents_have_equal_keys_and_any_change_changes_the_key():
    first, second = sample.minutes(), sample.minutes()
    assert document_key(first, "pdf", paper="a4") == document_key(second, "pdf", paper="a4")
    marked = dataclasses.replace(second, marking="OFFICIAL-SENSITIVE")
    plain, emphasised = sample.minutes(), sample.minutes()
    plain.blocks.append(doc.Paragraph("Noted."))
    emphasised.blocks.append(doc.Paragraph(doc.Run("Noted.", emphasis=True)))  # same words
    keys = {
        document_key(first, "pdf", paper="a4"),
        document_key(marked, "pdf", paper="a4"),
        document_key(plain, "pdf", paper="a4"),
        document_key(emphasised, "pdf", paper="a4"),
        document_key(first, "docx", paper="a4"),
        document_key(first, "pdf", paper="a3-landscape"),
        document_key(first, "pdf", paper="a4", page_numbers=False),
    }
    assert len(keys) == 7


def test_the_digest_tells_block_types_and_pictures_apart():
    assert content_digest(doc.Heading("Budget")) != content_digest(doc.Paragraph("Budget"))
    svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 8
    one = doc.Figure(svg=svg, png=png, caption="c", alt="a")
    other = doc.Figure(svg=svg, png=png[:-1] + b"1", caption="c", alt="a")
    assert content_digest(one) != content_digest(other)


# --- the cache --------------------------------------------------------------------------


def test_a_warm_render_does_not_lay_the_document_out_again():
    document = sample.minutes()
    before = render_count()
    cold = render(document, "pdf")[0]
    assert render_count() == before + 1
    warm = render(sample.minutes(), "pdf")[0]  # built again, equal content
    assert warm == cold
    assert render_count() == before + 1
    render(document, "docx")  # another format is another entry
    assert render_count() == before + 2


def test_a_changed_document_is_rendered_afresh():
    document = sample.minutes()
    first = render(document, "pdf")[0]
    document.blocks.append(doc.Paragraph(f"Added later {CANARY}"))
    before = render_count()
    second = render(document, "pdf")[0]
    assert render_count() == before + 1
    assert CANARY in pdf_text(second) and CANARY not in pdf_text(first)


def test_large_files_are_served_but_not_kept(monkeypatch):
    monkeypatch.setattr("csphub.documents.cache.MAX_BYTES", 10)
    document = sample.minutes()
    calls = []

    def renderer() -> bytes:
        calls.append(1)
        return b"x" * 11

    assert cached_render(document, "pdf", paper="a4", render=renderer) == b"x" * 11
    assert cached_render(document, "pdf", paper="a4", render=renderer) == b"x" * 11
    assert len(calls) == 2


# --- through the site -------------------------------------------------------------------


@pytest.fixture
def meeting(partnership):
    meeting = MeetingFactory(
        body=BodyFactory(partnership=partnership, slug="board"),
        date=dt.date(2017, 12, 19),
        status=Meeting.Status.DRAFT_MINUTES,
    )
    MinuteFactory(meeting=meeting, number=175, title="Apologies", text="None were received.")
    MinuteFactory(
        meeting=meeting,
        number=176,
        title=f"Contract {CANARY}",
        text=f"Terms {CANARY}",
        is_restricted=True,
        restricted_reason="para-3",
    )
    return meeting


def minutes_url(meeting: Meeting, fmt: str = "pdf") -> str:
    kwargs = {"slug": meeting.body.partnership.slug, "body": "board", "date": "2017-12-19"}
    return reverse("meetings:document", kwargs={**kwargs, "document": "minutes", "fmt": fmt})


def test_editing_a_minute_changes_the_cached_minutes(client, users, meeting):
    url = minutes_url(meeting)
    before = client.get(url)
    assert before.status_code == 200
    cache = caches[CACHE_ALIAS]
    assert len(cache._cache) == 1  # type: ignore[attr-defined]  # LocMemCache in tests
    minute = meeting.minutes.get(number=175)
    minute_update(actor=users["secretariat"], minute=minute, data={"text": "Apologies: A Smith."})
    after = client.get(url)
    assert after.content != before.content
    assert "A Smith" in pdf_text(after.content) and "A Smith" not in pdf_text(before.content)
    assert len(cache._cache) == 2  # type: ignore[attr-defined]  # a second key, not overwritten
    renders = render_count()
    assert client.get(url).content == after.content
    assert render_count() == renders  # the edited minutes, warm


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_cleared_members_copy_never_reaches_the_public(client, users, meeting, fmt):
    url = minutes_url(meeting, fmt)
    client.force_login(users["cleared"])
    cleared = client.get(url)
    assert cleared.status_code == 200
    client.logout()
    for viewer in (None, "member"):  # the public, then a member not cleared
        if viewer:
            client.force_login(users[viewer])
        renders = render_count()
        response = client.get(url)
        assert response.status_code == 200
        assert response.content != cleared.content
        assert render_count() == renders + (1 if viewer is None else 0)  # same copy as public
        text = pdf_text(response.content) if fmt == "pdf" else _docx_text(response.content)
        assert "Apologies" in text and CANARY not in text
        assert CANARY.encode() not in response.content
        client.logout()
    text = pdf_text(cleared.content) if fmt == "pdf" else _docx_text(cleared.content)
    assert CANARY in text  # the check above proves something


def _docx_text(content: bytes) -> str:
    from docx import Document

    d = Document(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)
