"""A paper's pages for the pack: the uploaded PDF itself, a Word or Excel paper converted
where LibreOffice is installed, or else a clear note that it is published separately.

Nothing here decides who may see a paper: the compiler is given only the papers the
pack's reader may see.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from csphub.meetings.models import Paper

logger = logging.getLogger(__name__)

CONVERTIBLE = {"docx", "doc", "xlsx", "xls", "odt", "ods", "rtf", "pptx"}
KINDS = {
    "docx": "a Word document",
    "doc": "a Word document",
    "odt": "a text document",
    "rtf": "a text document",
    "xlsx": "an Excel spreadsheet",
    "xls": "an Excel spreadsheet",
    "ods": "a spreadsheet",
    "pptx": "a PowerPoint presentation",
}
CONVERT_TIMEOUT = 120


@dataclass(frozen=True)
class PaperPages:
    """Either a PDF reader over the paper's pages, or the reason it is not in the pack."""

    reader: PdfReader | None
    note: str = ""


def extension(paper: Paper) -> str:
    name = paper.original_filename or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def converter() -> str | None:
    """LibreOffice's command, if this machine has it."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pages_for(paper: Paper) -> PaperPages:
    if not paper.file:
        return PaperPages(None, "This paper is to follow.")
    with paper.file.open("rb") as handle:
        data = handle.read()
    ext = extension(paper)
    if data.startswith(b"%PDF"):
        return _read_pdf(data)
    kind = KINDS.get(ext, "a file that cannot be printed in the pack")
    if ext in CONVERTIBLE and (command := converter()):
        converted = _convert(command, data, ext)
        if converted is not None:
            return _read_pdf(converted)
    return PaperPages(
        None,
        f"This paper is {kind} and is published separately as an appendix to this pack: "
        "download it from the meeting's page.",
    )


def _read_pdf(data: bytes) -> PaperPages:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return PaperPages(None, "This paper is a protected PDF and is published separately.")
        if not reader.pages:
            return PaperPages(None, "This paper's file has no pages; it is to follow.")
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        logger.warning("Unreadable PDF paper: %s", exc)
        return PaperPages(
            None, "This paper's file could not be read as a PDF; it is published separately."
        )
    return PaperPages(reader)


def _convert(command: str, data: bytes, ext: str) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="csphub-convert-") as folder:
        source = Path(folder) / f"paper.{ext}"
        source.write_bytes(data)
        try:
            # A fixed program and arguments; the file is ours, in a private temp folder.
            subprocess.run(  # noqa: S603
                [command, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            logger.warning("Could not convert a %s paper to PDF: %s", ext, exc)
            return None
        target = source.with_suffix(".pdf")
        return target.read_bytes() if target.exists() else None
