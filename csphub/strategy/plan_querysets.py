"""Who may read which delivery plans.

A plan is the partnership's working business: its members read it once it is no longer a
draft, the secretariat (and administrators) always. The public reads none: the actions of a
plan come from no published minute, so `Action.visible_to` keeps them from the public too,
and a plan page without its actions would say nothing (decision 0024). Actions within a plan
follow their own rule, so a restricted action stays with cleared readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from csphub.accounts.visibility import VisibleQuerySet, any_of, at, granted

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


class DeliveryPlanQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        own = f"{path}partnership"
        member = granted(viewer, viewer.is_member, own)
        return any_of(
            granted(viewer, viewer.can_manage, own),
            member & ~at(path, status="draft") if member is not None else None,
        )
