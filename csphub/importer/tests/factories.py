"""Drafts for the importer's tests, made from hand-written fixtures in the parser's shape
(so the review and commit can be tested before, and apart from, the parser)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from csphub.importer import drafts
from csphub.importer.models import ImportDraft

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEC_2017 = FIXTURES / "draft_2017-12-19.json"
BODY_NAME = "Safer Bromley Partnership Strategic Group"


def load_fixture(path: Path = DEC_2017) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def make_draft(partnership, parsed: dict[str, Any] | None = None, **fields) -> ImportDraft:
    """A draft as an upload would leave it (without calling the parser)."""
    parsed = parsed if parsed is not None else load_fixture()
    draft = ImportDraft(
        partnership=partnership,
        original_filename=parsed.get("file") or "minutes.txt",
        source_text=fields.pop("source_text", "SAFER BROMLEY PARTNERSHIP STRATEGIC GROUP\n..."),
        parsed=parsed,
        edited=drafts.normalise_draft(copy.deepcopy(parsed)),
        created_at=timezone.now(),
        **fields,
    )
    draft.file.save("x", ContentFile(b"the minutes"), save=False)
    draft.save()
    return draft
