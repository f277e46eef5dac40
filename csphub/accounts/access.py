"""Reaching a user through their role in a partnership, so administrators of one partnership
cannot see or change the users of another (both missing and foreign give 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .models import PartnershipRole

if TYPE_CHECKING:  # the partnership is passed in; accounts sits below partnerships
    from csphub.partnerships.models import Partnership


def access_role(*, partnership: Partnership, user_id: int) -> PartnershipRole:
    try:
        return PartnershipRole.objects.select_related("user").get(
            partnership=partnership, user_id=user_id
        )
    except PartnershipRole.DoesNotExist:
        raise Http404("No such user in this partnership.") from None
