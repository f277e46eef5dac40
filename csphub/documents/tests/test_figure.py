"""Figures (charts) in every format: inline, sanitised SVG with a caption and a text
description in HTML; the same in the PDF; a picture with alt text in Word."""

import io
import re
import xml.etree.ElementTree as ET

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from PIL import Image

from csphub.documents.model import Document, Figure, Heading, Paragraph
from csphub.documents.render import render
from csphub.documents.render_docx import FIGURE_MAX_WIDTH, render_docx
from csphub.documents.render_html import render_html
from csphub.documents.render_pdf import render_pdf

CAPTION = "Figure 1: Burglary by month, April 2016 to July 2017"
ALT = (
    "Burglary in Barking and Dagenham, April 2016 to July 2017: highest 140 in March 2017, "
    "lowest 88 in May 2016; latest 131 in July 2017, up 12 on July 2016."
)
# A small chart-like SVG as matplotlib writes it (style attributes, xlink, ids)
CHART_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="200pt" height="100pt" viewBox="0 0 200 100">
 <title id="t">Burglary</title>
 <defs><path id="m1" d="M 0 0 L 0 3"/>
  <clipPath id="c1"><rect x="0" y="0" width="200" height="90"/></clipPath></defs>
 <g clip-path="url(#c1)">
  <path d="M 10 80 L 190 20" style="fill: none; stroke: #1d4f91; stroke-width: 2"/></g>
 <use xlink:href="#m1" x="10" y="90" style="stroke: #0b0c0c"/>
 <text x="10" y="98" style="font-size: 10px; text-anchor: middle">Apr 16</text>
</svg>"""
HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0 0 10 10" onload="alert(1)">
 <script>alert(2)</script>
 <foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>
 <image href="https://example.com/x.png" width="5" height="5"/>
 <a href="javascript:alert(3)"><text x="1" y="5">link</text></a>
 <use xlink:href="https://example.com/sprite.svg#x"/>
 <rect width="5" height="5" fill="url(https://example.com/p)" onclick="alert(4)"
  style="fill: red; behavior: url(x.htc)"/>
 <text x="1" y="9">kept</text>
</svg>"""


def png(width: int = 400, height: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def chart_doc(**figure) -> Document:
    defaults = {"svg": CHART_SVG, "png": png(), "caption": CAPTION, "alt": ALT}
    return Document(
        title="Crime and disorder pack",
        blocks=[
            Heading("Trends"),
            Figure(**(defaults | figure)),
            Paragraph("Between the charts."),
            Figure(**defaults),
        ],
    )


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]  # noqa: S314


# --- the model --------------------------------------------------------------------------


def test_a_figure_needs_svg_alt_text_and_a_real_png():
    with pytest.raises(ValueError, match="alt text"):
        Figure(svg=CHART_SVG, png=None, caption=CAPTION, alt="  ")
    with pytest.raises(ValueError, match="SVG"):
        Figure(svg="<p>no</p>", png=None, caption=CAPTION, alt=ALT)
    with pytest.raises(ValueError, match="PNG"):
        Figure(svg=CHART_SVG, png=b"GIF89a", caption=CAPTION, alt=ALT)
    assert Figure(svg=CHART_SVG, png=None, caption="", alt=ALT).png is None


# --- HTML -------------------------------------------------------------------------------


def test_html_figure_has_caption_description_and_an_accessible_svg():
    html = render_html(chart_doc())
    assert html.count("<figure") == 2
    figure = re.search(r"<figure\b.*?</figure>", html, flags=re.S)[0]
    caption = re.search(r"<figcaption\b.*?</figcaption>", figure, flags=re.S)[0]
    assert CAPTION in caption
    assert ALT in caption
    svg = svgs(figure)[0]
    assert svg.get("role") == "img"
    title_id = svg.get("aria-labelledby")
    title = svg.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.get("id") == title_id and title.text == "Burglary"
    described = svg.get("aria-describedby")
    assert re.search(rf'<p [^>]*id="{described}"[^>]*>{re.escape(ALT)}</p>', figure)


