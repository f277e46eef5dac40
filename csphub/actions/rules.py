"""Rules about actions, as pure functions (no Django imports).

RAG is always shown as a word and a symbol as well as a colour, so it reads in greyscale and
for colour-blind readers (the Bromley board asked for exactly that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

OPEN_STATUSES = frozenset({"open", "in_progress", "carried_forward"})
CLOSED_STATUSES = frozenset({"done", "dropped"})
STATUSES = OPEN_STATUSES | CLOSED_STATUSES

RAG_LABELS = {
    "red": ("✕", "Red", "off track"),
    "amber": ("!", "Amber", "at risk"),
    "green": ("✓", "Green", "on track"),
    "": ("–", "Not rated", ""),
}


def is_open(status: str) -> bool:
    if status not in STATUSES:
        raise ValueError(f"Unknown action status {status!r}")
    return status in OPEN_STATUSES


def effective_due(
    due_date: date | None, due_next_meeting: bool, next_meeting: date | None
) -> date | None:
    """The date an action is due: its own date, or the body's next meeting."""
    if due_date is not None:
        return due_date
    return next_meeting if due_next_meeting else None


def is_overdue(status: str, due: date | None, today: date) -> bool:
    return is_open(status) and due is not None and due < today


def rag_label(rag: str) -> str:
    """ "✕ Red (off track)" """
    symbol, word, meaning = RAG_LABELS.get(rag, RAG_LABELS[""])
    return f"{symbol} {word}" + (f" ({meaning})" if meaning else "")


def owner_initials(initials: Iterable[str]) -> str:
    """The minutes' Action column: "LG/TG"."""
    return "/".join(i for i in initials if i)


def split_initials(text: str) -> list[str]:
    """ "LG/TG" -> ["LG", "TG"]; "LS / JB" -> ["LS", "JB"]; "" -> []."""
    return [
        part.strip() for part in text.replace(",", "/").replace("&", "/").split("/") if part.strip()
    ]


def reported_in_matters_arising(
    status: str, closed_at: datetime | None, since: datetime | None
) -> bool:
    """An action belongs in a Matters Arising report if it is still open, or if it was
    closed since the previous report (so the board sees it closed once, then it drops out).
    """
    if is_open(status):
        return True
    if closed_at is None:
        return False
    return since is None or closed_at > since


# --- the Action-by column: initials to owners ------------------------------------------------


def split_groups(text: str) -> list[list[str]]:
    """The Action-by column as owner groups: each group is one action (its owners share it),
    groups are separated by ";" or a new line. "LG/TG" -> [["LG", "TG"]];
    "LG/TG; RV" -> [["LG", "TG"], ["RV"]]; "" -> []."""
    groups = []
    for part in text.replace("\n", ";").split(";"):
        initials = split_initials(part)
        if initials:
            groups.append(initials)
    return groups


def normalise_initials(text: str) -> str:
    """Initials compared as people type them: "l.g." and "LG" are the same."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def name_initials(name: str) -> str:
    """The initials of a person's first and last name, as minute-takers write them:
    "Lynn Gibbs" -> "LG", "Mary-Jane van der Berg" -> "MB"; "Cher" -> "C"."""
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    if not words:
        return ""
    first, last = words[0], words[-1]
    return normalise_initials(first[0] + (last[0] if len(words) > 1 else ""))


@dataclass(frozen=True)
class Candidate:
    """Someone the Action-by column may name: a person (by their initials) or an
    organisation (by its abbreviation, e.g. "LFB")."""

    kind: str  # "person" or "organisation"
    id: int
    name: str
    initials: frozenset[str]


@dataclass(frozen=True)
class Resolved:
    """What one set of initials named: exactly one candidate, or why not."""

    initials: str
    candidate: Candidate | None
    reason: str = ""
    matches: tuple[Candidate, ...] = ()


def resolve_initials(initials: str, candidates: Sequence[Candidate]) -> Resolved:
    """Resolve initials to the one candidate they name. Several candidates with the same
    initials (two "JS" at the meeting, or a person "LF" and an organisation "LF") resolve to
    nobody: guessing would give an action to the wrong person, so the secretariat chooses."""
    wanted = normalise_initials(initials)
    if not wanted:
        return Resolved(initials=initials, candidate=None, reason="No initials given.")
    matches = tuple(
        dict.fromkeys(
            c for c in candidates if wanted in {normalise_initials(i) for i in c.initials}
        )
    )
    if len(matches) == 1:
        return Resolved(initials=initials, candidate=matches[0], matches=matches)
    if not matches:
        return Resolved(
            initials=initials,
            candidate=None,
            reason="Nobody at the meeting or among its members has these initials.",
        )
    names = ", ".join(c.name for c in matches)
    return Resolved(
        initials=initials, candidate=None, reason=f"More than one match: {names}.", matches=matches
    )


def resolve_group(group: Sequence[str], candidates: Sequence[Candidate]) -> list[Resolved]:
    """Each initials of one owner group, resolved on its own."""
    return [resolve_initials(i, candidates) for i in group]


# --- e-mails asking for updates -----------------------------------------------------------------


def reply_by_date(preferred: date | None, links_expire: date, today: date) -> date | None:
    """The date an update request asks owners to reply by: the preferred date (a working day
    before the agenda goes out), but never after the links in the same e-mail stop working,
    and never before today. Asking for a reply by a day the links no longer open is a trap.
    """
    if preferred is None or preferred < today or links_expire < today:
        return None
    return min(preferred, links_expire)


def links_expire_on(sent: date, days: int) -> date:
    """The last day a link sent on `sent` and valid `days` days works."""
    return sent + timedelta(days=days)


def proposal_is_pending(
    *, via_link: bool, proposed_status: str, decision: str, status: str
) -> bool:
    """An owner's proposed status waits for the secretariat while it came through their
    link, nobody has accepted or rejected it, and the action does not already have it."""
    return bool(via_link and proposed_status and not decision and proposed_status != status)


# --- the Matters Arising cover sheet --------------------------------------------------------

NOT_GIVEN = "Not applicable"


def cover_value(override: str, default: str, fallback: str = NOT_GIVEN) -> str:
    """A cover-sheet field of one report: the meeting's own wording when it has one, else
    the partnership's default, else "Not applicable" (the seeds print a value for every
    section, "None" or "Not applicable" where there is nothing to say)."""
    for value in (override, default):
        if value and value.strip():
            return value.strip()
    return fallback


def body_words(word: str, members_word: str, *, is_board: bool) -> tuple[str, str]:
    """What a report calls the body and its members: ("Group", "Members") in the Strategic
    Group's reports, ("Board", "the Board") in the Board's. Unset: "Board" for a board,
    "Group" otherwise, and its members "the <word>"."""
    word = word.strip() or ("Board" if is_board else "Group")
    return word, members_word.strip() or f"the {word}"
