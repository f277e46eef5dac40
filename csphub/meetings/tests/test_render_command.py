"""`csphub render` on the demo: the 19 December 2017 minutes as the seed pack prints them."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as Docx
from pypdf import PdfReader

from csphub.demo.loader import FIXTURES, load_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def bromley(db):
    return load_fixture(FIXTURES / "safer-bromley.yaml")


def test_render_minutes_pdf_shows_minutes_175_to_191_with_actions(bromley, tmp_path):
    out = tmp_path / "minutes.pdf"
    call_command(
        "render", "safer-bromley/board/2017-12-19", document="minutes", format="pdf", out=str(out)
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    numbers = [int(n) for n in re.findall(r"^\s*(1[789]\d)[a-z]?\b", text, re.MULTILINE)]
    for n in range(175, 192):
        assert n in numbers, f"minute {n} missing from the PDF"
    assert "186a" in text
    assert "RESOLVED" in text
    for initials in ["LG/TG", "RV", "LS/JB", "CH", "JB", "AR", "AM"]:
        assert initials in text, f"action initials {initials} missing"
    assert "Strategic Group" in text  # the board's name on the day


def test_render_agenda_docx_and_html(bromley, tmp_path):
    docx_out = tmp_path / "agenda.docx"
    call_command(
        "render",
        "safer-bromley/board/2018-03-26",
        document="agenda",
        format="docx",
        out=str(docx_out),
    )
    doc = Docx(str(docx_out))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Matters Arising".lower() in text.lower()
    html_out = tmp_path / "agenda.html"
    call_command(
        "render",
        "safer-bromley/board/2018-03-26",
        document="agenda",
        format="html",
        out=str(html_out),
    )
    assert "12a" in html_out.read_text() or "12 a" in html_out.read_text()


def test_render_unknown_meeting_is_a_clear_error(bromley, tmp_path):
    with pytest.raises(CommandError, match="partnership/body/YYYY-MM-DD"):
        call_command(
            "render", "safer-bromley/board/1999-01-01", document="minutes", out=str(tmp_path / "x")
        )


def test_one_render_command_for_every_registered_document(bromley, tmp_path):
    """The Matters Arising report (registered by the actions app) renders like the agenda;
    formats a document does not come in, and binary output without a file, are refused."""
    key = "safer-bromley/board/2018-03-26"
    out = tmp_path / "ma.html"
    call_command(
        "render", key, document="matters-arising", format="html", out=str(out), stdout=io.StringIO()
    )
    assert "Matters arising from previous meetings" in out.read_text()
    json_out = io.StringIO()
    call_command("render", key, document="matters-arising", format="json", stdout=json_out)
    assert f'"meeting": "{key}"' in json_out.getvalue()
    with pytest.raises(CommandError, match="comes as html, pdf, docx, not json"):
        call_command("render", key, document="agenda", format="json", out=str(tmp_path / "x"))
    with pytest.raises(CommandError, match="needs --out"):
        call_command("render", key, document="agenda", format="pdf")