def test_html_svg_is_restyled_as_attributes_so_it_works_under_csp():
    html = render_html(chart_doc(), standalone=False)  # the site fragment: no inline styles
    assert "style=" not in html
    svg = svgs(html)[0]
    ns = "{http://www.w3.org/2000/svg}"
    line = next(p for p in svg.iter(f"{ns}path") if p.get("stroke") == "#1d4f91")
    assert line.get("stroke-width") == "2" and line.get("fill") == "none"
    text = next(svg.iter(f"{ns}text"))
    assert text.get("font-size") == "10px" and text.get("text-anchor") == "middle"
    assert svg.get("width") == "100%" and svg.get("height") is None  # scales to the column


def test_ids_are_prefixed_per_figure_and_references_follow():
    html = render_html(chart_doc())
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "two figures on one page share an id"
    first, second = svgs(html)
    for svg in (first, second):
        own = {e.get("id") for e in svg.iter() if e.get("id")}
        group = next(e for e in svg.iter() if e.get("clip-path"))
        assert group.get("clip-path")[5:-1] in own
        use = next(e for e in svg.iter() if e.tag.endswith("use"))
        assert use.get("href")[1:] in own


def test_hostile_svg_is_cut_down_to_drawing():
    html = render_html(chart_doc(svg=HOSTILE_SVG))
    figure = re.search(r"<figure\b.*?</figure>", html, flags=re.S)[0]
    for bad in ("<script", "alert", "foreignObject", "<image", "example.com", "javascript:"):
        assert bad not in figure, bad
    assert "onload" not in figure and "onclick" not in figure and "behavior" not in figure
    assert ">kept</text>" in figure
    assert 'fill="red"' in figure  # the harmless part of the style survives


def test_svg_that_does_not_parse_is_an_error_not_markup():
    with pytest.raises(ValueError, match="does not parse"):
        render_html(chart_doc(svg="<svg><g></svg>"))


# --- PDF --------------------------------------------------------------------------------


def structure_types(node, seen=None) -> set[str]:
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


@pytest.mark.parametrize("paper", ["a4", "a3-landscape"])
def test_pdf_draws_the_figure_with_its_caption_and_description(paper):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(chart_doc(), paper=paper)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert CAPTION in text
    assert ALT in text
    assert "Apr 16" in text  # the chart's own text is text, not pixels
    tags = structure_types(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/Figure", "/Caption"} <= tags


# --- DOCX -------------------------------------------------------------------------------


def test_docx_has_an_inline_picture_with_alt_text_caption_and_description():
    word = docx.Document(io.BytesIO(render_docx(chart_doc())))
    assert len(word.inline_shapes) == 2
    shape = word.inline_shapes[0]
    doc_pr = shape._inline.docPr
    assert doc_pr.get("descr") == ALT
    assert doc_pr.get("title") == CAPTION
    section = word.sections[0]
    assert shape.width <= section.page_width - section.left_margin - section.right_margin
    paragraphs = [p for p in word.paragraphs if p.text]
    captions = [p.text for p in paragraphs if p.style.name == "Caption"]
    assert captions == [CAPTION, CAPTION]
    texts = [p.text for p in paragraphs]
    assert texts[texts.index(CAPTION) + 1] == ALT
    picture = next(p for p in word.paragraphs if p._p.findall(f".//{qn('w:drawing')}"))
    assert picture.paragraph_format.keep_with_next  # the caption stays with its chart


def test_docx_figure_width_is_capped_on_a3_and_png_is_optional():
    word = docx.Document(io.BytesIO(render_docx(chart_doc(), paper="a3-landscape")))
    assert word.inline_shapes[0].width == FIGURE_MAX_WIDTH
    word = docx.Document(io.BytesIO(render_docx(chart_doc(png=None))))
    assert len(word.inline_shapes) == 1  # the second figure still has its PNG
    body = word.element.body
    assert CAPTION in [p.text for p in word.paragraphs]
    assert body.findall(f".//{qn('w:drawing')}")


def test_every_format_renders_a_document_with_figures():
    doc = chart_doc()
    for fmt in ("html", "pdf", "docx"):
        content, _, _ = render(doc, fmt)
        assert content
