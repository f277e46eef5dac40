"""Render a ``Document`` to a tagged (PDF/UA-1) PDF with WeasyPrint.

The PDF is the standalone HTML plus print-only CSS: "Page N" in the footer and the security
marking, when set, at the top and bottom of every page. Tagging gives /MarkInfo, a structure
tree, /Lang and DisplayDocTitle so screen readers can read council papers.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .model import Document
from .render_html import html_for_pdf

logger = logging.getLogger(__name__)


def _fetcher() -> URLFetcher:
    # Documents never reference outside resources; refuse all but inline data: URLs.
    return URLFetcher(allowed_protocols={"data"})


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector paused while WeasyPrint lays out and writes.

    A long document makes hundreds of thousands of boxes, all alive until the PDF is
    written, so each collection walks them again for nothing: pausing it took about a
    tenth off a 38-page table (decision 0033). The garbage is collected as usual after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(doc: Document, *, paper: str = "a4", page_numbers: bool = True) -> bytes:
    """The document as PDF bytes, A4 portrait or A3 landscape ("a3-landscape").

    ``page_numbers=False``: no "Page N" footer (a compiled pack numbers its pages itself)."""
    with _no_cyclic_gc():
        html = HTML(
            string=html_for_pdf(doc, paper=paper, page_numbers=page_numbers),
            url_fetcher=_fetcher(),
            base_url=None,
        )
        try:
            pdf = html.write_pdf(pdf_variant="pdf/ua-1")
        except Exception:  # pragma: no cover - depends on the WeasyPrint build
            logger.warning("PDF/UA-1 failed; falling back to a tagged PDF", exc_info=True)
            pdf = html.write_pdf(pdf_tags=True)
    if pdf is None:  # pragma: no cover - write_pdf returns bytes without a target
        raise RuntimeError("WeasyPrint produced no PDF")
    return pdf
