"""The meeting page's "Agenda pack and publication" panel, read by the meetings template."""

from __future__ import annotations

from django import template

from ..selectors import PublicationRecord, publication_record

register = template.Library()


@register.simple_tag
def meeting_publication(meeting, viewer) -> PublicationRecord | None:
    """None for a meeting whose agenda the viewer may not read yet."""
    if not meeting.shows_agenda_to(viewer):
        return None
    return publication_record(meeting, viewer)
