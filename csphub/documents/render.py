"""One entry point for views and commands: a ``Document`` in the format asked for."""

from __future__ import annotations

from .cache import cached_render
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
    format or paper size so a view can answer 404 rather than 500. The bytes come from the
    documents cache when the same content was rendered before (``cache.cached_render``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    paper = check_paper(paper)
    content_type, extension = FORMATS[fmt]
    content = cached_render(doc, fmt, paper=paper, render=lambda: _render(doc, fmt, paper))
    return content, content_type, extension


def _render(doc: Document, fmt: str, paper: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(doc, paper=paper)
    if fmt == "docx":
        return render_docx(doc, paper=paper)
    return render_html(doc, standalone=True, paper=paper).encode("utf-8")
