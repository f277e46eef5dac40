"""Turning what someone typed into a safe full-text query, and marking matches safely.

Pure functions. Only runs of letters and digits survive as terms, each quoted for FTS5, so
no input (`"`, `*`, `AND`, `-`, `NEAR(`) can be read as query syntax by either database.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 12
START, STOP = "\x02", "\x03"  # match markers the databases put in snippets; never in text
_WORD = re.compile(r"\w+", re.UNICODE)


def terms(text: str) -> list[str]:
    """The words to find, lower-cased, at most MAX_TERMS (underscores are not words)."""
    words = [w.strip("_").lower() for w in _WORD.findall(text or "")]
    return [w for w in words if w][:MAX_TERMS]


def fts5_query(words: list[str]) -> str:
    """All the words, each a quoted FTS5 string (implicit AND)."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def pg_query(words: list[str]) -> str:
    """Plain words for PostgreSQL's plainto_tsquery, which has no syntax to break."""
    return " ".join(words)


def _clean(snippet: str) -> str:
    return " ".join((snippet or "").replace("\x00", "").split())


def snippet_html(snippet: str) -> SafeString:
    """The database's snippet as HTML: everything escaped, matches in <mark>."""
    marked = escape(_clean(snippet)).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own <mark> tags added


def snippet_text(snippet: str) -> str:
    """The database's snippet as plain text, matches between [ and ]."""
    return _clean(snippet).replace(START, "[").replace(STOP, "]")
