"""The compiled pack read back with pypdf: page count, "Agenda Item N" headers, bookmarks
and the agenda's printed page ranges agree; Part 2 only in the members' pack."""

from __future__ import annotations

import io
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.meetings.models import Meeting
from csphub.publishing.compile import PackError, compile_pack

from .conftest import SECRET

pytestmark = pytest.mark.django_db
ITEM_LINE = re.compile(r"^(\d+[a-z]?)  ", re.M)
RANGE = re.compile(r"\((?:Page (\d+)|Pages (\d+)–(\d+))\)")


def printed_ranges(agenda_text: str) -> dict[str, tuple[int, int]]:
    """Each item's printed page range, read from the agenda's text item by item."""
    starts = list(ITEM_LINE.finditer(agenda_text))
    ranges = {}
    for here, after in zip(starts, [*starts[1:], None], strict=False):
        chunk = agenda_text[here.end() : after.start() if after else None]
        if found := RANGE.search(chunk):
            single, first, last = found.groups()
            ranges[here.group(1)] = (int(single or first), int(single or last))
    return ranges


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items, depth):
        for entry in items:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return found


def check_pack(pdf: bytes) -> tuple[PdfReader, list[str], dict[str, tuple[int, int]]]:
    """Everything that must agree, checked; returns the pages' text and the printed ranges."""
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"\bPage {number}\b", text), f"page {number} is not numbered"
    marks = outline(reader)
    assert marks[0][1:] == ("Front sheet", 1)
    assert marks[1][1] == "Agenda"
    # The agenda runs from its bookmark to the page before the first item's pages (items
    # with no pages of their own open the agenda)
    start = marks[1][2]
    later = [page for _, _, page in marks[2:] if page > start]
    agenda_pages = range(start, min(later) if later else len(texts) + 1)
    agenda_text = "\n".join(texts[p - 1] for p in agenda_pages)
    ranges = printed_ranges(agenda_text)
    items = [
        (title.split(".", 1)[0], page)
        for depth, title, page in marks[2:]
        if re.match(r"\d+[a-z]?\. ", title)
    ]
    for label, (first, last) in ranges.items():
        assert f"Agenda Item {label}" in texts[first - 1], f"no header on item {label}'s page"
        assert (label, first) in items, f"item {label}'s bookmark does not open page {first}"
        assert last <= len(texts)
    # The ranges tile the pages after the agenda, in order, with nothing left over
    spans = sorted(ranges.values())
    assert spans[0][0] == agenda_pages[-1] + 1
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start == end + 1
    assert spans[-1][1] == len(texts)
    return reader, texts, ranges


def test_public_and_members_packs_agree_with_themselves(meeting):
    public = compile_pack(meeting, "public")
    members = compile_pack(meeting, "members")
    pub_reader, pub_texts, pub_ranges = check_pack(public.pdf)
    mem_reader, mem_texts, mem_ranges = check_pack(members.pdf)
    assert len(pub_reader.pages) == public.page_count
    # Part 2 is only in the members' pack: not a word of it (text, bookmarks, metadata)
    everything = "\n".join(pub_texts) + str(outline(pub_reader)) + str(pub_reader.metadata)
    assert SECRET not in everything
    assert SECRET in "\n".join(mem_texts)
    # The members' pack is a superset: every public bookmark and more pages
    pub_titles = [t for _, t, _ in outline(pub_reader)]
    mem_titles = [t for _, t, _ in outline(mem_reader)]
    assert set(pub_titles) < set(mem_titles)
    assert members.page_count > public.page_count
    # Every Part 2 page (the exempt item's, the restricted appendix's) says RESTRICTED
    secret_item = next(i for i in members.flat_items() if SECRET in i.title)
    for page in range(secret_item.first, secret_item.last + 1):
        assert mem_texts[page - 1].count("RESTRICTED") >= 2, page
    appendix = next(
        page for page, text in enumerate(mem_texts, start=1) if f"Casework {SECRET}" in text
    )
    assert "RESTRICTED" in mem_texts[appendix - 1]
    assert not any("RESTRICTED" in t for t in pub_texts)


def test_papers_in_the_pack(meeting):
    pack = compile_pack(meeting, "public")
    reader, texts, _ = check_pack(pack.pdf)
    whole = "\n".join(texts)
    assert "Prevent p1" in whole  # the uploaded PDF, page for page
    assert "Typed words of the paper." in whole  # a paper typed in, laid out
    # A paper marked not for printing is listed on the agenda but has no pages
    assert "Not for the pack" not in [title for _, title, _ in outline(reader)]
    # The Word paper: converted where LibreOffice is installed, else a clear note
    from csphub.publishing.paper_pages import converter

    if converter() is None:
        assert "is a Word document and is published separately" in whole
    else:  # pragma: no cover - only on machines with LibreOffice
        assert "DA words" in whole
    # The minutes of the previous meeting, as minuted
    minutes = next(i for i in pack.items if i.title == "Minutes of the previous meeting")
    assert "Burglary" in texts[minutes.first - 1]


def test_an_unpublished_agenda_has_no_pack(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SCHEDULED)
    meeting.refresh_from_db()
    with pytest.raises(PackError, match="not published"):
        compile_pack(meeting, "public")


def test_a_broken_pdf_paper_becomes_a_note(meeting):
    from .conftest import attach

    paper = meeting.items.get(title="Update on Prevent").papers.first()
    attach(paper, b"%PDF-1.4 this is not really a PDF", "broken.pdf")
    _, texts, _ = check_pack(compile_pack(meeting, "public").pdf)
    assert "could not be read as a PDF" in "\n".join(texts)


def test_command_writes_the_demo_packs(tmp_path):
    """The done-when: both variants of 26 March 2018, read back and checked."""
    load_fixture(FIXTURES / "safer-bromley.yaml")
    written = {}
    for variant in ("public", "members"):
        out = tmp_path / f"{variant}.pdf"
        stdout = StringIO()
        call_command(
            "pack",
            "safer-bromley/board/2018-03-26",
            "--variant",
            variant,
            "--out",
            str(out),
            stdout=stdout,
        )
        assert f"Wrote {out}" in stdout.getvalue()
        written[variant] = check_pack(out.read_bytes())
    reader, texts, ranges = written["public"]
    # Items 3 (previous minutes: 19 December 2017) and 5 (Matters Arising) have pages
    assert "19 December 2017" in texts[ranges["3"][0] - 1]
    assert "Matters Arising" in texts[ranges["5"][0] - 1]
    members_titles = {t for _, t, _ in outline(written["members"][0])}
    assert {t for _, t, _ in outline(reader)} <= members_titles


def test_command_errors_name_the_problem(tmp_path):
    with pytest.raises(CommandError, match="No meeting 'nowhere/board/2018-03-26'"):
        call_command("pack", "nowhere/board/2018-03-26", "--out", str(tmp_path / "x.pdf"))
