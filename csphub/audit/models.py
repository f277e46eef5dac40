"""The audit trail: who changed what, when, from what to what.

Append-only by construction: the model refuses updates and deletes, and so does its queryset,
so a service cannot rewrite history even by mistake; on PostgreSQL, triggers refuse UPDATE,
DELETE and TRUNCATE on the table itself. Each row carries its position (`seq`) and an HMAC of
all its content and of the previous row's hash, keyed outside the database
(`CSPHUB_AUDIT_KEY`), so tampering with the table directly is detectable (`audit_verify`).
The one-row `AuditHead`, signed and updated in the same transaction as each append, is both
the lock that serialises appends and the record of how long the chain must be.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    partnership = models.ForeignKey(
        "partnerships.Partnership", null=True, blank=True, on_delete=models.PROTECT
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(max_length=200)
    verb = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    # Position in the chain (1, 2, 3, ...): a gap names a deleted event.
    seq = models.PositiveBigIntegerField(unique=True)
    # Fingerprint of the HMAC key that signed this event (rotation: old keys still verify).
    key_id = models.CharField(max_length=16, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


class AuditHead(models.Model):
    """The chain's head: one row (pk 1), locked for every append and signed with the chain's
    key, so deleting the last events (or all of them) no longer looks like a shorter chain."""

    count = models.PositiveBigIntegerField(default=0)
    last_id = models.BigIntegerField(null=True, blank=True)
    last_hash = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(max_length=16, blank=True)
    signature = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"audit head: {self.count} events, last #{self.last_id}"
