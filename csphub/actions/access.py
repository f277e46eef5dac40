"""Reaching one action or one history entry: tenant first, then visibility.

A missing action and one the viewer may not see give the same 404, so nobody learns that a
restricted action, or another partnership's, exists.
"""

from __future__ import annotations

import logging

from django.http import Http404

from csphub.accounts.permissions import Viewer
from csphub.meetings.models import Meeting, Minute, Resolution
from csphub.partnerships.models import Partnership

from .models import Action, ActionUpdate, UpdateRequest
from .selectors import actions_visible, with_details

security_log = logging.getLogger("csphub.security")


def _deny(viewer: Viewer, what: str) -> Http404:
    security_log.info(
        "access denied: %s partnership=%s user=%s",
        what,
        viewer.partnership_id,
        getattr(viewer.user, "pk", None),
    )
    return Http404("Not found.")


def access_action(viewer: Viewer, partnership: Partnership, pk: int) -> Action:
    """The action, with everything its page shows joined, if this viewer may see it."""
    try:
        return with_details(actions_visible(viewer, partnership)).get(pk=pk)
    except Action.DoesNotExist:
        raise _deny(viewer, f"action {pk}") from None


def access_action_update(viewer: Viewer, partnership: Partnership, pk: int) -> ActionUpdate:
    """A history entry of an action this viewer may see."""
    try:
        return (
            ActionUpdate.objects.visible_to(viewer)
            .select_related("action", "action__partnership")
            .get(action__partnership=partnership, pk=pk)
        )
    except ActionUpdate.DoesNotExist:
        raise _deny(viewer, f"action update {pk}") from None


def access_reported_action(viewer: Viewer, meeting: Meeting, pk: int) -> Action:
    """Only an action this meeting's Matters Arising report can list: same body, an
    earlier meeting."""
    try:
        return (
            Action.objects.visible_to(viewer)
            .select_related("partnership")
            .get(
                pk=pk,
                partnership=meeting.body.partnership,
                meeting__body=meeting.body,
                meeting__date__lt=meeting.date,
            )
        )
    except Action.DoesNotExist:
        raise Http404("Not found.") from None


def access_reported_update(viewer: Viewer, meeting: Meeting, pk: int) -> ActionUpdate:
    """A progress update on an action this meeting's report lists, to word for it."""
    try:
        return (
            ActionUpdate.objects.visible_to(viewer)
            .select_related("action", "action__partnership", "action__minute")
            .get(
                pk=pk,
                kind=ActionUpdate.Kind.UPDATE,
                action__partnership=meeting.body.partnership,
                action__meeting__body=meeting.body,
                action__meeting__date__lt=meeting.date,
            )
        )
    except ActionUpdate.DoesNotExist:
        raise Http404("Not found.") from None


def access_update_request(viewer: Viewer, partnership: Partnership, pk: int) -> UpdateRequest:
    try:
        return (
            UpdateRequest.objects.visible_to(viewer)
            .select_related("person", "partnership")
            .get(partnership=partnership, pk=pk)
        )
    except UpdateRequest.DoesNotExist:
        raise Http404("Not found.") from None


def access_minute_of(viewer: Viewer, partnership: Partnership, pk: int) -> Minute:
    """A minute to raise an action from: only one of this partnership's own minutes.
    (Callers are the secretariat, who may see restricted minutes.)"""
    try:
        return (
            Minute.objects.visible_to(viewer)
            .select_related("meeting", "meeting__body")
            .get(meeting__body__partnership=partnership, pk=pk)
        )
    except Minute.DoesNotExist:
        raise Http404("No such minute.") from None


def access_resolution_of(viewer: Viewer, partnership: Partnership, pk: int) -> Resolution:
    try:
        return (
            Resolution.objects.visible_to(viewer)
            .select_related("minute", "minute__meeting", "minute__meeting__body")
            .get(minute__meeting__body__partnership=partnership, pk=pk)
        )
    except Resolution.DoesNotExist:
        raise Http404("No such resolution.") from None
