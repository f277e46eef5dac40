"""The parser on documents written for these tests in other councils' layouts: Word minutes
with numbered paragraphs (3.2) and Action-by initials at line ends, an agenda and minutes
with no item numbers in one file, an action log with a RAG column. The same content as a
PDF (made here with WeasyPrint) and as a Word file (python-docx, the Action column a real
table column) reads exactly as the text does. Files that cannot be read say so."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import docx
import pytest
from weasyprint import HTML

from csphub.importer.errors import ImportParseError
from csphub.importer.parsing import parse_path, parse_text
from csphub.importer.parsing.dates import find_date, find_time
from csphub.importer.parsing.people import apologies_from, split_person
from csphub.importer.parsing.text import clean_lines

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def _parts(path: Path) -> list[dict[str, Any]]:
    return parse_path(path)["parts"]


def _only(parts: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [p for p in parts if p["kind"] == kind]
    assert len(found) == 1, [p["kind"] for p in parts]
    return found[0]


def test_word_minutes_with_numbered_paragraphs_and_action_initials():
    part = _only(_parts(LAYOUTS / "word_action_by.txt"), "minutes")
    assert part["body"] == "Northwood Community Safety Partnership Board"
    assert (part["meeting_date"], part["start_time"]) == ("2024-02-14", "14:00")
    assert part["venue"] == "Council Chamber, Northwood Town Hall"
    assert part["chair"] == "Councillor Priya Shah"
    assert [p["name"] for p in part["present"]] == [
        "Councillor Priya Shah",
        "Helen Marsh",
        "Detective Inspector Owen Price",
        "Kevin Doyle",
    ]
    assert part["also_present"] == [{"name": "Sarah Quinn", "role": "Democratic Services Officer"}]
    assert part["apologies"] == [
        {"name": "Mark Tully", "substitute": None},
        {"name": "Rachel Gunn", "substitute": "Owen Price"},
    ]
    # 3.1, 3.2 are paragraphs of minute 3, not minutes of their own
    assert [i["number"] for i in part["items"]] == ["1", "2", "3", "4", "5"]
    assert [(r["item"], r["text"][:30]) for r in part["resolutions"]] == [
        ("3", "RESOLVED that the ASB update b"),
        ("3", "It was agreed that the police "),
    ]
    assert [(a["item"], a["owners"]) for a in part["actions"]] == [
        ("3", ["Helen Marsh"]),
        ("3", ["Detective Inspector Owen Price", "Kevin Doyle"]),
    ]
    assert all(a["due"] is None for a in part["actions"]), "no date is invented"


def test_agenda_and_unnumbered_minutes_in_one_file():
    parts = _parts(LAYOUTS / "agenda_and_minutes.txt")
    agenda = _only(parts, "agenda")
    assert agenda["body"] == "Eastbridge Safer Communities Group"
    assert agenda["meeting_date"] == "2024-06-03"
    assert [(i["number"], i["pages"]) for i in agenda["items"]] == [
        ("1", None),
        ("2", "1-4"),
        ("3", "5-12"),
        ("4", None),
    ]
    minutes = _only(parts, "minutes")
    assert [i["title"] for i in minutes["items"]][:2] == [
        "APOLOGIES FOR ABSENCE",
        "MINUTES OF THE PREVIOUS MEETING",
    ]
    assert any("no item numbers" in line for line in minutes["needs_review"])
    assert minutes["apologies"] == [{"name": "Dawn Reid", "substitute": None}]
    assert [(a["item"], a["owners"]) for a in minutes["actions"]] == [("3", ["Grace Obi"])]


def test_an_action_log_with_rag_and_a_due_date_that_is_no_date():
    log = _only(_parts(LAYOUTS / "action_log.txt"), "action_log")
    assert log["body"] == "Westfield Community Safety Partnership"
    assert log["actions"] == [
        {
            "item": "12",
            "text": "Circulate the revised terms of reference",
            "owners": ["Amy Lowe"],
            "due": "2024-01-31",
            "status": "Complete (Green)",
        },
        {
            "item": "15",
            "text": "Report knife crime figures by ward",
            "owners": ["Police"],
            "due": "2024-04-09",
            "status": "In progress (Amber)",
        },
        {
            "item": "17",
            "text": "Agree the VAWG strategy consultation plan",
            "owners": ["Ben Hart"],
            "due": None,
            "status": "Not started (Red)",
        },
    ]
    assert log["needs_review"] == [
        "Action '17': due 'No date set' is not a date; left without one."
    ]


def _as_pdf(text: str, out: Path) -> Path:
    body = html.escape(text.replace("\t", " " * 6))
    HTML(
        string="<html><head><style>@page{size:A4;margin:1cm} pre{font-family:monospace;"
        f"font-size:7pt}}</style></head><body><pre>{body}</pre></body></html>"
    ).write_pdf(out)
    return out


def _as_docx(text: str, out: Path) -> Path:
    """Plain lines as paragraphs; lines with columns as rows of a real Word table."""
    document = docx.Document()
    table = None
    for line in text.splitlines():
        if "\t" in line:
            cells = line.split("\t")
            if table is None or len(table.columns) != len(cells):
                table = document.add_table(rows=0, cols=len(cells))
            row = table.add_row().cells
            for cell, value in zip(row, cells, strict=True):
                cell.text = value
        else:
            table = None
            document.add_paragraph(line)
    document.save(str(out))
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in LAYOUTS.glob("*.txt")))
def test_pdf_and_word_versions_read_as_the_text_does(name, tmp_path):
    source = LAYOUTS / name
    text = source.read_text(encoding="utf-8")
    expected = _parts(source)
    assert _parts(_as_pdf(text, tmp_path / "doc.pdf")) == expected
    assert _parts(_as_docx(text, tmp_path / "doc.docx")) == expected


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n", "empty"),
        ("garbage.txt", b"\x00\x01\x02binary", "binary"),
        ("garbage.pdf", b"%PDF-1.4 not really", "PDF"),
        ("garbage.docx", b"PK\x03\x04 not a zip", "Word"),
        ("minutes.odt", b"text", ".odt"),
    ],
)
def test_files_that_cannot_be_read_say_what_and_where(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportParseError) as caught:
        parse_path(path)
    assert name in str(caught.value)
    assert says in str(caught.value)


def test_a_pdf_with_no_text_layer_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    HTML(string="<html><body><div style='height:5cm'></div></body></html>").write_pdf(path)
    with pytest.raises(ImportParseError, match="no text layer"):
        parse_path(path)


def test_text_that_is_no_meeting_document_is_another_part_for_review():
    parsed = parse_text("Shopping list\nmilk\neggs", "list.txt")
    assert [p["kind"] for p in parsed["parts"]] == ["other"]
    assert parsed["parts"][0]["needs_review"]


def test_cleaning_reads_lookalike_letters_and_page_furniture():
    lines = clean_lines("Page 13\nRESOLVED that it be noted.\t\u0421\u041d\n\u0391II\n7\n")
    assert [line for line in lines if line] == ["RESOLVED that it be noted.\tCH", "AII"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("on 19 December 2017", "2017-12-19"),
        ("on 19th December 2017", "2017-12-19"),
        ("Thursday, 21st June 2018", "2018-06-21"),
        ("March 8th 2018", "2018-03-08"),
        ("JANUARY 12TH 2023", "2023-01-12"),
        ("the 27th of October 2022", "2022-10-27"),
        ("12/06/2017", "2017-06-12"),
        ("on 8 March", None),
        ("31 February 2020", None),
    ],
)
def test_dates_as_minutes_write_them(text, date):
    found = find_date(text)
    assert (found.isoformat() if found else None) == date


def test_times_as_minutes_write_them():
    assert find_time("held at 10.00 am on") == "10:00"
    assert find_time("2.00 pm") == "14:00"
    assert find_time("12.05 pm") == "12:05"
    assert find_time("17:00 -18:00") == "17:00"
    assert find_time("no time") is None


def test_names_and_roles():
    assert split_person("Chris Hafford ((Borough Police Commander)) (Chairman)") == {
        "name": "Chris Hafford",
        "role": "Borough Police Commander; Chairman",
    }
    assert split_person("Matthew Cole Divisional Director – Public Health")["name"] == (
        "Matthew Cole"
    )
    assert split_person("Rita Giles MBE Dagenham Neighbourhood")["name"] == "Rita Giles"
    assert split_person("Chief Superintendent") is None
    found, review = apologies_from("Chan Farooqui Dina Shamonivoc, and Rob Vale.")
    assert [a["name"] for a in found] == ["Chan Farooqui", "Dina Shamonivoc", "Rob Vale"]
    assert review, "two names run together are read as two, and flagged"


def test_a_due_date_is_only_what_the_action_says():
    from csphub.importer.parsing.minutes import due_in

    assert due_in("Helen Marsh to circulate the figures by 31 March 2024.") == "2024-03-31"
    assert due_in("Report back no later than 5th April 2024") == "2024-04-05"
    assert due_in("Report to the next meeting.") is None
    assert due_in("By the end of March") is None  # no year: no date
