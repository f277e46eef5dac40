"""Dispatched agenda packs, every version kept, and the e-mails sent about a meeting.

A pack is compiled from the meeting as it stands; once dispatched its PDF never changes.
A late paper means a new version (a supplementary pack) beside the first, so anyone can
still read what members were sent on each date.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from csphub.meetings.models import Meeting

from .querysets import NotificationQuerySet, PackVersionQuerySet


def pack_upload_to(instance: PackVersion, filename: str) -> str:
    return f"packs/{uuid.uuid4().hex}.pdf"


class Variant(models.TextChoices):
    PUBLIC = "public", "Public pack"
    MEMBERS = "members", "Members’ pack (includes Part 2)"


class PackVersion(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_versions")
    number = models.PositiveIntegerField()
    dispatched_at = models.DateTimeField()
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="What this version adds, e.g. the late paper."
    )
    public_file = models.FileField(upload_to=pack_upload_to)
    public_pages = models.PositiveIntegerField()
    members_file = models.FileField(upload_to=pack_upload_to)
    members_pages = models.PositiveIntegerField()
    has_part_two = models.BooleanField(default=False)

    objects = PackVersionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_pack_number"),
        ]

    def __str__(self) -> str:
        return f"{self.label}, {self.meeting}"

    @property
    def is_supplementary(self) -> bool:
        return self.number > 1

    @property
    def label(self) -> str:
        if self.number == 1:
            return "Agenda pack"
        if self.number == 2:
            return "Supplementary pack"
        return f"Supplementary pack {self.number - 1}"


class Notification(models.Model):
    """One e-mail round to a body's members about a publication event."""

    class Event(models.TextChoices):
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        PACK_DISPATCHED = "pack_dispatched", "Agenda pack dispatched"
        SUPPLEMENTARY_PACK = "supplementary_pack", "Supplementary pack dispatched"
        DRAFT_MINUTES = "draft_minutes", "Draft minutes published"
        APPROVED_MINUTES = "approved_minutes", "Approved minutes published"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=30, choices=Event.choices)
    pack = models.ForeignKey(PackVersion, null=True, blank=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    without_email = models.TextField(
        blank=True, help_text="Members who could not be e-mailed: no address on record."
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.meeting}"
