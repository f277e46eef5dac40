"""Rendered documents kept by a digest of their content (decision 0033).

Laying out a PDF takes WeasyPrint up to a couple of seconds; building the ``Document``
from the database takes tens of milliseconds. So every request still builds the document
for its viewer, with the viewer's permissions, and only the rendering is shared: the key
is the digest of the built document, the format, the paper and the renderers
(``digest.content_digest``). A viewer can only ever be handed bytes rendered from exactly
the document they were entitled to build, so nothing restricted reaches anyone whose own
document did not already contain it, and any edit that changes what a document says
changes its key (the old entry simply ages out).

The cache is Django's ``documents`` cache alias (``settings.CACHES``): files shared by the
web workers in production, local memory in tests and by default; bounded either way.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.backends.base import BaseCache

from .digest import content_digest, files_digest
from .model import Document

__all__ = ["CACHE_ALIAS", "MAX_BYTES", "cached_render", "document_key", "render_count"]

CACHE_ALIAS = "documents"
MAX_BYTES = 20 * 1024 * 1024  # larger files are served but not kept
# Bump to drop every cached document when rendering changes in a way the files below miss.
RENDERER_VERSION = "1"

logger = logging.getLogger(__name__)
_HERE = Path(__file__).resolve().parent
_renders = 0


@functools.cache
def renderer_digest() -> str:
    """What the renderers are made of: this package's code and templates, and the
    versions of the libraries that lay the document out. Computed once a process."""
    files = [*_HERE.glob("*.py"), *_HERE.glob("templatetags/*.py")]
    files += [p for p in (_HERE / "templates").rglob("*") if p.is_file()]
    versions = [f"{name}={_version(name)}" for name in ("weasyprint", "pydyf", "python-docx")]
    return files_digest(files, RENDERER_VERSION, *versions)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with the project
        return "absent"


def document_key(document: Document, fmt: str, *, paper: str, page_numbers: bool = True) -> str:
    """The cache key of ``document`` rendered as ``fmt``: a digest of all it says and of
    how it is rendered, so equal keys mean equal bytes."""
    digest = content_digest(
        document,
        format=fmt,
        paper=paper,
        page_numbers=page_numbers,
        renderer=renderer_digest(),
    )
    return f"document:{fmt}:{digest}"


def _cache() -> BaseCache | None:
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:  # settings without the alias: render every time
        return None


def cached_render(
    document: Document,
    fmt: str,
    *,
    paper: str,
    render: Callable[[], bytes],
    page_numbers: bool = True,
) -> bytes:
    """``render()``'s bytes for ``document``, from the cache when the same content was
    rendered before. A cache that fails is logged and bypassed: a document is always
    served, just more slowly."""
    global _renders
    cache = _cache()
    key = document_key(document, fmt, paper=paper, page_numbers=page_numbers) if cache else ""
    if cache is not None:
        try:
            hit = cache.get(key)
        except Exception:  # pragma: no cover - a broken cache folder, say
            logger.warning("Document cache read failed", exc_info=True)
            hit = None
        if isinstance(hit, bytes):
            return hit
    content = render()
    _renders += 1
    if cache is not None and len(content) <= MAX_BYTES:
        try:
            cache.set(key, content)
        except Exception:  # pragma: no cover
            logger.warning("Document cache write failed", exc_info=True)
    return content


def render_count() -> int:
    """How many documents this process has rendered rather than found in the cache (for
    tests and the benchmark: a warm request must not add to it)."""
    return _renders
