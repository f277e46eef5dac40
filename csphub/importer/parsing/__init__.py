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

import re
from pathlib import Path
from typing import Any

from .action_log import find_action_logs
from .agenda import parse_agenda
from .minutes import parse_minutes
from .text import clean_lines, plain, read_path

_MINUTES_START = re.compile(r"^minutes of (?:the )?(?:meeting|proceedings)\b", re.I)
_MINUTES_HEADING = re.compile(r"^(?:[A-Z][A-Z&'’ -]*\s)?MINUTES$")
_PART_END = re.compile(
    r"^(?:report no\.?|london borough of|this page is left intentionally blank|"
    r"background documents)",
    re.I,
)
_PART_END_CASED = re.compile(r"^(?:Agenda Item \d+|Chair'?s Report|APPENDIX\b|Appendix [A-Z0-9]\b)")


def parse_path(path: Path) -> dict[str, Any]:
    """Parse a .txt, .pdf or .docx file into the draft shape above."""
    path = Path(path)
    return parse_text(read_path(path), path.name)


def parse_text(text: str, filename: str) -> dict[str, Any]:
    """Parse already-extracted text into the draft shape above."""
    from csphub.importer.errors import ImportParseError

    lines = clean_lines(text)
    if not any(line.strip() for line in lines):
        raise ImportParseError(f"{filename}: there is no text in it to read.")
    starts = [i for i, line in enumerate(lines) if _starts_minutes(lines, i)]
    parts: list[dict[str, Any]] = []
    first = starts[0] if starts else len(lines)
    agenda = parse_agenda(lines[:first])
    if agenda is not None:
        parts.append(agenda)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        for j in range(start + 1, end):
            if _PART_END.match(plain(lines[j])) or _PART_END_CASED.match(plain(lines[j])):
                end = j
                break
        header = [line for line in lines[max(0, start - 8) : start] if line.strip()][-3:]
        parts.append(parse_minutes(lines[start:end], header))
    parts += find_action_logs(lines)
    if not parts:
        parts.append(_other())
    return {"file": filename, "parts": parts}


def _starts_minutes(lines: list[str], i: int) -> bool:
    text = plain(lines[i])
    if len(text) > 120:
        return False
    return bool(_MINUTES_START.match(text) or _MINUTES_HEADING.match(text))


def _other() -> dict[str, Any]:
    from .minutes import empty_part

    part = empty_part("other")
    part["needs_review"].append("No agenda or minutes were recognised in this document.")
    return part
