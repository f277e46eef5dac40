"""DOCX output: Word's own headings, repeating table headers, properties and language."""

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from csphub.documents.render_docx import render_docx

from . import sample
from .conftest import MARKING


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def all_text(word) -> str:
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def styles_of(word) -> dict[str, str]:
    return {p.text: p.style.name for p in word.paragraphs if p.text}


def test_headings_use_word_heading_styles(minutes_docx, agenda_docx):
    minutes = styles_of(open_docx(minutes_docx))
    assert minutes["Present"] == "Heading 1"
    assert minutes["179\tChairman's update"] == "Heading 2"
    assert minutes["Appendix A\tMatters arising"] == "Heading 1"
    assert minutes["Safer Bromley Partnership Strategic Group: minutes"] == "Title"
    agenda = styles_of(open_docx(agenda_docx))
    assert agenda["Agenda"] == "Heading 1"
    assert agenda["5\tMatters arising (Pages 19 - 22)"] == "Heading 2"
    assert agenda["12a\tDomestic abuse sub group update (Pages 31 - 34)"] == "Heading 3"


def test_every_table_header_row_repeats(minutes_docx):
    word = open_docx(minutes_docx)
    assert word.tables
    for table in word.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None
        assert tr_pr.find(qn("w:tblHeader")) is not None
        assert (
            table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
        )


def test_minutes_content_and_action_column(minutes_docx):
    word = open_docx(minutes_docx)
    content = all_text(word)
    for number in ("175", "179", "180", "186a", "188", "191"):
        assert number in content
    rows = {
        row.cells[0].text: row.cells[1].text
        for table in word.tables
        for row in table.rows
        if len(row.cells) == 2
    }
    assert rows["RESOLVED that Lucien Spencer update the Group on the Jobs Fair."] == "LS"
    assert rows["1. an update on the mass casualty exercise is brought to the next meeting."] == (
        "LG/TG"
    )
    assert rows["The date of the next meeting was confirmed as 8 March 2018."] == "SW"
    resolved = next(
        p
        for t in word.tables
        for r in t.rows
        for p in r.cells[0].paragraphs
        if p.text.startswith("RESOLVED that Lucien")
    )
    assert all(run.bold for run in resolved.runs)


def test_properties_language_and_page(minutes_docx, minutes_doc):
    word = open_docx(minutes_docx)
    props = word.core_properties
    assert props.title == minutes_doc.title
    assert props.author == "Steve Wood"
    assert props.language == "en-GB"
    defaults = word.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    normal_lang = word.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal_lang.get(qn("w:val")) == "en-GB"
    section = word.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml
    assert "Page " in footer_xml
    assert MARKING not in footer_xml


def test_marking_in_header_and_footer(agenda_docx):
    section = open_docx(agenda_docx).sections[0]
    assert MARKING in section.header.paragraphs[0].text
    assert MARKING in "\n".join(p.text for p in section.footer.paragraphs)


def test_agenda_restricted_notice_and_front_sheet(agenda_docx):
    content = all_text(open_docx(agenda_docx))
    assert "Exempt – paragraph 7 of Schedule 12A" in content
    assert "To: Members of the Safer Bromley Partnership Strategic Group" in content
    assert "Nigel Davies, LBB Executive Director, Environmental Services (Vice-Chairman)" in content


def test_each_numbered_list_restarts():
    doc = sample.minutes()
    from csphub.documents.model import ListBlock

    doc.blocks += [ListBlock(["a", "b"], style="number"), ListBlock(["c"], style="number")]
    word = open_docx(render_docx(doc))
    ids = [
        p._p.pPr.numPr.numId.val
        for p in word.paragraphs
        if p.style.name == "List Number" and p.text in ("a", "c")
    ]
    assert len(set(ids)) == 2


@pytest.mark.parametrize("paper", ["a3-landscape"])
def test_a3_landscape_section(paper):
    section = open_docx(render_docx(sample.minutes(), paper=paper)).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height


def test_hostile_text_is_kept_as_text():
    content = all_text(open_docx(render_docx(sample.hostile())))
    assert '<script>alert("x")</script> & Co' in content
