"""Read queries about who holds a role in a partnership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import PartnershipRole

if TYPE_CHECKING:  # the partnership is passed in; accounts sits below partnerships
    from csphub.partnerships.models import Partnership


def roles_of(partnership: Partnership) -> QuerySet[PartnershipRole]:
    """Everyone with a role in the partnership, administrators first, then by name."""
    return (
        PartnershipRole.objects.filter(partnership=partnership)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
