"""Serving a stored file (a paper, a pack) that may have gone missing from the media folder.

A file can vanish under the application (a restore without the media folder, a disk
replaced): the reader gets a 404 page that says the file is missing and whom to ask, not a
server error, and the operator gets an ERROR line naming the stored path.
"""

from __future__ import annotations

import logging

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
