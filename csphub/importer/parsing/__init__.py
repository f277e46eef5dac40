"""Parsing old agenda packs and minutes into a draft (the JSON shape of issue 13).

`parse_path(path)` reads a .txt, .pdf or .docx file; `parse_text(text, filename)` parses text
already extracted. Both return a dict of exactly this shape (fields null or empty when absent):

    {"file": str, "parts": [{"kind": "agenda"|"minutes"|"action_log"|"report"|"other",
      "body": str|None, "meeting_date": "YYYY-MM-DD"|None, "start_time": "HH:MM"|None,
      "venue": str|None, "chair": str|None,
      "present": [{"name": str, "role": str|None}],
      "also_present": [{"name": str, "role": str|None}],
      "apologies": [{"name": str, "substitute": str|None}], "absent": [str],
      "items": [{"number": str, "title": str, "pages": str|None, "presenter": str|None}],
      "resolutions": [{"item": str|None, "text": str}],
      "actions": [{"item": str|None, "text": str, "owners": [str], "due": str|None,
                   "status": str|None}],
      "needs_review": [str]}]}

A file that cannot be parsed at all raises `csphub.importer.errors.ImportParseError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def parse_path(path: Path) -> dict[str, Any]:
    """Parse a .txt, .pdf or .docx file into the draft shape above."""
    raise NotImplementedError


def parse_text(text: str, filename: str) -> dict[str, Any]:
    """Parse already-extracted text into the draft shape above."""
    raise NotImplementedError
