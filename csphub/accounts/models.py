"""Who may do what in which partnership.

A user's standing is per partnership: the same officer can be secretariat of one CSP and a
plain member of the next. Anonymous visitors are the public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PartnershipRole(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        SECRETARIAT = "secretariat", "Secretariat"
        ADMINISTRATOR = "administrator", "Administrator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    cleared_for_restricted = models.BooleanField(
        default=False,
        help_text="May read restricted (exempt / Part 2) items and papers.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_role_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} of {self.partnership}"
