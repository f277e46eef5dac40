"""Who may read a meeting's packs and its notification log.

A dispatched pack is part of the published agenda: anyone who may read the agenda may see
that a pack exists and download its public version. The members' version (Part 2 included)
is for those cleared for restricted matters, which `members_pack_for` says for one
viewer. The notification log is the secretariat's working record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from csphub.accounts.visibility import VisibleQuerySet, any_of, granted
from csphub.meetings.querysets import MeetingQuerySet

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


class PackVersionQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return MeetingQuerySet.agenda_rule(viewer, f"{path}meeting__")


class NotificationQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return any_of(granted(viewer, viewer.can_manage, f"{path}meeting__body__partnership"))
