"""Read queries about who holds a role in a partnership."""

from __future__ import annotations

from django.db.models import QuerySet

from csphub.partnerships.models import Partnership

from .models import PartnershipRole


def roles_of(partnership: Partnership) -> QuerySet[PartnershipRole]:
    """Everyone with a role in the partnership, administrators first, then by name."""
    return (
        PartnershipRole.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
