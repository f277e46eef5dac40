"""Finding a dispatched pack for a viewer: 404 for both "missing" and "not yours"."""

from __future__ import annotations

from django.http import Http404

from csphub.accounts.permissions import Viewer
from csphub.accounts.visibility import grants
from csphub.meetings.models import Meeting

from .models import PackVersion


def access_pack(*, viewer: Viewer, meeting: Meeting, number: int | None) -> PackVersion:
    """A version by number, or the latest when ``number`` is None."""
    packs = PackVersion.objects.visible_to(viewer).filter(meeting=meeting)
    pack = (
        packs.filter(number=number).first()
        if number is not None
        else packs.order_by("-number").first()
    )
    if pack is None:
        raise Http404("No such pack.")
    return pack


def may_read_members_pack(viewer: Viewer, meeting: Meeting) -> bool:
    """Part 2 is for members cleared for restricted matters and the secretariat."""
    return grants(viewer, viewer.can_see_restricted, meeting.body.partnership_id)
