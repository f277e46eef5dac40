"""The one write of search besides the receivers: a full rebuild, for the site's operators."""

from __future__ import annotations

from django.db import transaction

from csphub.accounts.permissions import ensure_site_admin
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.meetings.models import Paper
from csphub.meetings.paper_text import extract_text
from csphub.partnerships.models import Partnership

from . import indexing


def _fill_paper_text(partnership: Partnership | None) -> int:
    """Extract the text of stored papers that have none yet (uploaded before extraction)."""
    papers = Paper.objects.filter(text="").exclude(file="")
    if partnership is not None:
        papers = papers.filter(item__meeting__body__partnership=partnership)
    filled = 0
    for paper in papers.iterator(chunk_size=100):
        try:
            with paper.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            continue  # the stored file is missing: nothing to extract, nothing to fail
        text = extract_text(paper.original_filename or paper.file.name, data)
        if text:
            Paper.objects.filter(pk=paper.pk).update(text=text)
            filled += 1
    return filled


@transaction.atomic
def reindex(*, actor: Actor, partnership: Partnership | None = None) -> tuple[int, int]:
    """Backfill paper text and rebuild the index; return (papers filled, entries indexed)."""
    ensure_site_admin(actor)
    filled = _fill_paper_text(partnership)
    entries = indexing.rebuild(partnership.pk if partnership else None)
    audit_record(
        actor=actor,
        verb="search.reindex",
        partnership=partnership,
        note=f"{filled} paper text(s) extracted, {entries} entries indexed",
    )
    return filled, entries
