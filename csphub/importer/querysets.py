"""Who may read import drafts: only the partnership's secretariat (working papers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from csphub.accounts.visibility import VisibleQuerySet, any_of, granted

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


class SecretariatOnlyQuerySet(VisibleQuerySet):
    """A draft (and its name matches) is the secretariat's until committed; after that, what
    it made is read through the meetings and actions it went into."""

    partnership_path = "partnership"

    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return any_of(granted(viewer, viewer.can_manage, f"{path}{cls.partnership_path}"))


class MatchQuerySet(SecretariatOnlyQuerySet):
    partnership_path = "draft__partnership"
