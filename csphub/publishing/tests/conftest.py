"""A meeting with everything a pack meets: uploaded PDFs, a Word paper, a typed paper, a
paper kept out of the pack, a Part 2 item and a restricted paper under a public item."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfWriter

from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.tests.documents import docx_with, pdf_with
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from csphub.partnerships.tests.factories import BodyFactory, MembershipFactory

SECRET = "KESTREL-7731"  # planted in Part 2: never in the public pack


def pdf_pages(*texts: str) -> bytes:
    """A PDF of one page per text (each page from `pdf_with`)."""
    from pypdf import PdfReader

    writer = PdfWriter()
    for text in texts:
        writer.add_page(PdfReader(io.BytesIO(pdf_with(text))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attach(paper, data: bytes, name: str) -> None:
    paper.original_filename = name
    paper.file.save(name, ContentFile(data), save=True)


@pytest.fixture
def board(partnership):
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    for _ in range(3):
        MembershipFactory(body=body, start=dt.date(2016, 1, 1), role="member")
    return body


@pytest.fixture
def meeting(board):
    previous = MeetingFactory(
        body=board, date=dt.date(2018, 1, 15), status=Meeting.Status.MINUTES_APPROVED
    )
    from csphub.meetings.tests.factories import MinuteFactory

    MinuteFactory(meeting=previous, number=180, title="Burglary", text="The board noted it.")
    m = MeetingFactory(body=board, date=dt.date(2018, 3, 26), status=Meeting.Status.HELD)
    AgendaItemFactory(meeting=m, title="Apologies for absence", standing="apologies")
    AgendaItemFactory(
        meeting=m, title="Minutes of the previous meeting", standing="previous_minutes"
    )
    prevent = AgendaItemFactory(meeting=m, title="Update on Prevent")
    attach(
        PaperFactory(item=prevent, title="Prevent report"),
        pdf_pages("Prevent p1", "p2", "p3"),
        "prevent.pdf",
    )
    restricted_appendix = PaperFactory(
        item=prevent, title=f"Prevent casework {SECRET}", security_marking="RESTRICTED"
    )
    attach(restricted_appendix, pdf_pages(f"Casework {SECRET}"), "casework.pdf")
    word = AgendaItemFactory(meeting=m, title="Sub-group reports")
    attach(
        PaperFactory(item=word, title="Domestic abuse sub-group"), docx_with("DA words"), "da.docx"
    )
    PaperFactory(item=word, title="Offender management", text="Typed words of the paper.")
    PaperFactory(item=word, title="Not for the pack", print_in_pack=False)
    secret = AgendaItemFactory(
        meeting=m, title=f"Gangs matrix {SECRET}", is_restricted=True, restricted_reason="para-7"
    )
    attach(PaperFactory(item=secret, title="Gangs paper"), pdf_pages("Gang p1", "Gang p2"), "g.pdf")
    AgendaItemFactory(meeting=m, title="Any other business", standing=AgendaItem.Standing.AOB)
    return m
