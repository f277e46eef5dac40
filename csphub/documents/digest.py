"""A digest of everything a rendered document depends on: the cache key of its bytes.

The digest covers the whole ``Document`` (every block, every run with its emphasis, the
security marking, figures' SVG and PNG, metadata), the format, the paper, whether pages
are numbered, and the renderers themselves (their code, templates and library versions).
Two requests therefore share a cached file only when they would get byte-for-byte the
same layout input: a cleared member's minutes with a restricted item and the public's
without it differ in content, so they differ in key. Nothing about the viewer is needed
beyond what the document says, which is exactly what must not leak.

Pure: no Django, so it can be tested and reasoned about on its own.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["content_digest", "files_digest"]


def _plain(value: Any) -> Any:
    """A JSON-able, unambiguous form: every dataclass carries its type name, so a
    ``Paragraph`` and a ``Heading`` with the same text never collide; bytes become their
    SHA-256, so a changed picture changes the digest without copying it."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    kind: type = type(value)
    names = _field_names(kind)
    if names is not None:
        return {"@": type(value).__qualname__, **{n: _plain(getattr(value, n)) for n in names}}
    if isinstance(value, bytes):
        return {"@bytes": hashlib.sha256(value).hexdigest()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {"@dict": [[_plain(k), _plain(v)] for k, v in value.items()]}
    raise TypeError(f"cannot digest a {type(value).__name__} in a document")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names (looked up once a type: a long table has thousands of
    cells), or None for anything else."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def content_digest(document: Any, **rendering: Any) -> str:
    """SHA-256 (hex) of ``document`` (a dataclass tree) and the rendering options given
    (format, paper, page numbers, the renderers' own digest)."""
    payload = {"document": _plain(document), "rendering": _plain(rendering)}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digest(paths: Iterable[Path], *extra: str) -> str:
    """SHA-256 of files' names and bytes (in sorted order) and ``extra`` strings: what the
    renderers are made of, so a changed template or renderer never serves an old file."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = f"{path.parent.name}/{path.name}"
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for text in extra:
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()
