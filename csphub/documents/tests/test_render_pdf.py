"""PDF output: tagged (PDF/UA-1), paged, marked, and carrying the minutes' content."""

import io

import pypdf

from csphub.documents.render_pdf import render_pdf

from . import sample
from .conftest import MARKING


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def structure_types(node, seen=None) -> set[str]:
    """Every /S (structure type) in the tagged structure tree."""
    seen = set() if seen is None else seen
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list | pypdf.generic.ArrayObject):
        for child in node:
            structure_types(child, seen)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            seen.add(str(node["/S"]))
        if "/K" in node:
            structure_types(node["/K"], seen)
    return seen


def test_minutes_text_has_numbers_resolutions_and_actions(minutes_pdf):
    content = text(minutes_pdf)
    for number in ("175", "179", "180", "186a", "188", "191"):
        assert number in content
    assert "RESOLVED that the Chairman's update be noted." in content
    assert "RESOLVED that:" in content
    for initials in ("LG/TG", "LS", "AR", "SW"):
        assert initials in content
    assert '<script>alert("x")</script>' in content  # shown as text, never run


def test_pdf_is_tagged_with_language_and_title(minutes_pdf, minutes_doc):
    pdf = reader(minutes_pdf)
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert pdf.metadata.title == minutes_doc.title
    assert pdf.metadata.author == "Steve Wood"
    kinds = structure_types(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/P", "/L"} <= kinds


def test_every_page_is_numbered_and_marked(agenda_pdf):
    pages = reader(agenda_pdf).pages
    assert len(pages) >= 2  # the front sheet is its own page
    for number, page in enumerate(pages, start=1):
        page_text = page.extract_text()
        assert f"Page {number}" in page_text
        assert page_text.count(MARKING) == 2


def test_agenda_pdf_has_restricted_notice_and_a4_pages(agenda_pdf):
    content = text(agenda_pdf)
    assert "Exempt – paragraph 7 of Schedule 12A" in content
    assert "12a" in content
    box = reader(agenda_pdf).pages[0].mediabox
    assert round(float(box.width)) == 595
    assert round(float(box.height)) == 842


def test_a3_landscape_pages_are_wider_than_tall():
    pdf = render_pdf(sample.minutes(), paper="a3-landscape")
    for page in reader(pdf).pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    assert round(float(reader(pdf).pages[0].mediabox.width)) == 1191


def test_unmarked_document_has_no_marking(minutes_pdf):
    assert MARKING not in text(minutes_pdf)
