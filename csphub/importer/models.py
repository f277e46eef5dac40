"""An imported document's draft: the file, its text, the parse as read and as corrected,
and whom each name in it means, until the secretariat commits it into a meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership, Person

from .querysets import MatchQuerySet, SecretariatOnlyQuerySet


def import_upload_to(instance: ImportDraft, filename: str) -> str:
    """Stored names are ours, never the uploader's (as papers are: ASVS 5.3.2)."""
    import uuid

    return f"imports/{uuid.uuid4().hex}"


class ImportDraft(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMMITTED = "committed", "Committed"
        FAILED = "failed", "Commit failed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    file = models.FileField(upload_to=import_upload_to)
    original_filename = models.CharField(max_length=255)
    source_text = models.TextField(blank=True)
    parsed = models.JSONField(help_text="The draft as the parser read it (never changed).")
    edited = models.JSONField(help_text="The draft as the secretariat corrected it.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    error = models.TextField(blank=True, help_text="Why the last commit failed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SecretariatOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_filename

    @property
    def is_editable(self) -> bool:
        return self.status != self.Status.COMMITTED


class PersonMatch(models.Model):
    """Whom a name as written in the draft means: an existing person, a new person (created
    on commit, named `new_name`), or nobody (left out)."""

    class Choice(models.TextChoices):
        PERSON = "person", "An existing person"
        NEW = "new", "Create a new person"
        SKIP = "skip", "Leave out"

    draft = models.ForeignKey(ImportDraft, on_delete=models.CASCADE, related_name="matches")
    name = models.CharField(max_length=200, help_text="The name (or initials) as written.")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE)
    new_name = models.CharField(max_length=200, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "id"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "name"], name="one_match_per_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.choice}"
