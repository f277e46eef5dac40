"""Which documents exist, who builds them, and what they are built from.

Apps register their documents in ``AppConfig.ready()``; views, the ``render`` command and
anything else that serves documents look them up here by name. That keeps the direction of
imports one way (apps -> documents): meetings can serve the Matters Arising report at
``.../matters-arising.pdf`` without importing the actions app that builds it, and this
package never imports an app.

A *source* is what a document is made from and how the command line names it: a meeting
(``partnership/body/YYYY-MM-DD``) for the agenda, minutes and Matters Arising report, a
partnership (its slug, ``--to``, ``--area``) for the crime pack. The subject a source loads
is opaque here: whatever the app's builders take.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .model import Document
from .render import FORMATS

__all__ = ["DocumentType", "Extra", "Option", "Source", "get", "names", "register", "sources"]


@dataclass(frozen=True)
class Option:
    """A command-line option a source needs besides its key (``--to YYYY-MM``)."""

    flag: str
    help: str


@dataclass(frozen=True)
class Source:
    """What documents are made from; ``load(key, user, options)`` finds it for a command.

    ``load`` raises ``LookupError`` with a message for the person at the terminal when the
    key names nothing. ``user`` is the account to see it as (None: the public).
    """

    name: str
    key_help: str
    load: Callable[[str, Any, Mapping[str, Any]], Any]
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Extra:
    """A format beside the document itself (a pack's CSV, a report's JSON): text, not a
    ``Document``, so the renderers do not see it. ``content`` gives None, as ``build``
    does, when the viewer may not have it yet."""

    content_type: str
    content: Callable[[Any], bytes | None]


@dataclass(frozen=True)
class DocumentType:
    """A registered document: ``build(subject)`` gives the ``Document``, or None when the
    viewer may not have it yet (unpublished: a 404 on the web, an error on the command line).
    """

    name: str
    source: Source
    build: Callable[[Any], Document | None]
    filename: Callable[[Any], str]
    extras: Mapping[str, Extra] = field(default_factory=dict)
    unpublished: str = "The {name} of {key} is not published yet."

    @property
    def formats(self) -> tuple[str, ...]:
        return (*FORMATS, *self.extras)


_DOCUMENTS: dict[str, DocumentType] = {}


def register(
    name: str,
    build: Callable[[Any], Document | None],
    *,
    source: Source,
    filename: Callable[[Any], str],
    extras: Mapping[str, Extra] | None = None,
    unpublished: str = "",
) -> DocumentType:
    """Make ``name`` servable. Registering a name twice with another builder is a mistake
    (two apps would answer the same URL), so it raises; the same builder again is allowed,
    as ``ready()`` may run more than once in tests."""
    entry = DocumentType(
        name=name,
        source=source,
        build=build,
        filename=filename,
        extras=MappingProxyType(dict(extras or {})),
        **({"unpublished": unpublished} if unpublished else {}),
    )
    existing = _DOCUMENTS.get(name)
    if existing is not None and _origin(existing.build) != _origin(build):
        raise ValueError(f"Document {name!r} is already registered by {_origin(existing.build)}")
    same_name = (d.source for d in _DOCUMENTS.values() if d.source.name == source.name)
    if any(_origin(other.load) != _origin(source.load) for other in same_name):
        raise ValueError(f"Source {source.name!r} is already registered with another loader")
    _DOCUMENTS[name] = entry
    return entry


def get(name: str, *, source: str | None = None) -> DocumentType:
    """The document ``name`` (made from ``source``, when given); ``LookupError`` if none."""
    entry = _DOCUMENTS.get(name)
    if entry is None or (source is not None and entry.source.name != source):
        raise LookupError(f"No document {name!r}")
    return entry


def names(*, source: str | None = None) -> list[str]:
    return sorted(n for n, d in _DOCUMENTS.items() if source is None or d.source.name == source)


def sources() -> list[Source]:
    """Each source once, in the order first registered (for the command's options)."""
    found: dict[str, Source] = {}
    for entry in _DOCUMENTS.values():
        found.setdefault(entry.source.name, entry.source)
    return list(found.values())


def _origin(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"
