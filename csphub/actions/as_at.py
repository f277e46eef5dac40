"""An action as it stood at a moment, worked out from its history (pure: no Django).

A Matters Arising report frozen as at its meeting must print the owners, status, due date,
RAG rating and latest update the meeting had, not today's. The action row holds only the
present; its history holds every change with what it was before. So the state at a moment
is the present with every change made at or after that moment undone, newest first, and
the latest update and status entry are the last ones before it.

Walking back from the present (rather than forward from the creation) means an action
whose early history was never recorded in full still gives the right answer for any moment
after its last unrecorded change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

# The history kinds this module reads (the values of `ActionUpdate.Kind`).
CREATED = "created"
UPDATE = "update"
STATUS = "status"
OWNERS = "owners"
REASSIGNED = "reassigned"
DUE = "due"
EDITED = "edited"
STATUS_KINDS = frozenset({CREATED, STATUS})
OWNER_KINDS = frozenset({OWNERS, REASSIGNED})
# Fields whose edits (kind "edited") the report shows and so must be undone.
EDITABLE_SHOWN = ("rag", "description")


@dataclass(frozen=True)
class OwnerAt:
    name: str
    initials: str


@dataclass(frozen=True)
class Entry:
    """One history row, as this module needs it: what the change was, and what it undid."""

    id: int
    kind: str
    at: datetime
    status_before: str = ""
    status_after: str = ""
    owners_before: tuple[OwnerAt, ...] | None = None  # owner changes
    due_before: tuple[date | None, bool] | None = None  # due changes: (date, next meeting)
    fields_before: Mapping[str, str] = field(default_factory=dict)  # edits


@dataclass(frozen=True)
class State:
    status: str
    owners: tuple[OwnerAt, ...]
    due_date: date | None
    due_next_meeting: bool
    rag: str = ""
    description: str = ""
    update: Entry | None = None  # the latest progress update
    status_entry: Entry | None = None  # the entry that gave it its status
    later: tuple[Entry, ...] = ()  # what happened from the moment on, oldest first


def _ordered(history: Sequence[Entry]) -> list[Entry]:
    return sorted(history, key=lambda e: (e.at, e.id))


def state_at(present: State, history: Sequence[Entry], moment: datetime | None) -> State:
    """The action as it stood just before `moment` (None: now).

    `present` is the action row as it is (its `update`, `status_entry` and `later` are
    ignored and worked out here). Changes at or after `moment` are undone newest first;
    an owner, due or edit entry without its "before" values is skipped rather than guessed.
    """
    entries = _ordered(history)
    earlier = [e for e in entries if moment is None or e.at < moment]
    later = entries[len(earlier) :]
    status = present.status
    owners = present.owners
    due = (present.due_date, present.due_next_meeting)
    shown = {"rag": present.rag, "description": present.description}
    for entry in reversed(later):
        if entry.kind == STATUS and entry.status_before:
            status = entry.status_before
        elif entry.kind in OWNER_KINDS and entry.owners_before is not None:
            owners = entry.owners_before
        elif entry.kind == DUE and entry.due_before is not None:
            due = entry.due_before
        elif entry.kind == EDITED:
            for name in EDITABLE_SHOWN:
                if name in entry.fields_before:
                    shown[name] = entry.fields_before[name]
    status_entry = next((e for e in reversed(earlier) if e.kind in STATUS_KINDS), None)
    if status_entry is not None and status_entry.status_after:
        status = status_entry.status_after
    return replace(
        present,
        status=status,
        owners=owners,
        due_date=due[0],
        due_next_meeting=due[1],
        rag=shown["rag"],
        description=shown["description"],
        update=next((e for e in reversed(earlier) if e.kind == UPDATE), None),
        status_entry=status_entry,
        later=tuple(later),
    )


def owners_from(names: Sequence[str], initials: Sequence[str] | None) -> tuple[OwnerAt, ...]:
    """Owners as a history row records them. Rows written before initials were recorded
    carry names only; the name then stands in for the initials rather than a guess."""
    given = list(initials or [])
    if len(given) != len(names):
        given = list(names)
    return tuple(OwnerAt(name=n, initials=i or n) for n, i in zip(names, given, strict=True))


def due_from(recorded: Mapping[str, str]) -> tuple[date | None, bool] | None:
    """A due change's "before" as recorded (`{"due_date": "2018-06-21" or "None",
    "due_next_meeting": "True" or "False"}`); None when it is not in that form."""
    if "due_date" not in recorded:
        return None
    raw = str(recorded["due_date"])
    try:
        day = None if raw in {"", "None"} else date.fromisoformat(raw)
    except ValueError:
        return None
    return day, str(recorded.get("due_next_meeting", "False")) == "True"
