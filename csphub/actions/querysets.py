"""Who may read which actions, once; an action's owners and history follow it.

- the secretariat, administrators and members cleared for restricted items: all of their
  partnership's actions;
- other members: all but restricted ones (a restricted action, or one from a restricted
  minute);
- everyone else: an unrestricted action from a minute the public may read (the minute is
  not exempt and its meeting's minutes are published), of the same partnership.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Q

from csphub.accounts.visibility import VisibleQuerySet, any_of, anyone, at, granted

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


class ActionQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        from csphub.meetings.querysets import MinuteQuerySet

        own = f"{path}partnership"
        unrestricted = cls.unrestricted_rule(path)
        from_public_minute = (
            at(path, minute__isnull=False)
            & MinuteQuerySet.rule(anyone(), f"{path}minute__")
            & at(path, minute__meeting__body__partnership=F(own))
        )
        member = granted(viewer, viewer.is_member, own)
        return any_of(
            granted(viewer, viewer.can_see_restricted, own),
            member & unrestricted if member is not None else None,
            unrestricted & from_public_minute,
        )

    @classmethod
    def unrestricted_rule(cls, path: str = "") -> Q:
        """Neither the action nor the minute it came from is restricted."""
        return at(path, is_restricted=False) & (
            at(path, minute__isnull=True) | at(path, minute__is_restricted=False)
        )


class ActionOwnerQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return ActionQuerySet.rule(viewer, f"{path}action__")


class ActionUpdateQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return ActionQuerySet.rule(viewer, f"{path}action__")


class UpdateRequestQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """Who was e-mailed, and their links: the secretariat's working papers."""
        return any_of(granted(viewer, viewer.can_manage, f"{path}partnership"))


class SecretariatOnlyQuerySet(VisibleQuerySet):
    """Working papers of the secretariat (initials still to match, digests sent): only
    those who run the partnership read them."""

    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return any_of(granted(viewer, viewer.can_manage, f"{path}partnership"))


class CoverSheetOverrideQuerySet(VisibleQuerySet):
    """A meeting's cover-sheet wording as a row is the secretariat's to edit; readers get
    it printed in the report, which is checked on its own terms."""

    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return any_of(granted(viewer, viewer.can_manage, f"{path}meeting__body__partnership"))
