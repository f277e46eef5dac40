"""Names and roles as attendance lists write them.

"Chris Hafford ((Borough Police Commander)) (Chairman)", "Councillor Kate Lymer,
(Portfolio Holder ...)", "Deirdre Bryant (Probation Service)", "Laurie Grasty, Emergency
Planning ...", "Matthew Cole Divisional Director – Public Health" (no separator: the name is
the title words and the next two capitalised words), "Anne Bristow (Chair), Matthew Cole, ..."
(one line), and the apologies sentences ("Apologies were received from Janet Bailey, and
Sham Kidane attended in her place.").
"""

from __future__ import annotations

import re
from typing import Any

HONORIFICS = (
    "councillor",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "acting",
    "dci",
    "di",
    "ds",
    "supt",
    "detective",
    "chief",
    "superintendent",
    "inspector",
    "borough",
    "commander",
    "sergeant",
    "pc",
    "sir",
    "dame",
    "the",
)
POSTNOMINALS = {"mbe", "obe", "cbe", "qfsm", "qpm", "jp"}
ROLE_WORDS = {
    "chief",
    "superintendent",
    "officer",
    "manager",
    "director",
    "commander",
    "inspector",
    "head",
    "service",
    "services",
    "police",
    "board",
    "council",
    "team",
    "support",
    "notes",
    "secretary",
    "of",
    "for",
    "and",
    "the",
    "temporary",
}
STOP_WORDS = {"cabinet", "member", "divisional", "portfolio", "lead", "deputy", "interim"}
CHAIR_WORDS = ("chairman", "chair", "chairwoman", "vice-chairman", "vice chairman", "vice-chair")
_NAME_TOKEN = re.compile(r"^[A-Z][A-Za-z'’\-]+$|^[A-Z]{1,2}$|^O$")


def _squash(text: str) -> str:
    return " ".join(text.replace("((", "(").replace("))", ")").split()).strip(" ,;.")


def split_person(line: str) -> dict[str, Any] | None:
    """{"name", "role"} from one attendance line, or None when it names nobody."""
    text = _squash(line.replace("\t", " "))
    if not text:
        return None
    roles = [_squash(r) for r in re.findall(r"\(([^()]*)\)", text)]
    head = _squash(re.sub(r"\([^()]*\)", " ", text))
    role_after = ""
    if "," in head:
        head, role_after = (p.strip() for p in head.split(",", 1))
    elif " - " in head or " – " in head:
        head, role_after = (p.strip() for p in re.split(r" [-–] ", head, maxsplit=1))
    name = head
    words = head.split()
    if len(words) > 2:
        name, rest = _name_then_role(words)
        role_after = " ".join(p for p in (rest, role_after) if p)
    name = " ".join(w for w in name.split() if w.lower().strip(".") not in POSTNOMINALS)
    if not _is_name(name):
        return None
    role_parts = [r for r in [role_after, *roles] if r]
    return {"name": name, "role": "; ".join(role_parts) or None}


def _name_then_role(words: list[str]) -> tuple[str, str]:
    """Split "Matthew Cole Divisional Director" after the titles and two name words."""
    i = 0
    while i < len(words) - 1 and words[i].lower().strip(".") in HONORIFICS:
        i += 1
    end = i
    while (
        end < len(words)
        and end < i + 2
        and _NAME_TOKEN.match(words[end])
        and (end == i or words[end].lower() not in ROLE_WORDS | STOP_WORDS)
    ):
        end += 1
    name_end = end
    while end < len(words) and words[end].lower().strip(".") in POSTNOMINALS:
        end += 1
    return " ".join(words[:name_end]), " ".join(words[end:])


def _is_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 6:
        return False
    plain = [w for w in words if w.lower().strip(".") not in HONORIFICS]
    if not plain:
        return False
    if all(w.lower() in ROLE_WORDS for w in words):
        return False
    return all(_NAME_TOKEN.match(w.strip(".,")) for w in plain)


def is_chair(role: str | None) -> bool:
    if not role:
        return False
    return any(
        re.fullmatch(rf"{w}", r.strip().lower()) for r in role.split(";") for w in CHAIR_WORDS
    )


def split_people(text: str) -> list[str]:
    """The pieces of "Anne Bristow (Chair), Matthew Cole, ..." with their brackets kept."""
    return [p.strip(" .;") for p in re.split(r",\s*(?![^()]*\))", text) if p.strip(" .;")]


def split_list(text: str) -> list[str]:
    """Names from "A, B, C and D" (roles in brackets dropped)."""
    text = re.sub(r"\([^()]*\)", " ", text.replace("((", "(").replace("))", ")"))
    text = re.sub(r"\s+", " ", text).strip(" .;:")
    pieces = re.split(r",\s*(?:and\s+)?|\s+and\s+|;\s*", text)
    names = []
    for piece in pieces:
        piece = piece.strip(" .,")
        piece = re.sub(r"^(?:the|also)\s+", "", piece, flags=re.I)
        if piece:
            names.append(piece)
    return names


_SUBSTITUTE = re.compile(
    r"^(?P<sub>.+?)\s+(?:attended|was present|deputised)\s+(?:in\s+(?:his|her|their)\s+place|"
    r"on\s+(?:his|her|their)\s+behalf|for\s+(?:him|her|them))",
    re.I,
)


def apologies_from(sentence: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Apologies (with substitutes) from a sentence after "Apologies ... from"; also the
    names that look like two run together (for review)."""
    out: list[dict[str, Any]] = []
    review: list[str] = []
    sentence = re.split(r"\.\s+(?=[A-Z])", sentence)[0]
    for piece in split_list(sentence):
        m = _SUBSTITUTE.match(piece)
        if m:
            if out:
                out[-1]["substitute"] = m["sub"].strip()
            continue
        words = piece.split()
        plain = [w for w in words if w.lower().strip(".") not in HONORIFICS]
        if len(plain) == 4 and len(words) == 4 and all(_NAME_TOKEN.match(w) for w in words):
            # "Chan Farooqui Dina Shamonivoc": a comma lost between two names
            first, second = " ".join(words[:2]), " ".join(words[2:])
            out += [{"name": first, "substitute": None}, {"name": second, "substitute": None}]
            review.append(f"Apologies: '{piece}' read as two people, {first} and {second}.")
            continue
        if _is_name(piece):
            out.append({"name": piece, "substitute": None})
        elif (person := split_person(piece)) is not None:
            out.append({"name": person["name"], "substitute": None})
        elif piece:
            review.append(f"Apologies: '{piece}' is not clearly a name; left out.")
    return out, review


def initials_of(name: str) -> str:
    words = [w for w in name.split() if w.lower().strip(".") not in HONORIFICS]
    words = [w for w in words if w.lower().strip(".") not in POSTNOMINALS]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()
