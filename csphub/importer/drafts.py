"""Pure rules on a draft part (the parser's JSON shape, see `parsing/__init__.py`): filling
its defaults, minute labels, dates and times, names and the initials that stand for them,
what is still wrong before a commit, and which fields a "needs review" line is about.

No Django and no app imports: property-tested on their own (pure-rules contract).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

KINDS = ("agenda", "minutes", "action_log", "report", "other")
LISTS = ("present", "also_present", "apologies", "absent", "items", "resolutions", "actions")
SCALARS = ("body", "meeting_date", "start_time", "venue", "chair")

TITLES = {
    "councillor",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "professor",
    "prof",
    "sir",
    "dame",
    "rev",
    "di",
    "dci",
    "ds",
    "supt",
    "superintendent",
    "inspector",
}

MINUTE_LABEL = re.compile(r"^\s*(\d{1,6})\s*([a-zA-Z]{0,4})\s*$")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def normalise_part(part: dict[str, Any]) -> dict[str, Any]:
    """The part with every key of the shape present, text trimmed, empty rows dropped."""
    out: dict[str, Any] = {"kind": part.get("kind") if part.get("kind") in KINDS else "other"}
    for key in SCALARS:
        out[key] = _text(part.get(key))
    out["present"] = [
        {"name": _text(r.get("name")), "role": _text(r.get("role"))}
        for r in part.get("present") or []
        if _text(r.get("name"))
    ]
    out["also_present"] = [
        {"name": _text(r.get("name")), "role": _text(r.get("role"))}
        for r in part.get("also_present") or []
        if _text(r.get("name"))
    ]
    out["apologies"] = [
        {"name": _text(r.get("name")), "substitute": _text(r.get("substitute"))}
        for r in part.get("apologies") or []
        if _text(r.get("name"))
    ]
    out["absent"] = [_text(n) for n in part.get("absent") or [] if _text(n)]
    out["items"] = [
        {
            "number": _text(r.get("number")) or "",
            "title": _text(r.get("title")) or "",
            "pages": _text(r.get("pages")),
            "presenter": _text(r.get("presenter")),
        }
        for r in part.get("items") or []
        if _text(r.get("number")) or _text(r.get("title"))
    ]
    out["resolutions"] = [
        {"item": _text(r.get("item")), "text": (r.get("text") or "").strip()}
        for r in part.get("resolutions") or []
        if (r.get("text") or "").strip()
    ]
    out["actions"] = [
        {
            "item": _text(r.get("item")),
            "text": (r.get("text") or "").strip(),
            "owners": [o for o in (_text(o) for o in r.get("owners") or []) if o],
            "due": _text(r.get("due")),
            "status": _text(r.get("status")),
        }
        for r in part.get("actions") or []
        if (r.get("text") or "").strip()
    ]
    out["needs_review"] = [str(line) for line in part.get("needs_review") or [] if str(line)]
    return out


def normalise_draft(draft: dict[str, Any]) -> dict[str, Any]:
    return {
        "file": str(draft.get("file") or ""),
        "parts": [normalise_part(p) for p in draft.get("parts") or []],
    }


# --- minute labels, dates, times --------------------------------------------------------------


def split_minute_label(label: str) -> tuple[int, str]:
    """ "186a" -> (186, "a"); "175" -> (175, ""). ValueError for anything else."""
    match = MINUTE_LABEL.match(label or "")
    if not match:
        raise ValueError(f"“{label}” is not a minute number (such as 175 or 186a)")
    return int(match.group(1)), match.group(2).lower()


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_time(value: str | None) -> dt.time | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def parse_due(value: str | None) -> dt.date | None:
    """A stated due date (YYYY-MM-DD or DD/MM/YYYY); None means "by the next meeting"."""
    if not value:
        return None
    found = parse_date(value)
    if found is not None:
        return found
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    if match:
        try:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


# --- names and initials -----------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Names compared as people write them: "Councillor Kate Lymer" and "kate  lymer" agree."""
    words = [w.strip(".,()").lower() for w in (name or "").split()]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(w for w in words if w)


def split_honorific(name: str) -> tuple[str, str]:
    """ "Councillor Kate Lymer" -> ("Councillor", "Kate Lymer"); a name without a title, or
    a title alone, is all name."""
    words = (name or "").split()
    n = 0
    while n < len(words) - 1 and words[n].strip(".,").lower() in TITLES:
        n += 1
    return " ".join(words[:n]), " ".join(words[n:])


