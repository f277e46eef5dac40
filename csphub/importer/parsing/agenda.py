"""An agenda front sheet: the body, date, time and venue, and the numbered items with
their pages, presenter and time allowed.

Layouts read: Bromley's ("3 MINUTES OF THE PREVIOUS MEETING ... (Pages 5 - 18)", sub-items
12a-d) and Barking and Dagenham's table (number, title, presenter, time allowed, pages).
"""

from __future__ import annotations

import re
from typing import Any

from .dates import find_date, find_time
from .minutes import empty_part
from .text import plain

_PAGES = re.compile(r"\(Pages?\s*(\d+)\s*(?:[-–]\s*)?(\d+)?\)", re.I)
_BROMLEY_ITEM = re.compile(r"^(?:-\s*)?(\d{1,2}[a-z]?)\s+([A-Z].*?)\s*(?:\(Pages?.*)?$")
_TABLE_ITEM = re.compile(r"^(\d{1,2})\.$")
_SUB_ITEM = re.compile(r"^-?\s*([a-h])[).]?\s+([A-Z][A-Z0-9 ,:/&'’()-]{3,})$")
_NOTICE = re.compile(
    r"meeting of (?:the )?(?P<body>.+?) will be held (?:at|in) (?P<venue>.+?) on (?P<when>.+)$",
    re.I,
)


def parse_agenda(lines: list[str]) -> dict[str, Any] | None:
    """The agenda part of the lines before the first minutes, or None when there is none."""
    part = empty_part("agenda")
    seen: set[str] = set()
    start = next(
        (i for i, line in enumerate(lines) if plain(line).upper().strip(" :") == "AGENDA"), None
    )
    for line in lines:
        notice = _NOTICE.search(plain(line))
        if notice and (date := find_date(notice["when"])):
            part["body"] = notice["body"].strip()
            part["venue"] = notice["venue"].strip()
            part["meeting_date"] = date.isoformat()
            part["start_time"] = find_time(notice["when"])
            break
    for i, line in enumerate(lines):
        text = plain(line)
        if not text:
            continue
        if part["meeting_date"] is None and (date := find_date(text)):
            if "date" in text.lower() or i < 40:
                part["meeting_date"] = date.isoformat()
                part["start_time"] = find_time(text)
        if text.lower().startswith("venue:"):
            part["venue"] = text.split(":", 1)[1].strip()
        if text.lower().startswith("to: members of the") and not part["body"]:
            nxt = next((plain(x) for x in lines[i + 1 : i + 8] if plain(x)), "")
            part["body"] = (nxt.title() if nxt.isupper() else nxt) or None
        if (
            part["body"] is None
            and text.isupper()
            and any(w in text for w in ("PARTNERSHIP", "GROUP", "BOARD", "COMMITTEE"))
        ):
            part["body"] = text.title().replace("'S", "'s")
        if start is not None and i <= start:
            continue
        item = _item(line)
        sub = _SUB_ITEM.match(text)
        if item is None and sub and part["items"]:
            parent = re.match(r"\d+", part["items"][-1]["number"])
            if parent:
                item = {"number": parent[0] + sub[1], "title": sub[2], "pages": None,
                        "presenter": None}  # fmt: skip
        if item and item["number"] not in seen:
            seen.add(item["number"])
            part["items"].append(item)
    if len(part["items"]) < 3:
        return None
    if part["meeting_date"] is None:
        part["needs_review"].append("The agenda's meeting date could not be read.")
    return part


def _item(line: str) -> dict[str, Any] | None:
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    if not cells:
        return None
    m = _TABLE_ITEM.match(cells[0])
    if m and len(cells) >= 2:
        title = cells[1]
        presenter = None
        pages = None
        for cell in cells[2:]:
            if re.fullmatch(r"\d+(?:\s*[-–]\s*\d+)?", cell):
                pages = re.sub(r"\s*[-–]\s*", "-", cell)
            elif not re.search(r"minutes|time allowed|^pages$|^\.?\d+$", cell, re.I):
                presenter = presenter or re.sub(r"^presented by\s+", "", cell, flags=re.I)
        return {"number": m[1], "title": title, "pages": pages, "presenter": presenter}
    text = plain(line)
    m2 = _BROMLEY_ITEM.match(text)
    if not m2:
        return None
    title = m2[2].strip(" *")
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 3 or sum(c.isupper() for c in letters) / len(letters) < 0.8:
        return None
    pages_match = _PAGES.search(text)
    pages = None
    if pages_match:
        pages = pages_match[1] + (f"-{pages_match[2]}" if pages_match[2] else "")
    return {"number": m2[1], "title": title, "pages": pages, "presenter": None}
