"""A set of minutes: its heading, who attended, the minutes, resolutions and actions.

Layouts read: Bromley's (numbered minutes 175, 186a in a table with an Action column whose
initials end the resolution's row or stand on the next line), Barking and Dagenham's
("1. Title" headings, "It was agreed that:" lists, "X to ..." actions), Word minutes with
numbered paragraphs (4.1) and "Action by" initials at line ends, and minutes with no item
numbers (numbered here in order, flagged for review).
"""

from __future__ import annotations

import re
from typing import Any

from . import people
from .dates import find_date, find_time
from .text import plain

_MINUTE = re.compile(r"^(\d{1,3}[a-z]?|\d{1,2}\.\d{1,2})(?:\.)?\s+(\S.*)$")
_RESOLUTION = re.compile(
    r"(?:\b(?i:resolved)\b|\bIt\s+was\s+(?:AGREED|agreed)\b|^AGREED\b|\bThe\s+\w+\s+AGREED\b"
    r"|\bAll\s+members\s+agreed\s+that\b)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_INITIALS = re.compile(r"^(?:[A-Z]{2,3}|All)(?:\s*/\s*(?:[A-Z]{2,3}|All))*$")
_EMBEDDED = re.compile(r"\b([A-Z]{2,3}(?:/[A-Z]{2,3})+)\b")
_TO_ACTION = re.compile(
    r"^(?:-\s*)?(?P<who>[A-Z][\w'&-]*(?:\s+[\w'&-]+){0,3}?)\s+to\s+"
    r"(?!remain\b|be\b|continue\b|stay\b)(?P<what>[a-z].*)$"
)
_VERBS = re.compile(r"\b(?:is|are|was|were|will|would|be|has|have)\b")
_REQUESTED = re.compile(r"\b(?:requested|asked)\s+that:\s*$", re.I)
NOT_INITIALS = {
    "LBB", "CRC", "SNB", "MPS", "LFB", "YOS", "BCU", "ASB", "IOM", "LAS", "MET", "SBP", "CSP",
    "DV", "ICB", "NHS", "CCG", "HMI", "PR", "IT", "UK", "CSD", "MOPAC", "DCI", "AOB", "PSPO",
    "VAWG", "LIFE", "SEL", "CVS", "DHR", "YJB", "ID", "CID", "PCSO", "MSL", "MSLS", "BSCB",
}  # fmt: skip
ATTENDANCE_HEADS = {
    "present": re.compile(r"^(?:members\s+)?present\s*:?\s*(.*)$", re.I),
    "also_present": re.compile(r"^(?:also\s+present|in\s+attendance|officers)\s*:?\s*(.*)$", re.I),
}
_APOLOGIES = re.compile(r"apologies\b[^.:]*?(?:from|:)\s*(?:the following:?)?\s*(.*)", re.I)
_END = re.compile(r"^(?:the meeting ended at|meeting closed|chairman$|chair$)", re.I)


def empty_part(kind: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "body": None,
        "meeting_date": None,
        "start_time": None,
        "venue": None,
        "chair": None,
        "present": [],
        "also_present": [],
        "apologies": [],
        "absent": [],
        "items": [],
        "resolutions": [],
        "actions": [],
        "needs_review": [],
    }


def _is_heading_title(title: str, numbered_dot: bool) -> bool:
    letters = [c for c in title if c.isalpha()]
    if len(letters) < 3:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    if upper > 0.8:
        return True
    return numbered_dot and title[:1].isupper() and len(title) < 120 and not title.endswith(".")


def minute_heading(line: str, previous: str | None) -> tuple[str, str] | None:
    """(number, title) when the line starts a minute, else None."""
    cells = [c for c in line.split("\t") if c.strip()]
    if not cells:
        return None
    if len(cells) > 1 and re.fullmatch(r"\d", cells[0].strip()) and _MINUTE.match(cells[1].strip()):
        cells = cells[1:]  # a margin digit before the minute number
    first = cells[0].strip()
    rest = cells[1:]
    m = _MINUTE.match(first)
    if m:
        number, title = m[1], m[2]
    elif re.fullmatch(r"\d{1,3}[a-z]?\.?", first) and rest:
        number, title = first.rstrip("."), rest.pop(0)
    else:
        return None
    numbered_dot = bool(re.match(r"^\d{1,2}\.\s", first)) or "." in number
    caps = re.match(r"^([A-Z0-9][A-Z0-9 :,&'’/()\-–.]{2,}?)(?=\s+[A-Z][a-z]|$)", title.strip())
    if caps and not numbered_dot and len(caps[1]) >= 6:
        title = caps[1]
    title = re.sub(rf"^{re.escape(number[-2:])}\s+", "", title) if title[:1].isdigit() else title
    title = re.sub(r"\s*\b(?:Action|Act)$", "", title.strip()).strip()
    if not _is_heading_title(title, numbered_dot):
        return None
    if previous is not None and not _follows(previous, number, gap=25 if title.isupper() else 3):
        return None
    return number, title


def _num(label: str) -> tuple[int, str]:
    m = re.match(r"(\d+)(?:\.(\d+))?([a-z]?)", label)
    if not m:
        return (0, "")
    return (int(m[1]), m[2] or m[3] or "")


def _follows(previous: str, number: str, gap: int = 3) -> bool:
    """Whether `number` can come after `previous`: capitals headings may skip items left
    out of an extract; sentence-case ones ("4. Basic Command Unit") must be near."""
    p, n = _num(previous), _num(number)
    if "." in number or "." in previous:
        return n[0] in (p[0], p[0] + 1) or n[0] == p[0] + 2
    return p[0] < n[0] <= p[0] + gap or (n[0] == p[0] and n[1] > p[1])


def _owner_groups(text: str) -> list[str]:
    text = text.strip()
    if text in {"AII", "All", "ALL"}:
        return ["All"]
    if _INITIALS.match(text) and text not in NOT_INITIALS:
        return [p.strip() for p in text.split("/")]
    return []


def parse_minutes(lines: list[str], header: list[str]) -> dict[str, Any]:
    """One minutes part from its lines (`header` is what came just before them)."""
    part = empty_part("minutes")
    if not any(minute_heading(line, None) for line in lines):
        lines = _number_headings(lines, part)
    _heading(part, header, lines[:12])
    body_start = _attendance(part, lines)
    _items(part, lines[body_start:])
    if not part.pop("_present_heading", False) and part["also_present"]:
        # "In attendance:" with no "Present:" lists everyone who was there
        part["present"], part["also_present"] = part["present"] + part["also_present"], []
    _resolve_owners(part)
    if part["meeting_date"] is None:
        part["needs_review"].append("The meeting's date could not be read.")
    return part


def _caps_heading(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 12
        and text.isupper()
        and not text.endswith(".")
        and not _RESOLUTION.search(text)
        and any(len(w) > 3 for w in words)
    )


def _number_headings(lines: list[str], part: dict[str, Any]) -> list[str]:
    """Minutes with no item numbers: their capitals headings are numbered in order here, and
    the draft says so (the numbers are not the document's)."""
    out: list[str] = []
    n = 0
    started = False
    for line in lines:
        text = plain(line)
        low = text.lower()
        if low.startswith(("present", "also present", "in attendance")):
            started = True
        if started and "\t" not in line and _caps_heading(text):
            n += 1
            out.append(f"{n}\t{text}")
            continue
        out.append(line)
    if n:
        part["needs_review"].append(
            f"The minutes have no item numbers: their {n} headings are numbered 1 to {n} here."
        )
    return out


def _heading(part: dict[str, Any], header: list[str], lines: list[str]) -> None:
    texts = [plain(line) for line in lines if line.strip()]
    stop = next(
        (
            i
            for i, t in enumerate(texts)
            if re.match(r"^(?:members\s+)?present|^in attendance|^chair:", t, re.I)
        ),
        len(texts),
    )
    texts = texts[:stop]
    ordered = sorted(texts, key=lambda t: not t.lower().startswith(("minutes of", "date")))
    for text in ordered:
        low = text.lower()
        if part["meeting_date"] is None and (
            low.startswith("minutes of") or low.startswith("date:") or find_date(text)
        ):
            date = find_date(text)
            if date:
                part["meeting_date"] = date.isoformat()
                part["start_time"] = find_time(text)
                m = re.search(r"\d{2}:\d{2}\s*[-–]\s*\d{2}:\d{2}\s+(.*)$", text) or re.search(
                    r"\b\d{4}\s+(?!\d)(.+?)\s+\d{1,2}[:.]\d{2}", text
                )
                if m and not part["venue"]:
                    part["venue"] = m[1].strip()
        if low.startswith("venue:"):
            part["venue"] = text.split(":", 1)[1].strip()
    for text in [plain(h) for h in header if h.strip()] + texts:
        low = text.lower().strip()
        if (
            low.startswith(("minutes", "date", "venue", "present", "members present"))
            or find_date(text)
            or low in {"minutes"}
            or len(text) > 90
        ):
            continue
        if any(w in low for w in ("partnership", "group", "board", "committee", "panel", "forum")):
            part["body"] = re.sub(r"\s*[-–]?\s*minutes$", "", text, flags=re.I).strip()
    if part["body"] and part["body"].isupper():
        part["body"] = part["body"].title().replace("'S", "'s")


def _attendance(part: dict[str, Any], lines: list[str]) -> int:
    """Fill present / also present / apologies; return where the minutes proper begin."""
    section: str | None = None
    previous: str | None = None
    for i, line in enumerate(lines):
        text = plain(line)
        if not text:
            continue
        if minute_heading(line, None) and section is not None:
            return i
        low = text.lower()
        if low.startswith("chair:"):
            person = people.split_person(text.split(":", 1)[1])
            if person:
                part["chair"] = person["name"]
                part["present"].append({"name": person["name"], "role": "Chair"})
            section = section or "present"
            continue
        matched = False
        for key, pattern in ATTENDANCE_HEADS.items():
            m = pattern.match(text)
            if m:
                section, matched = key, True
                if key == "present":
                    part["_present_heading"] = True
                rest = m[1].strip()
                if rest:
                    for name in people.split_people(rest):
                        p = people.split_person(name)
                        if p:
                            part[key].append(p)
                break
        if matched:
            continue
        if low.startswith("apologies"):
            _apologies_line(part, text)
            section = "apologies"
            continue
        if low.startswith(("minutes:", "date:", "venue:")) or find_date(text) and i < 3:
            continue
        if section in ("present", "also_present"):
            p = people.split_person(text)
            if p and len(text) < 140:
                part[section].append(p)
            elif len(text) >= 140:
                return i
        previous = text
    del previous
    return 0 if section is None else len(lines)


def _next_text(lines: list[str], line: str) -> str:
    i = lines.index(line)
    return next((plain(x) for x in lines[i + 1 : i + 4] if plain(x)), "")


def _apologies_line(part: dict[str, Any], text: str, following: str = "") -> None:
    m = _APOLOGIES.search(text)
    if not m:
        return
    names = m[1].strip() or following
    if not names:
        return
    found, review = people.apologies_from(names)
    known = {a["name"] for a in part["apologies"]}
    part["apologies"] += [a for a in found if a["name"] not in known]
    part["needs_review"] += review


def _items(part: dict[str, Any], lines: list[str]) -> None:
    current: str | None = None
    unnumbered = 0
    pending_list: str | None = None  # a resolution that ended "that:" and lists what follows
    last_resolution: dict[str, Any] | None = None
    since_resolution = 99
    after_last = -1  # prose lines read since the "date of next meeting" minute
    names = {p["name"] for p in part["present"] + part["also_present"]}
    for line in lines:
        text = plain(line)
        if not text:
            continue
        if _END.match(text) and current:
            break
        if after_last >= 0:
            after_last += 1
            if after_last > 2:
                break
        heading = minute_heading(line, current)
        if heading:
            current = heading[0]
            part["items"].append({"number": heading[0], "title": heading[1], "pages": None,
                                  "presenter": None})  # fmt: skip
            pending_list, last_resolution, since_resolution = None, None, 99
            if "next meeting" in heading[1].lower():
                after_last = 0
            continue
        if current is None:
            if text.lower().startswith("apologies"):
                _apologies_line(part, text, following=_next_text(lines, line))
            continue
        if current and text.lower().startswith("apologies"):
            _apologies_line(part, text, following=_next_text(lines, line))
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        tail_owners = _owner_groups(cells[-1]) if len(cells) > 1 else []
        prose = " ".join(cells[:-1]) if tail_owners else text
        since_resolution += 1
        # initials alone on their line belong to the resolution just above
        alone = _owner_groups(text)
        if alone and len(cells) == 1:
            if last_resolution is not None and since_resolution <= 3:
                _add_action(part, current, last_resolution["text"], alone)
                last_resolution = None
            elif current and len(alone[0]) <= 3 and not _same_as_last(part, current, alone):
                title = next(i["title"] for i in reversed(part["items"]) if i["number"] == current)
                _add_action(part, current, title, alone)
                part["needs_review"].append(
                    f"Minute {current}: action initials '{text}' stand with no resolution;"
                    " the action is named after the minute."
                )
            continue
        added = _resolutions_in(part, current, prose, pending_list)
        if added:
            last_resolution, since_resolution = added[-1], 0
            pending_list = added[-1]["text"] if added[-1]["text"].rstrip().endswith(":") else None
            if pending_list:
                part["resolutions"].pop()  # the heading of a list is not a decision itself
                last_resolution = None
        elif pending_list is not None and (
            re.match(r"^(?:\d+\s*[-.)]|[-•·])\s*", prose)
            or _TO_ACTION.match(prose)
            or (prose.endswith(".") and len(prose) < 250)
        ):
            item_text = re.sub(r"^(?:\d+\s*[-.)]|[-•·])\s*", "", prose).strip()
            res = {"item": current, "text": item_text}
            if pending_list != "requested":
                part["resolutions"].append(res)
            last_resolution, since_resolution = res, 0
            to = _TO_ACTION.match(item_text)
            if to and not tail_owners and not _VERBS.search(to["who"]):
                _add_action(part, current, item_text, [to["who"].strip()])
                last_resolution = None
        elif _REQUESTED.search(prose):
            pending_list = "requested"
            continue
        elif (
            (to := _TO_ACTION.match(prose))
            and len(prose) < 120
            and not tail_owners
            and _known_owner(to["who"].strip(), names)
        ):
            pending_list = None
            _add_action(part, current, prose, [to["who"].strip()])
        else:
            pending_list = None
        if tail_owners:
            target = last_resolution["text"] if last_resolution and since_resolution == 0 else prose
            _add_action(part, current, target, tail_owners)
            last_resolution = None
        elif added:
            for res in added:
                embedded = _EMBEDDED.findall(res["text"])
                groups = [g for g in embedded if all(p not in NOT_INITIALS for p in g.split("/"))]
                if groups:
                    _add_action(part, current, res["text"], groups[0].split("/"))
                    last_resolution = None
    if not part["items"] and part["resolutions"]:
        unnumbered += 1
        part["needs_review"].append("The minutes have no item numbers.")


def _known_owner(who: str, names: set[str]) -> bool:
    """A line's subject is an owner when it is initials, "All", an organisation's capitals or
    someone at the meeting (not "Easier to use ...")."""
    if re.fullmatch(r"[A-Z]{2,6}|All(?:\s.*)?", who):
        return True
    return any(who == n or n.endswith(" " + who) for n in names)


def _same_as_last(part: dict[str, Any], item: str, owners: list[str]) -> bool:
    last = part["actions"][-1] if part["actions"] else None
    return bool(last and last["item"] == item and last["owners"] == owners)


def _resolutions_in(
    part: dict[str, Any], item: str | None, text: str, pending: str | None
) -> list[dict[str, Any]]:
    found = []
    for sentence in _SENTENCE_END.split(text):
        m = _RESOLUTION.search(sentence)
        if not m:
            continue
        words = sentence[m.start() :].strip()
        res = {"item": item, "text": words}
        part["resolutions"].append(res)
        found.append(res)
    return found


def _add_action(part: dict[str, Any], item: str | None, text: str, owners: list[str]) -> None:
    owners = [o for o in (o.strip() for o in owners) if o]
    if not owners:
        return
    for action in part["actions"]:
        if action["item"] == item and action["text"] == text:
            action["owners"] += [o for o in owners if o not in action["owners"]]
            return
    part["actions"].append(
        {"item": item, "text": text, "owners": owners, "due": due_in(text), "status": None}
    )


_DUE = re.compile(r"\b(?:by|before|no later than)\s+(?:the\s+)?(?:end of\s+)?(.{0,40})", re.I)


def due_in(text: str) -> str | None:
    """The due date an action states ("by 31 March 2024"), never one worked out."""
    for m in _DUE.finditer(text):
        found = find_date(m[1])
        if found:
            return found.isoformat()
    return None


def _resolve_owners(part: dict[str, Any]) -> None:
    """Initials become the name of the one person of the meeting who has them."""
    there = [p["name"] for p in part["present"] + part["also_present"]]
    by_initials: dict[str, list[str]] = {}
    for name in there:
        by_initials.setdefault(people.initials_of(name), []).append(name)
    chair = next((p["name"] for p in part["present"] if people.is_chair(p["role"])), None)
    if chair and not part["chair"]:
        part["chair"] = chair
    for action in part["actions"]:
        resolved = []
        for owner in action["owners"]:
            if re.fullmatch(r"[A-Z]{2,3}", owner):
                matches = by_initials.get(owner, [])
                if len(matches) == 1:
                    resolved.append(matches[0])
                    continue
                where = f"Minute {action['item']}" if action["item"] else "An action"
                why = "match nobody present" if not matches else "match more than one person"
                part["needs_review"].append(f"{where}: owner initials '{owner}' {why}.")
            resolved.append(owner)
        action["owners"] = resolved
