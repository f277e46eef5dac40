"""The two full-text engines behind one interface: which entries match, and their snippets.

SQLite uses the FTS5 table `search_fts` (migration 0002), PostgreSQL a tsvector over the
same expression as its GIN index. Both take the already-safe terms of `query.terms`.
"""

from __future__ import annotations

import json

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat

from .models import SearchEntry
from .query import START, STOP, fts5_query, pg_query

CONFIG = "english"


# Exactly the expression of the GIN index in migration 0002, so PostgreSQL uses the index.
PG_MATCH = (
    "SELECT id FROM search_searchentry WHERE"
    " to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))"
    " @@ plainto_tsquery('english'::regconfig, %s)"
)


def _document() -> Concat:
    """Title and text as one, for headlines (a page of rows: no index needed)."""
    return Concat(
        Coalesce("title", Value(""), output_field=TextField()),
        Value(" "),
        Coalesce("text", Value(""), output_field=TextField()),
        output_field=TextField(),
    )


def matching(entries: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]:
    """The entries containing every word (stemmed)."""
    if connection.vendor == "postgresql":
        # A constant statement; the words go as a parameter, never into the SQL.
        return entries.filter(id__in=RawSQL(PG_MATCH, [pg_query(words)]))  # noqa: S611
    return entries.filter(
        id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [fts5_query(words)])
    )


def snippets(ids: list[int], words: list[str]) -> dict[int, str]:
    """Snippets with markers for a page of entries, in one query."""
    if not ids:
        return {}
    if connection.vendor == "postgresql":
        query = SearchQuery(pg_query(words), config=CONFIG, search_type="plain")
        rows = SearchEntry.objects.filter(id__in=ids).annotate(
            snip=SearchHeadline(
                _document(),
                query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
            )
        )
        return dict(rows.values_list("id", "snip"))
    sql = (
        "SELECT rowid, snippet(search_fts, -1, %s, %s, '…', 24) FROM search_fts"
        " WHERE search_fts MATCH %s AND rowid IN (SELECT value FROM json_each(%s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [START, STOP, fts5_query(words), json.dumps(ids)])
        return dict(cursor.fetchall())
