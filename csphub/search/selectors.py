"""The one search read: match in the index, keep only what the viewer's rules allow.

Visibility is never decided here. Each kind's candidates are intersected with its source
model's `visible_to(viewer)` as a subquery inside the same SQL statement, so counts,
pages and snippets only ever see rows the viewer may read. A page of results costs a
fixed number of queries whatever its size (match+count, page, snippets, resolutions).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from csphub.accounts.permissions import Viewer
from csphub.meetings.models import Resolution
from csphub.partnerships.models import Partnership

from . import backends
from .indexing import SOURCES
from .models import SearchEntry
from .query import snippet_html, snippet_text, terms

Kind = SearchEntry.Kind


@dataclass(frozen=True)
class SearchResult:
    kind: str
    title: str
    meeting: str | None  # "partnership/body/YYYY-MM-DD"
    url: str
    snippet: str  # HTML: escaped, matches in <mark>
    snippet_text: str  # plain: matches in [ ]
    date: datetime.date | None
    body: str

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    results: list[SearchResult]


def visible_entries(viewer: Viewer, kinds: list[str] | None = None) -> Q:
    """Entries whose source row the viewer may read, by the source's own rule."""
    rule = Q(pk__in=[])
    for kind, model in SOURCES.items():
        if kinds and kind not in kinds:
            continue
        visible = model.objects.visible_to(viewer).values("id")  # type: ignore[attr-defined]
        rule |= Q(kind=kind, object_id__in=visible)
    return rule


def _url(entry: SearchEntry, slug: str, minute_of: dict[int, int]) -> str:
    if entry.kind == Kind.ACTION:
        return reverse("actions:detail", kwargs={"slug": slug, "pk": entry.object_id})
    at = {"slug": slug, "body": entry.body, "date": entry.date.isoformat()}  # type: ignore[union-attr]
    if entry.kind == Kind.PAPER:
        return reverse("meetings:paper", kwargs={**at, "pk": entry.object_id})
    page = reverse("meetings:detail", kwargs=at)
    if entry.kind == Kind.ITEM:
        return f"{page}#item-{entry.object_id}"
    if entry.kind == Kind.RESOLUTION:
        return f"{page}#minute-{minute_of.get(entry.object_id, '')}"
    return f"{page}#minute-{entry.object_id}"


def search(
    partnership: Partnership,
    viewer: Viewer,
    query: str,
    body: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    kinds: list[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """One page of what the viewer may find for `query`, newest first, with the total."""
    words = terms(query)
    if not words:
        return SearchPage(query=query, total=0, results=[])
    entries: QuerySet[SearchEntry] = SearchEntry.objects.filter(partnership=partnership)
    if body:
        entries = entries.filter(body=body)
    if date_from:
        entries = entries.filter(date__gte=date_from)
    if date_to:
        entries = entries.filter(date__lte=date_to)
    entries = backends.matching(entries, words).filter(visible_entries(viewer, kinds))
    total = entries.count()
    if total == 0 or offset >= total:
        return SearchPage(query=query, total=total, results=[])
    page = list(
        entries.order_by("-date", "-id").only(
            "id", "kind", "object_id", "meeting_id", "body", "date", "title"
        )[offset : offset + limit]
    )
    snips = backends.snippets([e.id for e in page], words)
    resolution_ids = [e.object_id for e in page if e.kind == Kind.RESOLUTION]
    minute_of = (
        dict(Resolution.objects.filter(id__in=resolution_ids).values_list("id", "minute_id"))
        if resolution_ids
        else {}
    )
    slug = partnership.slug
    results = [
        SearchResult(
            kind=e.kind,
            title=e.title,
            meeting=f"{slug}/{e.body}/{e.date.isoformat()}" if e.meeting_id and e.date else None,
            url=_url(e, slug, minute_of),
            snippet=snippet_html(snips.get(e.id, "")),
            snippet_text=snippet_text(snips.get(e.id, "")),
            date=e.date,
            body=e.body,
        )
        for e in page
    ]
    return SearchPage(query=query, total=total, results=results)
