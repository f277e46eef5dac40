"""Render a ``Document`` to Word (DOCX) with python-docx.

Councils edit and re-issue papers in Word, so the DOCX uses Word's own structure: built-in
Heading 1-3 styles (navigation pane, accessibility checker), tables whose header rows repeat
on every page, a PAGE field in the footer, the security marking in header and footer, the
document language on the styles, and title and author in the document properties.
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.styles import CT_Style
from docx.oxml.table import CT_Row
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from .model import (
    AgendaItem,
    Block,
    Cell,
    Document,
    Figure,
    FrontSheet,
    Heading,
    ListBlock,
    Minute,
    Notice,
    PageBreak,
    Paper,
    Paragraph,
    Run,
    SummaryList,
    Table,
    check_paper,
    runs,
)

FONT = "Arial"  # on every council PC; the PDF uses the metric-compatible Liberation Sans
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
HEADER_FILL = "F3F2F1"
MARGIN = Mm(20)
NUMBER_INDENT = Mm(16)  # where a heading's text starts after its number ("12a", "186a")
FIGURE_MAX_WIDTH = Mm(240)  # a chart wider than this is too big to read on A3
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "centre": WD_ALIGN_PARAGRAPH.CENTER,
}
_SIZES = {"Title": 22, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13, "Heading 3": 12}

Container = WordDocument | _Cell
# w:pPr children that must follow w:pBdr (schema order), for inserting a border.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def render_docx(doc: Document, *, paper: str = "a4") -> bytes:
    """The document as DOCX bytes, on A4 portrait, A4 landscape or A3 landscape."""
    word = docx.Document()
    _styles(word, doc.language, doc.brand_colour)
    section = word.sections[0]
    _page(section, check_paper(paper))
    _header_footer(section, doc.marking)
    _properties(word, doc)
    writer = _Writer(word, Emu(section.page_width - section.left_margin - section.right_margin))
    writer.title(doc)
    for block in doc.blocks:
        writer.block(word, block)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


# --- document set-up --------------------------------------------------------------------


def _set_font(style: CT_Style, language: str) -> None:
    """Pin fonts (dropping theme fonts, which would win) and the language on a style."""
    rpr = style.get_or_add_rPr()
    _pin_fonts(rpr.get_or_add_rFonts())
    _set_lang(rpr, language)


def _pin_fonts(fonts: BaseOxmlElement) -> None:
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _set_lang(rpr: BaseOxmlElement, language: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def _styles(word: WordDocument, language: str, brand_colour: str) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_lang(rpr_default, language)
    _pin_fonts(rpr_default.find(qn("w:rFonts")))
    normal = word.styles["Normal"]
    _set_font(normal.element, language)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in _SIZES.items():
        style = word.styles[name]
        _set_font(style.element, language)
        style.font.size = Pt(size)
        style.font.color.rgb = BLACK
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        if name.startswith("Heading"):
            style.paragraph_format.tab_stops.add_tab_stop(NUMBER_INDENT)
            style.paragraph_format.space_before = Pt(12)
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
    for name in ("Caption", "Header", "Footer", "List Bullet", "List Number"):
        _set_font(word.styles[name].element, language)
    rule = word.styles["Title"].element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    if rule is not None:  # the template's rule under the title, in the partnership's colour
        rule.set(qn("w:color"), brand_colour.lstrip("#").upper())
        rule.attrib.pop(qn("w:themeColor"), None)
    caption = word.styles["Caption"]
    caption.font.color.rgb = BLACK
    caption.font.size = Pt(11)


def _page(section: Section, paper: Paper) -> None:
    if paper == "a3-landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(420), Mm(297)
    elif paper == "a4-landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _header_footer(section: Section, marking: str) -> None:
    footer = section.footer.paragraphs[0]
    if marking:
        header = section.header.paragraphs[0]
        for paragraph in (header, footer):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(marking).bold = True
        footer = section.footer.add_paragraph()
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _add_field(footer, "PAGE")


def _add_field(paragraph: WordParagraph, instruction: str) -> None:
    """A complex field (e.g. PAGE) that Word updates; "1" shows until it does."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run._r.append(_fld_char(kind))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(_fld_char("end"))


def _fld_char(kind: str) -> BaseOxmlElement:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def _properties(word: WordDocument, doc: Document) -> None:
    props = word.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    props.title = doc.title
    props.subject = doc.subtitle
    props.author = doc.author or doc.organisation or doc.partnership
    props.last_modified_by = "CSP Hub"
    props.language = doc.language
    props.keywords = doc.partnership
    props.category = doc.marking
    props.comments = ""
    props.created = props.modified = now
    props.revision = 1


# --- blocks -----------------------------------------------------------------------------