def name_initials(name: str) -> str:
    """First and last name's initials, titles left out: "Terry Gooding" -> "TG"."""
    words = [w for w in normalise_name(name).replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return ""
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def looks_like_initials(text: str) -> bool:
    compact = text.replace(".", "").strip()
    return 1 < len(compact) <= 4 and compact.isalpha() and compact.isupper()


def attendance_names(part: dict[str, Any]) -> list[str]:
    """Every person the part names in its attendance and as chair, once, in order."""
    names: list[str] = []
    for row in part["present"]:
        names.append(row["name"])
    for row in part["also_present"]:
        names.append(row["name"])
    for row in part["apologies"]:
        names.append(row["name"])
        if row["substitute"]:
            names.append(row["substitute"])
    names += part["absent"]
    if part["chair"]:
        names.append(part["chair"])
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(normalise_name(name), name)
    return list(seen.values())


def resolve_in_draft(written: str, part: dict[str, Any]) -> str | None:
    """The attendance name an owner (or chair) as written stands for, if exactly one: the
    same name, or initials that only one person there has (those present first, since an
    action usually goes to someone in the room)."""
    names = attendance_names(part)
    key = normalise_name(written)
    for name in names:
        if normalise_name(name) == key:
            return name
    if not looks_like_initials(written):
        return None
    wanted = written.replace(".", "").upper()
    in_room = [r["name"] for r in part["present"]] + [r["name"] for r in part["also_present"]]
    in_room += [r["substitute"] for r in part["apologies"] if r["substitute"]]
    for pool in (in_room, names):
        matches = list(dict.fromkeys(n for n in pool if name_initials(n) == wanted))
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            return None
    return None


def initials_notes(part: dict[str, Any]) -> list[str]:
    """Where an owner's initials were read as someone present although someone else named
    in the minutes (sent apologies, absent) has them too: said on the matching page, so
    the secretariat can correct the action's owners in the draft."""
    notes: list[str] = []
    names = attendance_names(part)
    seen: set[str] = set()
    for action in part["actions"]:
        for owner in action["owners"]:
            chosen = resolve_in_draft(owner, part)
            if chosen is None or not looks_like_initials(owner) or owner in seen:
                continue
            wanted = owner.replace(".", "").upper()
            others = [n for n in names if n != chosen and name_initials(n) == wanted]
            if others:
                seen.add(owner)
                notes.append(
                    f"{owner} is read as {chosen}, who was there; {', '.join(others)} "
                    "has the same initials. Check the actions’ owners."
                )
    return notes


def names_to_match(part: dict[str, Any]) -> list[str]:
    """Every name as written that must be matched to a person before a commit: the
    attendance names, then owners that stand for none of them (initials of someone not
    recorded as there, or initials more than one person there has)."""
    names = attendance_names(part)
    keys = {normalise_name(n) for n in names}
    for action in part["actions"]:
        for owner in action["owners"]:
            if resolve_in_draft(owner, part) is None and normalise_name(owner) not in keys:
                keys.add(normalise_name(owner))
                names.append(owner)
    return names


def minute_labels(part: dict[str, Any]) -> list[str]:
    return [item["number"] for item in part["items"]]


def problems(part: dict[str, Any]) -> list[str]:
    """What must be put right before this part can be committed, each naming the field."""
    found: list[str] = []
    if part["kind"] != "minutes":
        found.append("Only minutes can be committed into a meeting; this part is not minutes.")
    if part["meeting_date"] is None:
        found.append("Meeting date: enter the date of the meeting.")
    elif parse_date(part["meeting_date"]) is None:
        found.append(f"Meeting date: “{part['meeting_date']}” is not a real date.")
    if part["start_time"] and parse_time(part["start_time"]) is None:
        found.append(f"Start time: “{part['start_time']}” is not a time such as 10:00.")
    labels: set[tuple[int, str]] = set()
    for n, item in enumerate(part["items"], start=1):
        try:
            label = split_minute_label(item["number"])
        except ValueError as exc:
            found.append(f"Minute {n}: {exc}.")
            continue
        if label in labels:
            found.append(f"Minute {item['number']}: the number is used twice.")
        labels.add(label)
        if not item["title"]:
            found.append(f"Minute {item['number']}: enter its title.")
    numbers = set(minute_labels(part))
    for n, row in enumerate(part["resolutions"], start=1):
        if row["item"] and row["item"] not in numbers:
            found.append(f"Resolution {n}: minute {row['item']} is not in the minutes.")
    for n, row in enumerate(part["actions"], start=1):
        if row["item"] and row["item"] not in numbers:
            found.append(f"Action {n}: minute {row['item']} is not in the minutes.")
        if not row["owners"]:
            found.append(f"Action {n}: give the action at least one owner.")
        if row["due"] and parse_due(row["due"]) is None:
            found.append(
                f"Action {n}: “{row['due']}” is not a date; leave it empty for "
                "“by the next meeting”."
            )
    return found


# --- what a "needs review" line is about -------------------------------------------------------

FIELD_WORDS: Sequence[tuple[str, Sequence[str]]] = (
    ("meeting_date", ("date",)),
    ("start_time", ("time",)),
    ("venue", ("venue", "held at")),
    ("chair", ("chair",)),
    ("body", ("body", "group", "board")),
    ("also_present", ("also present",)),
    ("present", ("present",)),
    ("apologies", ("apolog", "substitut", "in her place", "in his place")),
    ("absent", ("absent",)),
    ("resolutions", ("resol",)),
    ("actions", ("action", "owner", "initials")),
)


def concerns(lines: Iterable[str], part: dict[str, Any]) -> set[str]:
    """The fields the "needs review" lines are about: field keys ("meeting_date",
    "present"...), and "item:<label>" for a minute number a line names, so the review
    screen can tag them "Check"."""
    keys: set[str] = set()
    labels = set(minute_labels(part))
    for line in lines:
        lower = line.lower()
        for key, words in FIELD_WORDS:
            if any(w in lower for w in words):
                if key == "present" and "also present" in lower:
                    continue
                keys.add(key)
        for token in re.findall(r"\b(\d{1,6}[a-z]?)\b", line):
            if token in labels:
                keys.add(f"item:{token}")
    for key in ("meeting_date",):
        if part[key] is None:
            keys.add(key)
    return keys


def counts(part: dict[str, Any]) -> dict[str, int]:
    return {
        "minutes": len(part["items"]),
        "resolutions": len(part["resolutions"]),
        "actions": len(part["actions"]),
        "attendance": len(part["present"])
        + len(part["also_present"])
        + len(part["apologies"])
        + len(part["absent"]),
    }
