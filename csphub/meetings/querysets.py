"""Who may read what of a meeting: the publication and restriction rules, once.

A meeting's agenda is public once published, its minutes once published in draft; the
secretariat reads both before then. Within them, an exempt item or minute (Schedule 12A)
is read only by those cleared for restricted matters. Every child's rule is its parent's
plus its own: a paper is visible when its item is and its own flags allow it, a
resolution when its minute is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from csphub.accounts.visibility import ALWAYS, VisibleQuerySet, any_of, at, granted

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


def _statuses(name: str) -> frozenset[str]:
    from .models import Meeting

    return getattr(Meeting, name)


class MeetingQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """A meeting's date, venue and status are public from the moment it is scheduled
        (the notice of meetings); what was said at it is not: see the two rules below."""
        return ALWAYS

    @classmethod
    def agenda_rule(cls, viewer: Viewer, path: str = "") -> Q:
        return any_of(
            at(path, status__in=_statuses("AGENDA_PUBLIC")),
            granted(viewer, viewer.can_manage, f"{path}body__partnership"),
        )

    @classmethod
    def minutes_rule(cls, viewer: Viewer, path: str = "") -> Q:
        return any_of(
            at(path, status__in=_statuses("MINUTES_PUBLIC")),
            granted(viewer, viewer.can_manage, f"{path}body__partnership"),
        )

    def agenda_visible_to(self, viewer: Viewer) -> MeetingQuerySet:
        return self.filter(self.agenda_rule(viewer))

    def minutes_visible_to(self, viewer: Viewer) -> MeetingQuerySet:
        return self.filter(self.minutes_rule(viewer))


def _cleared(viewer: Viewer, path: str) -> Q | None:
    """Restricted rows of the viewer's own partnership, for those cleared to read them."""
    return granted(viewer, viewer.can_see_restricted, f"{path}meeting__body__partnership")


class AgendaItemQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return MeetingQuerySet.agenda_rule(viewer, f"{path}meeting__") & cls.unrestricted_rule(
            viewer, path
        )

    @classmethod
    def unrestricted_rule(cls, viewer: Viewer, path: str = "") -> Q:
        """The item is not exempt, or the viewer is cleared for exempt items."""
        return any_of(at(path, is_restricted=False), _cleared(viewer, path))


class PaperQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """Its item is visible, and: the secretariat reads every paper; others a paper with
        no restriction or marking (unless cleared), on the website (or they are members)."""
        own = f"{path}item__meeting__body__partnership"
        flags = any_of(
            at(path, is_restricted=False, security_marking=""),
            granted(viewer, viewer.can_see_restricted, own),
        ) & any_of(at(path, show_on_website=True), granted(viewer, viewer.is_member, own))
        return AgendaItemQuerySet.rule(viewer, f"{path}item__") & any_of(
            granted(viewer, viewer.can_manage, own), flags
        )


class MinuteQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return MeetingQuerySet.minutes_rule(viewer, f"{path}meeting__") & any_of(
            at(path, is_restricted=False), _cleared(viewer, path)
        )


class ResolutionQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return MinuteQuerySet.rule(viewer, f"{path}minute__")


class MinuteAmendmentQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return MinuteQuerySet.rule(viewer, f"{path}minute__")


class AttendanceQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """Who attended is part of the minutes."""
        return MeetingQuerySet.minutes_rule(viewer, f"{path}meeting__")


class DeclarationQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """Part of the minutes; one made on an exempt item is as restricted as the item."""
        return MeetingQuerySet.minutes_rule(viewer, f"{path}meeting__") & any_of(
            at(path, item__isnull=True),
            AgendaItemQuerySet.unrestricted_rule(viewer, f"{path}item__"),
        )


class QuestionQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """Questions and answers are published with the minutes; withdrawn ones never are.
        (The secretariat reaches a withdrawn question to manage it through
        `access_question`, not as a read of the record.)"""
        from .models import Question

        return MeetingQuerySet.minutes_rule(viewer, f"{path}meeting__") & ~at(
            path, status=Question.Status.WITHDRAWN
        )
