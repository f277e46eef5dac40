"""The one way a document leaves the site: every document view answers with these.

Kept apart from the views so that headers cannot drift between the agenda, the minutes,
the Matters Arising report and the crime pack: the same content type, the same
Content-Disposition rule, the same caching and the same Content Security Policy for the
stand-alone HTML page. Imports Django's HTTP layer only, no csphub app.
"""

from __future__ import annotations

import base64
import hashlib
import re

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .model import Document
from .registry import DocumentType
from .render import FORMATS, render

__all__ = [
    "DOWNLOAD",
    "INLINE",
    "document_response",
    "download_response",
    "registered_response",
    "style_hashes",
]

# A browser shows a PDF or a web page itself (readers can still save it); Word is saved.
INLINE = frozenset({"html", "pdf"})
DOWNLOAD = frozenset({"docx", "csv", "json"})


def document_response(
    document: Document, fmt: str, filename: str, *, paper: str = "a4"
) -> HttpResponse:
    """``document`` as ``fmt`` ("html", "pdf" or "docx"), named ``filename`` + extension.

    Raises ``ValueError`` for a format or paper the renderers do not know; views check the
    format against the registry first so that a bad URL is a 404.
    """
    content, content_type, extension = render(document, fmt, paper=paper)
    response = download_response(
        content, content_type, f"{filename}.{extension}", inline=fmt in INLINE
    )
    if fmt == "html":  # the stand-alone page carries its own <style>: allow exactly that
        response._csp_update = {"style-src": style_hashes(content)}  # type: ignore[attr-defined]
    return response


def registered_response(
    entry: DocumentType,
    subject: object,
    fmt: str,
    *,
    paper: str = "a4",
    suffix: str = "",
    extras: bool = True,
) -> HttpResponse:
    """A registered document (or one of its extra formats) for a view that has already
    loaded ``subject`` for its viewer: 404 for a format it does not come in, and for what
    the viewer may not have yet, as for a page that does not exist."""
    filename = entry.filename(subject) + suffix
    if extras and fmt in entry.extras:
        extra = entry.extras[fmt]
        content = extra.content(subject)
        if content is None:
            raise Http404("Not published yet.")
        return download_response(content, extra.content_type, f"{filename}.{fmt}")
    if fmt not in FORMATS:
        raise Http404("Not found.")
    document = entry.build(subject)
    if document is None:
        raise Http404("Not published yet.")
    return document_response(document, fmt, filename, paper=paper)


def download_response(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    """Bytes as a named file, for documents and for the data beside them (a pack's CSV).

    A document is built for the viewer (a cleared member sees restricted items), so no
    shared cache may keep it and a browser must ask again before reusing it: minutes are
    amended and agendas republished under the same address.
    """
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_safe_name(filename)}"'
    response["Content-Length"] = str(len(content))
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    patch_vary_headers(response, ["Cookie"])
    return response


def style_hashes(html: bytes) -> list[str]:
    """CSP hashes of a page's <style> blocks, so they apply without 'unsafe-inline'."""
    blocks = re.findall(rb"<style>(.*?)</style>", html, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b).digest()).decode()}'" for b in blocks]


def _safe_name(filename: str) -> str:
    """Slugs and dates make our names; this keeps a header injection out all the same."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", filename)
