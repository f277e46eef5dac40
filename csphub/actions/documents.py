"""The Matters Arising report as a registered document of a meeting.

Registered here, from ``ActionsConfig.ready()``, so that the meetings app serves it at
``.../matters-arising.pdf`` beside the agenda and minutes without importing this app: the
dependency runs actions -> meetings only.
"""

from __future__ import annotations

import json

from csphub.documents import model as doc
from csphub.documents import registry
from csphub.meetings.documents import MEETING, MeetingSubject, meeting_filename

from .matters_arising import build_document, matters_arising_for, report_is_published, report_json

NAME = "matters-arising"
UNPUBLISHED = (
    "The agenda of {key} is not published yet, so neither is its Matters Arising report "
    "(use --as-user with a secretariat user to see it)."
)


def report_document(subject: MeetingSubject) -> doc.Document | None:
    """None until the meeting's agenda is published, for this viewer."""
    if not report_is_published(subject.meeting, subject.viewer):
        return None
    return build_document(matters_arising_for(subject.meeting, subject.viewer))


def report_json_bytes(subject: MeetingSubject) -> bytes | None:
    """The same report as JSON, for other systems; published on the same terms."""
    if not report_is_published(subject.meeting, subject.viewer):
        return None
    report = matters_arising_for(subject.meeting, subject.viewer)
    return (json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n").encode()


def register_documents() -> None:
    registry.register(
        NAME,
        report_document,
        source=MEETING,
        filename=meeting_filename(NAME),
        extras={"json": registry.Extra("application/json", report_json_bytes)},
        unpublished=UNPUBLISHED,
    )
