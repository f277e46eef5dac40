"""The words of an uploaded paper, for search: PDF, Word and Excel, best effort.

Extraction is a courtesy to search, never a condition of the upload: a corrupt or odd
file gives empty text and the paper is still stored.
"""

from __future__ import annotations

import io
import logging
import os

logger = logging.getLogger(__name__)

MAX_CHARS = 500_000  # a paper's text beyond this adds nothing findable worth the index


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def _csv(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


EXTRACTORS = {".pdf": _pdf, ".docx": _docx, ".xlsx": _xlsx, ".csv": _csv}


def extract_text(filename: str, data: bytes) -> str:
    """The text of a file by its extension; "" when the type is unknown or the file broken."""
    extractor = EXTRACTORS.get(os.path.splitext(filename or "")[1].lower())
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except Exception:  # noqa: BLE001 - any parser failure means "no text", never a failed upload
        logger.info("No text extracted from %s", filename, exc_info=True)
        return ""
    return text.replace("\x00", "")[:MAX_CHARS]
