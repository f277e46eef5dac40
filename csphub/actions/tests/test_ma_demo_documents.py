"""The demo's Matters Arising reports read back from their PDF (pypdf) and DOCX
(python-docx), side by side with the published ones: CSD18054 (26 March 2018) and
CSD 23068 (2 June 2023). The 2018 report is frozen as at its meeting: it prints the owners
the minutes named (CH, AM) and nothing that happened after 26 March 2018."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from docx import Document as Docx
from pypdf import PdfReader

from csphub.demo.loader import FIXTURES, load_fixture

pytestmark = pytest.mark.django_db
MEETING_2018 = "safer-bromley/board/2018-03-26"
DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+(\d{4})\b"
)


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    d = Docx(io.BytesIO(content))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def flat(text: str) -> str:
    return " ".join(text.split())


def render(key: str, fmt: str, tmp_path) -> str:
    out = tmp_path / f"ma.{fmt}"
    call_command("matters_arising", key, format=fmt, out=str(out), stdout=io.StringIO())
    return {"pdf": pdf_text, "docx": docx_text}[fmt](out.read_bytes())


def rows_of(docx: bytes) -> dict[str, str]:
    """Appendix A rows of the DOCX: minute number -> the Update cell."""
    d = Docx(io.BytesIO(docx))
    table = d.tables[-1]
    rows = {}
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        number = re.match(r"Minute (\w+)", cells[0])
        if number:
            rows[number[1]] = cells[2]
    return rows


COVER_2018 = [
    "CSD18054",
    "Safer Bromley Partnership Strategic Group",
    "Monday 26 March 2018",
    "Decision type",
    "Non Urgent Non Executive Non Key",
    "MATTERS ARISING",
    "Steve Wood, Democratic Services Officer",
    "Chief officer",
    "Mark Bowen, Director of Corporate Services",
    "Ward",
    "N/A",
    "Non-applicable sections",
    "Policy/Financial/Legal/Personnel",
    "Background documents",
    "Minutes of the last meeting, and the previous Matters Arising Report.",
    "Corporate Policy",
    "Policy Status: Existing Policy",
    "BBB Priority: Excellent Council/Safer Bromley",
    "Financial",
    "Cost of proposal: No Cost",
    "Ongoing costs: Not Applicable",
    "Budget head/performance centre: Democratic Services",
    "Total current budget for this head: £343,810",
    "Source of funding: 2017/18 revenue budget",
    "Staff",
    "Number of staff (current and additional): 8 posts (7.27fte)",
    "can take up to a few hours per meeting",
    "Legal",
    'Legal Requirement: The Safer Bromley Partnership ("the Partnership") has been constituted',
    "Call-in: Not Applicable",
    "Customer Impact",
    "intended primarily for Members of the Safer Bromley Partnership Strategic Group",
    "Ward Councillor Views",
    "Have Ward Councillors been asked for comments? Not Applicable",
    "Summary of Ward Councillors comments: N/A",
    # The body's own words, as the Strategic Group used them
    "Appendix A updates Members on matters arising",
    "The Group is asked to review progress on matters arising from previous meetings.",
]


@pytest.fixture
def bromley(db):
    return load_fixture(FIXTURES / "safer-bromley.yaml")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_frozen_2018_report_reads_as_the_meeting_had_it(bromley, tmp_path, fmt):
    text = render(MEETING_2018, fmt, tmp_path)
    words = flat(text).replace("/ ", "/")  # table cells wrap in the PDF
    for expected in COVER_2018:
        assert flat(expected) in words, expected
    assert "the Board" not in words and "Tasnim" not in words  # the 2023 wording

    # Minutes 187 and 189 with the owners the minutes named, not today's.
    assert re.search(r"Minute 187 .*? CH – Open", words), "187 is CH's"
    assert re.search(r"Minute 189 .*? AM – Open", words), "189 is AM's"
    for later_owner in ("PW –", "AB –"):
        assert later_owner not in words
    for number in ("180", "181", "183", "186a", "187", "189"):
        assert f"Minute {number}" in words
    # Nothing after the meeting: no later status, no later date, no "since".
    assert "Since this meeting" not in words
    assert "Done on" not in words and "Closed (done)" not in words
    later = [
        m[0]
        for m in DATE.finditer(words)
        if dt.datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%d %B %Y").date() > dt.date(2018, 3, 26)
    ]
    # The one later date is 189's due date as set on 15 March 2018 ("the June meeting").
    assert later == ["21 June 2018"], later
    assert "Due: 21 June 2018" in words


def test_frozen_2018_report_docx_rows(bromley, tmp_path):
    out = tmp_path / "ma.docx"
    call_command("matters_arising", MEETING_2018, format="docx", out=str(out), stdout=io.StringIO())
    rows = rows_of(out.read_bytes())
    assert rows["187"].startswith("CH – Open")
    assert rows["189"].startswith("AM – Open")
    assert rows["180"].startswith("LG/TG – In progress")
    assert "forwarded to Detective Superintendent Paul Warnett" in rows["187"]  # the update
    table = Docx(io.BytesIO(out.read_bytes())).tables[-1]
    titles = {c.text.split("\n")[0]: c.text for c in table.columns[0].cells[1:]}
    # Row titles are the minute titles as minuted; the matter is the resolution as minuted.
    assert titles["Minute 187"].endswith("ASB and Envirocrime Sub Group update")
    matters = [r.cells[1].text for r in table.rows[1:]]
    assert (
        "RESOLVED that the Borough Commander check the whereabouts of the two MPS motor bikes, "
        "and if it was still possible to have regular access to them."
    ) in matters
    assert not any("Action:" in m for m in matters)


def test_frozen_2018_web_page_sets_later_events_apart(client, bromley):
    from django.urls import reverse

    page = client.get(
        reverse("matters_arising:report", args=["safer-bromley", "board", "2018-03-26"])
    ).content.decode()
    assert "Mark Bowen, Director of Corporate Services" in page
    since = page[page.index('id="since-') :]
    assert "Since this meeting" in since
    assert "Not part of the report as the meeting had it" in since
    assert "now with PW" in page and "now with AB" in page


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_2023_report_cover_from_the_defaults(bromley, tmp_path, fmt):
    words = flat(render("safer-bromley/board/2023-06-02", fmt, tmp_path)).replace("/ ", "/")
    for expected in [
        "CSD 23068",
        "Safer Bromley Partnership Board",
        "Non Urgent Non Executive Non Key",
        "Tasnim Shawkat, Director of Corporate Services and Governance",
        "Total current budget for this head: £366k",
        "Source of funding: 2023/24 revenue budget",
        "Number of staff (current and additional): 6",
        "Call-in: Not Applicable—this is not an Executive report.",
        "Minutes of the last meeting. Previous Matters Arising Report.",
        "Appendix A updates the Board on matters arising",
        "The Board is asked to review progress on matters arising from previous meetings.",
    ]:
        assert flat(expected) in words, expected
