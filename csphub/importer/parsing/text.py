"""Plain lines from what councils publish: extracted PDF text with its furniture, Word files
with their tables, and text already pulled out of packs (tab-separated table rows, stray
HTML, Markdown headings, margin letters).

Reading a file is the only part that touches the disk; cleaning is pure, so the same text
from a .txt, a .pdf and a .docx comes out as the same lines.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from csphub.importer.errors import ImportParseError

SUFFIXES = (".txt", ".pdf", ".docx")

# Cyrillic and Greek capitals that PDF text layers put in place of Latin ones ("СН" for CH)
HOMOGLYPHS = str.maketrans(
    "АВСЕНІКМОРТХУЅаесорхуΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "ABCEHIKMOPTXYSaecopxyABEHIKMNOPTXYZ",
)

_TAG = re.compile(r"</?(?:b|i|u|strong|em|span|sup|sub|p|br|font)[^>]*>", re.I)
_LIST = re.compile(r"</?(?:ul|ol)[^>]*>", re.I)
_ITEM = re.compile(r"<li[^>]*>", re.I)
_FURNITURE = re.compile(
    r"^(?:page \d+( of \d+)?|\d{1,3}|this page is left intentionally blank)$", re.I
)
_TWO = re.compile(r"[A-Za-z0-9]{2}")
_NUMBER = re.compile(r"^\d\.?$")


def read_path(path: Path) -> str:
    """The text of a .txt, .pdf (text layer) or .docx file, tables as tab-separated rows."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportParseError(
            f"{path.name}: CSP Hub reads .txt, .pdf and .docx files, not '{suffix or 'no type'}'."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportParseError(f"{path.name}: the file cannot be read ({exc.strerror}).") from exc
    if not data.strip():
        raise ImportParseError(f"{path.name}: the file is empty.")
    if suffix == ".txt":
        return _txt(path.name, data)
    if suffix == ".pdf":
        return _pdf(path)
    return _docx(path)


def _txt(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportParseError(f"{name}: this is not a text file (it holds binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportParseError(f"{name}: the text is in an encoding CSP Hub cannot read.")


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        # layout mode keeps the gap before an Action column's initials (read as a column)
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ImportParseError(f"{path.name}: this is not a PDF CSP Hub can read ({exc}).") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise ImportParseError(
            f"{path.name}: the PDF has no text layer (a scan?); run it through OCR first."
        )
    return text


def _docx(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ImportParseError(f"{path.name}: this is not a Word file CSP Hub can read.") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.replace("\n", " ").strip()
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                lines.append("\t".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise ImportParseError(f"{path.name}: the Word file has no text.")
    return text


def clean_lines(text: str) -> list[str]:
    """Lines with HTML, Markdown emphasis, homoglyphs and page furniture taken out.

    Tabs are kept (they separate table cells: an Action column's initials are the last
    cell); a bullet list written as HTML becomes one line per item.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(HOMOGLYPHS)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\t", text, flags=re.I)
    text = _LIST.sub("\n", text)
    text = _ITEM.sub("\n- ", text)
    text = re.sub(r"</li>", "", text, flags=re.I)
    text = re.sub(r"(\d)\s*<sup>\s*(st|nd|rd|th)\s*</sup>", r"\1\2", text, flags=re.I)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.replace("\u00a0", " ").replace("**", "")
        line = re.sub(r"^\s*#{1,6}\s*", "", line)
        line = re.sub(r"[ ]{3,}", "\t", line.rstrip())  # Word columns flattened to spaces
        line = re.sub(r"[ ]{2,}", " ", line)
        if not line.strip():
            out.append("")
            continue
        cells = [c.strip() for c in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        # a stray margin letter or page number in the first cell of a table row
        if (
            len(cells) > 1
            and cells[0]
            and not _TWO.search(cells[0])
            and not _NUMBER.match(cells[0])
        ):
            cells[0] = ""
        line = "\t".join(cells)
        if _FURNITURE.match(line.strip()) or not _TWO.search(line):
            continue
        out.append(line)
    return out


def plain(line: str) -> str:
    """A line's cells joined by spaces, for reading it as prose."""
    return " ".join(c for c in (p.strip() for p in line.split("\t")) if c)