def _write_runs(paragraph: WordParagraph, parts: tuple[Run, ...], *, bold: bool = False) -> None:
    for part in parts:
        run = paragraph.add_run(part.text)  # python-docx turns "\n" into a line break
        run.bold = True if (part.strong or bold) else None
        run.italic = True if part.emphasis else None


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row_tr: CT_Row) -> None:
    """Mark a table row as a header row that Word repeats at the top of each page."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_tr.get_or_add_trPr().append(header)


def _caption(table: WordTable, caption: str) -> None:
    """Alt text (title) for the table, read by screen readers and Word's checker."""
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption)
    table._tbl.tblPr.append(element)


class _Writer:
    """Writes blocks into the document or into a table cell."""

    def __init__(self, word: WordDocument, width: Emu) -> None:
        self.word = word
        self.width = width
        self._number_list: tuple[int, int] | None = None  # (abstractNumId, numId of style)

    def title(self, doc: Document) -> None:
        if doc.partnership:
            self.para(self.word).add_run(doc.partnership).bold = True
        self.para(self.word, "Title").add_run(doc.title)
        if doc.subtitle:
            self.para(self.word, "Subtitle").add_run(doc.subtitle)
        if doc.date_text:
            self.para(self.word).add_run(doc.date_text)

    def para(self, container: Container, style: str | None = None) -> WordParagraph:
        """A new paragraph; a fresh table cell's own empty first paragraph is reused."""
        if isinstance(container, _Cell):
            existing = container.paragraphs
            if len(existing) == 1 and not existing[0].runs:
                if style:
                    existing[0].style = style
                return existing[0]
        return container.add_paragraph(style=style)

    def block(self, container: Container, block: Block) -> None:
        match block:
            case FrontSheet():
                self.front_sheet(container, block)
            case Heading():
                self.heading(container, block.text, block.level, block.number)
            case Paragraph():
                _write_runs(self.para(container), block.runs)
            case ListBlock():
                self.list(container, block)
            case SummaryList():
                for row in block.rows:
                    paragraph = self.para(container)
                    paragraph.add_run(f"{row.label}: ").bold = True
                    _write_runs(paragraph, row.runs)
            case Table():
                self.table(container, block)
            case AgendaItem():
                self.agenda_item(container, block)
            case Minute():
                self.minute(container, block)
            case Notice():
                self.notice(container, block)
            case Figure():
                self.figure(container, block)
            case PageBreak():
                self.word.add_page_break()
            case _:
                raise TypeError(f"cannot render {type(block).__name__} to DOCX")

    def heading(self, container: Container, text: str, level: int, number: str = "") -> None:
        paragraph = self.para(container, f"Heading {min(level, 9)}")
        if number:
            # Hanging indent: a long title wraps under itself, not under its number.
            paragraph.paragraph_format.left_indent = NUMBER_INDENT
            paragraph.paragraph_format.first_line_indent = -NUMBER_INDENT
            paragraph.add_run(f"{number}\t")
        paragraph.add_run(text)

    def front_sheet(self, container: Container, sheet: FrontSheet) -> None:
        if sheet.contact:
            contact = sheet.contact
            for label, value in (
                (contact.label, contact.name),
                ("Tel", contact.phone),
                ("E-mail", contact.email),
            ):
                if value:
                    paragraph = self.para(container)
                    paragraph.paragraph_format.space_after = Pt(0)
                    paragraph.add_run(f"{label}: ").bold = True
                    paragraph.add_run(value)
        issuer = "\n".join(part for part in (sheet.organisation, sheet.date_text) if part)
        if issuer:
            paragraph = self.para(container)
            paragraph.paragraph_format.space_before = Pt(12)
            paragraph.add_run(issuer)
        addressee = self.para(container)
        addressee.add_run(f"{sheet.addressee} ")
        addressee.add_run(sheet.body_name).bold = True
        for member in sheet.members:
            paragraph = self.para(container)
            paragraph.paragraph_format.left_indent = Mm(8)
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(member.display)
        details = self.para(container)
        details.paragraph_format.space_before = Pt(12)
        _write_runs(details, sheet.meeting_runs)
        for note in sheet.note_runs:
            _write_runs(self.para(container), note)

    def list(self, container: Container, block: ListBlock) -> None:
        style = {"bullet": "List Bullet", "number": "List Number", "plain": None}[block.style]
        num_id = self._restarted_numbering() if block.style == "number" else None
        for item in block.item_runs:
            paragraph = self.para(container, style)
            if block.style == "plain":
                paragraph.paragraph_format.space_after = Pt(2)
            if num_id is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id
            _write_runs(paragraph, item)

    def _restarted_numbering(self) -> int:
        """A new numbering instance so each numbered list starts again at 1."""
        numbering = self.word.part.numbering_part.element
        style_pr = self.word.styles["List Number"].element.pPr
        style_num_id = style_pr.numPr.numId.val
        abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def table(self, container: Container, block: Table) -> None:
        if block.caption:
            caption = self.para(container, "Caption")
            caption.add_run(block.caption)
            caption.paragraph_format.keep_with_next = True
        columns = block.column_count
        widths = block.col_widths or [1 / columns] * columns
        width = self._width(container)
        table = container.add_table(rows=0, cols=columns)
        table.style = self.word.styles["Table Grid"]
        table.autofit = False
        if block.caption:
            _caption(table, block.caption)
        for grid_col, fraction in zip(table.columns, widths, strict=True):
            grid_col.width = Emu(int(width * fraction))
        for row in block.header_cells:
            self._row(table, row, widths, width, header=True)
        for row in block.body_cells:
            self._row(table, row, widths, width, header=False)
        if block.keep_together:  # Word keeps a table together by keeping each row with the next
            for word_row in table.rows[:-1]:
                for word_cell in word_row.cells:
                    for paragraph in word_cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True

    def _width(self, container: Container) -> int:
        if isinstance(container, _Cell) and container.width:
            return int(container.width)
        return int(self.width)

    def _row(
        self, table: WordTable, row: list[Cell], widths: list[float], width: int, *, header: bool
    ) -> None:
        word_row = table.add_row()
        if header:
            _repeat_header(word_row._tr)
        cells = word_row.cells
        column = 0
        for cell in row:
            last = min(column + cell.colspan, len(cells)) - 1
            target = cells[column].merge(cells[last]) if last > column else cells[column]
            target.width = Emu(int(width * sum(widths[column : last + 1])))
            paragraph = target.paragraphs[0]
            paragraph.alignment = _ALIGN[cell.align]
            _write_runs(paragraph, cell.runs, bold=header or cell.header)
            if header:
                _shade(target, HEADER_FILL)
            column = last + 1

    def agenda_item(self, container: Container, item: AgendaItem, level: int | None = None) -> None:
        level = level or item.level
        title = f"{item.title} ({item.pages})" if item.pages else item.title
        self.heading(container, title, level, item.number)
        if item.restricted:
            self.para(container).add_run(item.restricted).bold = True
        meta = [
            f"{label}: {value}"
            for label, value in (("Presenter", item.presenter), ("Time allowed", item.time_allowed))
            if value
        ]
        if meta:
            self.para(container).add_run("\n".join(meta))
        if item.note_runs:
            _write_runs(self.para(container), item.note_runs)
        if item.papers:
            self.para(container).add_run("Papers:")
            for paper in item.papers:
                self.para(container, "List Bullet").add_run(paper)
        for sub in item.sub_items:
            self.agenda_item(container, sub, level + 1)

    def minute(self, container: Container, minute: Minute) -> None:
        self.heading(container, minute.title, minute.level, minute.number)
        rows = minute.rows()
        if not rows:
            return
        width = self._width(container)
        widths = (int(width * 0.84), int(width * 0.16))
        table = container.add_table(rows=0, cols=2)
        table.autofit = False
        _caption(table, f"Minute {minute.number}: record and actions")
        for grid_col, col_width in zip(table.columns, widths, strict=True):
            grid_col.width = Emu(col_width)
        head = table.add_row()
        _repeat_header(head._tr)
        for cell, text, align in zip(
            head.cells, (f"Minute {minute.number}", "Action"), ("left", "right"), strict=True
        ):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = _ALIGN[align]
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(9)
        for row in rows:
            record, action = table.add_row().cells
            record.width, action.width = Emu(widths[0]), Emu(widths[1])
            self.block(record, row.content)
            paragraph = action.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if row.action:
                paragraph.add_run(row.action).bold = True

    def notice(self, container: Container, notice: Notice) -> None:
        paragraph = self.para(container)
        paragraph.paragraph_format.left_indent = Mm(6)
        _left_border(paragraph, "D4351C" if notice.kind == "warning" else "B1B4B6")
        prefix = "Warning: " if notice.kind == "warning" else ""
        if notice.title:
            prefix += f"{notice.title}: " if notice.kind == "warning" else f"{notice.title}\n"
        if prefix:
            paragraph.add_run(prefix).bold = True
        _write_runs(paragraph, runs(notice.text), bold=notice.kind == "warning")

    def figure(self, container: Container, figure: Figure) -> None:
        """The PNG at the text width, its caption below, then the description in words.

        The description is the picture's alt text too (``wp:docPr/@descr``, what Word's
        "Alt Text" pane and its accessibility checker read), with the caption as its title.
        """
        if figure.png is not None:
            paragraph = self.para(container)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(6)
            width = Emu(min(self._width(container), FIGURE_MAX_WIDTH))
            shape = paragraph.add_run().add_picture(BytesIO(figure.png), width=width)
            doc_pr = shape._inline.docPr
            doc_pr.set("descr", figure.alt)
            if figure.caption:
                doc_pr.set("title", figure.caption)
        if figure.caption:
            caption = self.para(container, "Caption")
            caption.paragraph_format.keep_with_next = True
            caption.add_run(figure.caption)
        description = self.para(container)
        description.add_run(figure.alt).font.size = Pt(10)


def _left_border(paragraph: WordParagraph, colour: str) -> None:
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "24"), ("space", "8"), ("color", colour)):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(borders, *_AFTER_PBDR)
