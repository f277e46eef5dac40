"""Signal receivers that keep the index current after every save and delete of a source."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from csphub.meetings.models import Meeting
from csphub.meetings.signals import meeting_records_bulk_created

from . import indexing


def _saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_object(instance)


def _deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    indexing.unindex(sender, instance.pk)


def _meeting_saved(sender: type, instance: Meeting, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not kwargs.get("created"):
        indexing.meeting_moved(instance)


def _bulk_created(sender: type, meeting: Meeting, **kwargs: Any) -> None:
    indexing.index_meeting(meeting)


def connect() -> None:
    for model in indexing.SOURCES.values():
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    meeting_records_bulk_created.connect(_bulk_created, dispatch_uid="search-meeting-bulk")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="search-meeting-moved")
