"""Addresses of a meeting's pages, for any app that links to them (not only the views)."""

from __future__ import annotations

from django.urls import reverse

from .models import Meeting


def meeting_url(meeting: Meeting, name: str = "meetings:detail", *extra: object) -> str:
    """The address of one of the meeting's pages, by URL name (its detail page by default)."""
    return reverse(
        name,
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat(), *extra],
    )
