"""Serving a stored file (a paper, a pack) that may have gone missing from the media folder.

A file can vanish under the application (a restore without the media folder, a disk
replaced): the reader gets a 404 page that says the file is missing and whom to ask, not a
server error, and the operator gets an ERROR line naming the stored path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

log = logging.getLogger("csphub.files")


def file_response(
    request: HttpRequest,
    stored: FieldFile,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool,
    contact: str = "",
) -> HttpResponse | FileResponse:
    try:
        handle: File = stored.open("rb")
    except OSError:
        log.error("stored file missing: %s", stored.name, extra={"request": request})
        return render(
            request, "missing_file.html", {"filename": filename, "contact": contact}, status=404
        )
    return FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )


@contextmanager
def kept_only_if_saved() -> Iterator[Callable[[FieldFile], None]]:
    """Files stored inside the block are deleted again if the block fails, so a refused or
    failed write leaves no orphan in the media folder.

    Call ``track(instance.file)`` before the model is saved: a file that was already stored
    before the block (not new) is never touched.
    """
    tracked: list[tuple[FieldFile, bool]] = []

    def track(field_file: FieldFile) -> None:
        tracked.append((field_file, bool(getattr(field_file, "_committed", True))))

    try:
        yield track
    except BaseException:
        for field_file, was_stored in tracked:
            if not was_stored and field_file._committed and field_file.name:
                field_file.storage.delete(field_file.name)
        raise
