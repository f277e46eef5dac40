"""Who may read a partnership's indicators: everyone.

Indicator figures are published like the crime data pack (the access matrix holds the pages
public); only changes are the secretariat's. The rule still lives here, so a restricted
indicator, if one is ever wanted, is one change that every page, pack and export obeys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from csphub.accounts.visibility import ALWAYS, VisibleQuerySet

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


class IndicatorQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return ALWAYS


class ObservationQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return IndicatorQuerySet.rule(viewer, f"{path}indicator__")


class ObservationComparatorQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return ObservationQuerySet.rule(viewer, f"{path}observation__")
