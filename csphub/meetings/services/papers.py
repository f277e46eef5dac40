"""Papers of agenda items: uploads checked by type and content, removal, who opened one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, model_delete, snapshot
from csphub.core.stored_files import kept_only_if_saved

from ..models import (
    AgendaItem,
    Paper,
)
from ._shared import partnership_of

PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".csv": "text/csv",
}


PAPER_MAGIC = {".pdf": b"%PDF-", ".docx": b"PK", ".xlsx": b"PK", ".pptx": b"PK", ".odt": b"PK"}


def check_paper_file(upload: File, max_bytes: int) -> str:
    """Return the content type for an upload or raise; the extension and content must agree."""
    import os

    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in PAPER_TYPES:
        raise ValidationError(
            {"file": f"{upload.name}: upload a PDF, Word, Excel, PowerPoint, ODT or CSV file."}
        )
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            {"file": f"{upload.name}: the file must be smaller than {max_bytes // 1048576} MB."}
        )
    magic = PAPER_MAGIC.get(ext)
    if magic is not None:
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise ValidationError({"file": f"{upload.name}: the file is not a real {ext} file."})
    return PAPER_TYPES[ext]


def _file_text(file: File) -> str:
    """The upload's words for search; the file is rewound for storing."""
    from ..paper_text import extract_text

    file.seek(0)
    data = file.read()
    file.seek(0)
    return extract_text(file.name or "", data)


@transaction.atomic
def paper_add(
    *, actor: Actor, item: AgendaItem, title: str, file: File | None = None, **fields: Any
) -> Paper:
    from django.conf import settings

    meeting = item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    paper = Paper(item=item, title=title, **fields)
    if file is not None:
        paper.content_type = check_paper_file(file, settings.PAPER_MAX_BYTES)
        paper.original_filename = (file.name or "paper")[-255:]
        paper.size = file.size or 0
        paper.text = _file_text(file)
        paper.file = file
    paper.position = (item.papers.aggregate(m=Max("position"))["m"] or 0) + 1
    paper.full_clean()
    with kept_only_if_saved() as track:
        if paper.file:
            track(paper.file)
        paper.save()
        audit_record(
            actor=actor,
            verb="paper.add",
            obj=paper,
            partnership=partnership_of(meeting),
            after=snapshot(paper),
        )
    return paper


@transaction.atomic
def paper_delete(*, actor: Actor, paper: Paper) -> None:
    meeting = paper.item.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    stored = paper.file.name if paper.file else ""
    model_delete(
        actor=actor, instance=paper, partnership=partnership_of(meeting), verb="paper.delete"
    )
    if stored:
        transaction.on_commit(lambda: paper.file.storage.delete(stored))


def paper_opened(*, viewer_user: Any, paper: Paper) -> None:
    """Who opened a restricted paper is logged (the design's promise to partners)."""
    if paper.restricted:
        audit_record(
            actor=viewer_user,
            verb="paper.open_restricted",
            obj=paper,
            partnership=partnership_of(paper.item.meeting),
        )
