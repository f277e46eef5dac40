"""Dispatched agenda packs for the demo's reference meetings, so the meeting pages show a
pack to download as soon as `make run` starts (the seeds are these meetings' real packs)."""

from __future__ import annotations

from collections.abc import Iterator

from csphub.audit.actors import SystemActor
from csphub.meetings.access import access_meeting_by_key
from csphub.publishing.models import PackVersion
from csphub.publishing.services import pack_dispatch

DEMO_PACKS = (
    "safer-bromley/board/2018-03-26",  # seed 000
    "barking-dagenham/board/2017-09-12",  # seed 004
)
ACTOR = SystemActor("demo loader")


def dispatch_demo_packs() -> Iterator[str]:
    """Dispatch each reference meeting's pack once; loading the demo again changes nothing."""
    for key in DEMO_PACKS:
        try:
            meeting = access_meeting_by_key(key)
        except LookupError:
            continue  # that partnership's fixture is not loaded
        if PackVersion.objects.filter(meeting=meeting).exists():
            continue
        pack = pack_dispatch(actor=ACTOR, meeting=meeting)
        yield f"Agenda pack: {key}, {pack.public_pages} pages ({pack.members_pages} for members)"
