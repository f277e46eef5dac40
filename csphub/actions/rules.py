"""Rules about actions, as pure functions (no Django imports).

RAG is always shown as a word and a symbol as well as a colour, so it reads in greyscale and
for colour-blind readers (the Bromley board asked for exactly that).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

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
