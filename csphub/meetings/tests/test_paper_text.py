"""A paper's words are extracted on upload for search; a broken file never fails it."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csphub.meetings import services
from csphub.meetings.paper_text import extract_text
from csphub.partnerships.tests.factories import BodyFactory

from .documents import docx_with, pdf_with, xlsx_with


@pytest.mark.parametrize(
    ("name", "build"), [("a.pdf", pdf_with), ("a.docx", docx_with), ("a.xlsx", xlsx_with)]
)
def test_text_of_each_kind(name, build):
    assert "Knife crime hotspots" in extract_text(name, build("Knife crime hotspots"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", b"%PDF-1.4 broken"),
        ("a.docx", b"PK\x03\x04 nope"),
        ("a.xlsx", b"PK"),
        ("a.pptx", b"PK"),
    ],
)
def test_broken_or_unread_files_give_no_text(name, data):
    assert extract_text(name, data) == ""


@pytest.fixture
def item(users, partnership):
    body = BodyFactory(partnership=partnership, slug="board")
    meeting = services.meeting_schedule(
        actor=users["secretariat"], body=body, date=dt.date(2017, 12, 19), start_time=dt.time(10)
    )
    return meeting.items.first()


def test_upload_stores_the_text_and_the_whole_file(users, item):
    data = pdf_with("Operation Quokka update")
    upload = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
    paper = services.paper_add(actor=users["secretariat"], item=item, title="Report", file=upload)
    paper.refresh_from_db()
    assert paper.text.strip() == "Operation Quokka update"
    assert paper.file.read() == data


def test_corrupt_upload_is_stored_with_empty_text(users, item):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    paper = services.paper_add(actor=users["secretariat"], item=item, title="Report", file=upload)
    assert paper.pk and paper.text == ""
