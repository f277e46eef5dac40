"""Reaching a user through their role in a partnership, so administrators of one partnership
cannot see or change the users of another (both missing and foreign give 404)."""

from __future__ import annotations

from django.http import Http404

from csphub.partnerships.models import Partnership

from .models import PartnershipRole


def access_role(*, partnership: Partnership, user_id: int) -> PartnershipRole:
    try:
        return PartnershipRole.objects.select_related("user").get(
            partnership=partnership, user_id=user_id
        )
    except PartnershipRole.DoesNotExist:
        raise Http404("No such user in this partnership.") from None
