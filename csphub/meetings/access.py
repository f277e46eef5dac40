"""Reaching a meeting, an item or a paper: tenant first, then object, then restriction.

Missing and forbidden give the same 404 so existence does not leak across partnerships or
past a restriction.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.http import Http404

from csphub.accounts.permissions import Viewer
from csphub.partnerships.models import Partnership

from .models import AgendaItem, Meeting, Minute, Paper, Question, Resolution

security_log = logging.getLogger("csphub.security")


def _deny(viewer: Viewer, what: str) -> Http404:
    security_log.info(
        "access denied: %s partnership=%s user=%s",
        what.replace("\n", " "),
        viewer.partnership_id,
        getattr(viewer.user, "pk", None),
    )
    return Http404("Not found.")


def access_meeting(
    *, viewer: Viewer, partnership: Partnership, body_slug: str, date: str
) -> Meeting:
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404("Not found.") from None
    try:
        return (
            Meeting.objects.visible_to(viewer)
            .select_related("body", "body__partnership", "chair", "approved_at_meeting")
            .get(body__partnership=partnership, body__slug=body_slug, date=day)
        )
    except Meeting.DoesNotExist:
        raise Http404("Not found.") from None


def access_meeting_by_key(key: str) -> Meeting:
    """For the command line: `partnership/body/YYYY-MM-DD`."""
    try:
        slug, body_slug, date = key.strip("/").split("/")
        day = dt.date.fromisoformat(date)
        return Meeting.objects.select_related("body", "body__partnership").get(
            body__partnership__slug=slug, body__slug=body_slug, date=day
        )
    except (ValueError, Meeting.DoesNotExist):
        raise LookupError(
            f"No meeting {key!r}: give it as partnership/body/YYYY-MM-DD, "
            "e.g. safer-bromley/board/2017-12-19."
        ) from None


def access_item(*, viewer: Viewer, meeting: Meeting, pk: int) -> AgendaItem:
    """Items are reached for editing only; the caller has checked `viewer.can_manage`, and
    `visible_to` holds anyone else to what they may read."""
    try:
        return (
            AgendaItem.objects.visible_to(viewer)
            .select_related("meeting", "parent")
            .get(meeting=meeting, pk=pk)
        )
    except AgendaItem.DoesNotExist:
        raise _deny(viewer, f"agenda item {pk}") from None


def access_paper(*, viewer: Viewer, meeting: Meeting, pk: int) -> Paper:
    """A paper the viewer may open (`PaperQuerySet.rule`). One query: the paper is read
    with its visibility, so a withheld one is logged as a refusal, a missing one is not."""
    try:
        paper = (
            Paper.objects.with_visibility(viewer)
            .select_related("item", "item__meeting")
            .get(item__meeting=meeting, pk=pk)
        )
    except Paper.DoesNotExist:
        raise Http404("Not found.") from None
    if not paper.is_visible:
        raise _deny(viewer, f"paper {pk}")
    return paper


def access_minute(*, viewer: Viewer, meeting: Meeting, pk: int) -> Minute:
    try:
        return (
            Minute.objects.visible_to(viewer)
            .select_related("meeting", "item")
            .get(meeting=meeting, pk=pk)
        )
    except Minute.DoesNotExist:
        raise _deny(viewer, f"minute {pk}") from None


def access_resolution(*, viewer: Viewer, meeting: Meeting, pk: int) -> Resolution:
    try:
        return (
            Resolution.objects.visible_to(viewer)
            .select_related("minute", "minute__meeting")
            .get(minute__meeting=meeting, pk=pk)
        )
    except Resolution.DoesNotExist:
        raise _deny(viewer, f"resolution {pk}") from None


def access_question(*, viewer: Viewer, meeting: Meeting, pk: int) -> Question:
    """For the secretariat to answer (the caller has checked `viewer.can_manage`): a
    withdrawn question too, which `QuestionQuerySet.rule` keeps out of every record."""
    try:
        return Question.objects.select_related("meeting").get(meeting=meeting, pk=pk)
    except Question.DoesNotExist:
        raise _deny(viewer, f"question {pk}") from None
