"""Action logs and action plans kept as tables: a header row naming the columns (reference,
action or matter, lead or owner, due date, status, RAG), then one row per action.

Columns are found by their headings, in any order; a due date that is not a date ("No date
set", "Ongoing") is kept out of `due` and named for review rather than guessed.
"""

from __future__ import annotations

import re
from typing import Any

from .dates import find_date
from .minutes import empty_part
from .text import plain

COLUMNS = {
    "item": (
        "ref",
        "no",
        "no.",
        "minute",
        "minute ref",
        "item",
        "reference",
        "number",
        "minute number/title",
        "minute/title",
    ),
    "meeting": ("meeting", "date raised", "raised", "meeting date"),
    "text": ("action", "matter", "matters arising", "action required", "description"),
    "owners": ("lead", "owner", "action by", "responsible", "lead officer"),
    "due": ("due", "due date", "deadline", "target", "target completion", "completion date"),
    "status": ("status", "progress"),
    "rag": ("rag", "rag status", "rating"),
    "update": ("update", "latest update", "comments"),
}
RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green", "B": "Blue"}


def _columns(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = cell.strip().lower().rstrip(":")
        for key, names in COLUMNS.items():
            if name in names and key not in found:
                found[key] = i
    if "text" in found and "owners" in found and ("status" in found or "rag" in found):
        return found
    if "text" in found and "item" in found and "update" in found:  # a Matters Arising table
        return found
    return None


def find_action_logs(lines: list[str]) -> list[dict[str, Any]]:
    """Every action-log table in the lines, as an "action_log" part."""
    parts = []
    i = 0
    while i < len(lines):
        cells = lines[i].split("\t")
        columns = _columns(cells) if len(cells) >= 3 else None
        if columns is None:
            i += 1
            continue
        part = empty_part("action_log")
        title = next(
            (
                plain(x)
                for x in reversed(lines[max(0, i - 6) : i])
                if plain(x).isupper() and not re.search(r"\b(?:LOG|PLAN|TRACKER)\b", plain(x))
            ),
            None,
        )
        part["body"] = title.title() if title else None
        i += 1
        while i < len(lines) and lines[i].strip():
            row = lines[i].split("\t")
            first = row[0].strip()
            if part["actions"] and (
                len(row) == 1 or not re.match(r"^(?:minute\s+)?\d", first, re.I)
            ):
                _continue(part["actions"][-1], row, columns)  # a row that wrapped
            elif len(row) >= 2:
                part["actions"].append(_row(row, columns, part))
            else:
                break
            i += 1
        parts.append(part)
    return parts


def _cell(row: list[str], columns: dict[str, int], key: str) -> str | None:
    index = columns.get(key)
    if index is None or index >= len(row):
        return None
    return row[index].strip() or None


def _continue(action: dict[str, Any], row: list[str], columns: dict[str, int]) -> None:
    more = _cell(row, columns, "text")
    if more and len(row) > 1:
        action["text"] = f"{action['text']} {more}".strip()
    update = _cell(row, columns, "update")
    if update and action["status"] and action["status"].startswith("Update: "):
        action["status"] = f"{action['status']} {update}"


def _row(row: list[str], columns: dict[str, int], part: dict[str, Any]) -> dict[str, Any]:
    item = _cell(row, columns, "item")
    if item and (m := re.match(r"^minute\s+(\d+[a-z]?)\b", item, re.I)):
        item = m[1]
    text = _cell(row, columns, "text") or ""
    lead = _cell(row, columns, "owners") or ""
    owners = [o.strip() for o in re.split(r"/|,|\band\b|&", lead) if o.strip()]
    due_text = _cell(row, columns, "due")
    due = find_date(due_text) if due_text else None
    if due_text and due is None:
        part["needs_review"].append(
            f"Action {item or text[:40]!r}: due '{due_text}' is not a date; left without one."
        )
    status = _cell(row, columns, "status")
    update = _cell(row, columns, "update")
    if update and not status:
        status = f"Update: {update}"
    rag = _cell(row, columns, "rag")
    if rag:
        rag_word = RAG_WORDS.get(rag.upper()[:1], rag) if len(rag) <= 2 else rag
        status = f"{status} ({rag_word})" if status else rag_word
    return {
        "item": item,
        "text": text,
        "owners": owners,
        "due": due.isoformat() if due else None,
        "status": status,
    }
