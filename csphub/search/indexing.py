"""Keeping the index current: what each source row contributes, and (re)building it.

Receivers (registered in `SearchConfig.ready`) call `index_object`/`unindex` on every save
and delete of the source models, so the meetings and actions services need not know
search exists (they sit below it). `rebuild` does everything in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction

from csphub.actions.models import Action
from csphub.meetings.models import AgendaItem, Meeting, Minute, Paper, Resolution

from .models import SearchEntry

Kind = SearchEntry.Kind
SOURCES: dict[str, type] = {
    Kind.MINUTE: Minute,
    Kind.RESOLUTION: Resolution,
    Kind.ACTION: Action,
    Kind.ITEM: AgendaItem,
    Kind.PAPER: Paper,
}
KIND_OF = {model: kind for kind, model in SOURCES.items()}


def _at(meeting: Meeting | None) -> dict[str, Any]:
    if meeting is None:
        return {"meeting": None, "body": "", "date": None}
    return {"meeting": meeting, "body": meeting.body.slug, "date": meeting.date}


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def entry_fields(obj: Any) -> dict[str, Any]:
    """What one source row puts in the index (its title, words, meeting and partnership)."""
    meeting: Meeting
    fields: dict[str, Any]
    if isinstance(obj, Minute):
        meeting = obj.meeting
        fields = {
            "title": f"{obj.label} {obj.title}",
            "text": _join(obj.text, obj.post_meeting_note),
        }
    elif isinstance(obj, Resolution):
        meeting = obj.minute.meeting
        fields = {"title": f"Resolution {obj.minute.label}: {obj.minute.title}", "text": obj.text}
    elif isinstance(obj, AgendaItem):
        meeting = obj.meeting
        fields = {"title": obj.title, "text": _join(obj.description, obj.presenter)}
    elif isinstance(obj, Paper):
        meeting = obj.item.meeting
        fields = {"title": obj.title, "text": _join(obj.reference, obj.author, obj.text)}
    elif isinstance(obj, Action):
        label = f"Action {obj.reference}" if obj.reference else "Action"
        fields = {
            "title": f"{label}: {obj.description[:200]}",
            "text": obj.description,
        }
        fields.update(_at(obj.meeting))
        if obj.meeting is None:
            fields.update(body=obj.body.slug, date=obj.due_date)
        return {"partnership_id": obj.partnership_id, **fields}
    else:  # pragma: no cover - receivers are connected for the models above only
        raise TypeError(f"{type(obj).__name__} is not searchable")
    return {"partnership_id": meeting.body.partnership_id, **fields, **_at(meeting)}


def index_object(obj: Any) -> None:
    """Add or refresh one row's entry."""
    SearchEntry.objects.update_or_create(
        kind=KIND_OF[type(obj)], object_id=obj.pk, defaults=entry_fields(obj)
    )


def unindex(model: type, pk: int) -> None:
    SearchEntry.objects.filter(kind=KIND_OF[model], object_id=pk).delete()


def meeting_moved(meeting: Meeting) -> None:
    """A meeting's date or body changed: its entries follow (one UPDATE)."""
    SearchEntry.objects.filter(meeting=meeting).update(body=meeting.body.slug, date=meeting.date)


def index_meeting(meeting: Meeting) -> None:
    """Refresh every entry of one meeting's records, after writes that sent no post_save."""
    SearchEntry.objects.filter(meeting=meeting).exclude(kind=Kind.ACTION).delete()
    rows: list[Any] = [
        *AgendaItem.objects.filter(meeting=meeting).select_related("meeting__body"),
        *Minute.objects.filter(meeting=meeting).select_related("meeting__body"),
        *Resolution.objects.filter(minute__meeting=meeting).select_related("minute__meeting__body"),
        *Paper.objects.filter(item__meeting=meeting).select_related("item__meeting__body"),
    ]
    bulk_add(
        SearchEntry(kind=KIND_OF[type(obj)], object_id=obj.pk, **entry_fields(obj)) for obj in rows
    )


_RELATED = {
    Minute: ["meeting__body"],
    Resolution: ["minute__meeting__body"],
    AgendaItem: ["meeting__body"],
    Paper: ["item__meeting__body"],
    Action: ["meeting__body", "body"],
}


def _all_entries(partnership_id: int | None) -> Iterator[SearchEntry]:
    for model, related in _RELATED.items():
        rows = model.objects.select_related(*related)  # type: ignore[attr-defined]
        if partnership_id is not None:
            path = (
                "partnership_id"
                if model is Action
                else related[0].replace("meeting__body", "meeting__body__partnership_id")
            )
            rows = rows.filter(**{path: partnership_id})
        for obj in rows.iterator(chunk_size=2000):
            yield SearchEntry(kind=KIND_OF[model], object_id=obj.pk, **entry_fields(obj))


@transaction.atomic
def rebuild(partnership_id: int | None = None, batch: int = 2000) -> int:
    """Rebuild the index (one partnership or all) in bulk; return the number of entries."""
    old = SearchEntry.objects.all()
    if partnership_id is not None:
        old = old.filter(partnership_id=partnership_id)
    old.delete()
    return bulk_add(_all_entries(partnership_id), batch)


def bulk_add(entries: Iterable[SearchEntry], batch: int = 2000) -> int:
    count, chunk = 0, []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= batch:
            SearchEntry.objects.bulk_create(chunk)
            count, chunk = count + len(chunk), []
    SearchEntry.objects.bulk_create(chunk)
    return count + len(chunk)
