"""The search index: one row per findable thing, whatever its kind.

An entry holds only what is matched and shown (title, text, where and when); whether a
viewer may see it is never stored here but asked of the source model's `visible_to` at
query time (see `selectors.search` and docs/decisions/0013-search-index.md).
"""

from __future__ import annotations

from django.db import models

from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        MINUTE = "minute", "Minute"
        RESOLUTION = "resolution", "Resolution"
        ACTION = "action", "Action"
        ITEM = "item", "Agenda item"
        PAPER = "paper", "Paper"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.SlugField(blank=True)
    date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=400)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_object"),
        ]
        indexes = [models.Index(fields=["partnership", "date"], name="search_entry_when")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
