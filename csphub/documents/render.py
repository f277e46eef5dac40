"""One entry point for views and commands: a ``Document`` in the format asked for."""

from __future__ import annotations

from .model import Document, check_paper
from .render_docx import render_docx
from .render_html import render_html
from .render_pdf import render_pdf

FORMATS: dict[str, tuple[str, str]] = {
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


def render(doc: Document, fmt: str, *, paper: str = "a4") -> tuple[bytes, str, str]:
    """Render ``doc`` as "html" (standalone page), "pdf" or "docx".

    Returns ``(content, content_type, extension)``; raises ``ValueError`` for an unknown
    format or paper size so a view can answer 404 rather than 500.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    paper = check_paper(paper)
    content_type, extension = FORMATS[fmt]
    if fmt == "pdf":
        content = render_pdf(doc, paper=paper)
    elif fmt == "docx":
        content = render_docx(doc, paper=paper)
    else:
        content = render_html(doc, standalone=True, paper=paper).encode("utf-8")
    return content, content_type, extension
