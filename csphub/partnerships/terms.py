"""Terms of membership and the order of roles, as pure functions.

Why this exists: membership of a partnership body changes all the time (a Borough
Commander moves on, a new Chairman is elected), yet minutes must show who was who on the
day, and attendance rates must only count meetings a person was a member for. A term is
a pair of dates, either of which may be unknown: no start date means "a member since
before records began" and no end date means "still a member". Both ends are inclusive:
someone whose term ends on the day of a meeting was a member at that meeting.

Membership lists in the agenda packs put the chair first and officers last; the same
order is used everywhere a list of members is printed.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "ROLE_ORDER",
    "Term",
    "held_on",
    "normalise_role",
    "overlapping",
    "membership_sort_key",
    "role_sort_key",
    "role_title",
    "validate_term",
]

Term = tuple[date | None, date | None]
"""A (start, end) pair; None at either end means unbounded on that side."""

ROLE_ORDER: tuple[str, ...] = (
    "chair",
    "co-chair",
    "vice-chair",
    "member",
    "adviser",
    "observer",
    "secretary",
)
"""Roles in the order members are listed: who leads first, who supports last."""

_ROLE_RANK = {role: rank for rank, role in enumerate(ROLE_ORDER)}

_ROLE_ALIASES = {
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "co-chairman": "co-chair",
    "co-chairwoman": "co-chair",
    "co-chairperson": "co-chair",
    "vice-chairman": "vice-chair",
    "vice-chairwoman": "vice-chair",
    "vice-chairperson": "vice-chair",
    "advisor": "adviser",
}


def normalise_role(role: str) -> str:
    """Return the canonical spelling of a role ("Vice-Chairman" -> "vice-chair").

    Packs write the same role many ways (Chairman, Vice Chair, vice_chair, Advisor); they
    must sort and count as one. Unknown roles are returned lower-cased with single hyphens
    so that they still compare consistently.
    """
    if not isinstance(role, str):
        raise TypeError(f"A role must be text, not {role!r}")
    canonical = re.sub(r"[\s_\-]+", "-", role.strip().lower()).strip("-")
    return _ROLE_ALIASES.get(canonical, canonical)


def role_sort_key(role: str) -> tuple[int, str]:
    """Return a key that sorts roles chair, co-chair, vice-chair, member, adviser,
    observer, secretary.

    Roles not in that list sort after all of them, alphabetically, rather than raising:
    a printed membership list should never fail because a pack used an unusual title.
    """
    canonical = normalise_role(role)
    return (_ROLE_RANK.get(canonical, len(ROLE_ORDER)), canonical)


def role_title(role: str, chair_title: str = "Chair") -> str:
    """The bracketed role a membership list or minutes print after a name, in the body's
    own word: Bromley's board has a "Chairman" and a "Vice-Chairman", Barking and
    Dagenham's a "Chair". Plain members print no role ("")."""
    canonical = normalise_role(role)
    chair = chair_title.strip() or "Chair"
    titles = {
        "chair": chair,
        "co-chair": f"Co-{chair}",
        "vice-chair": f"Vice-{chair}",
        "adviser": "Adviser",
        "observer": "Observer",
        "secretary": "Secretary",
    }
    return titles.get(canonical, "")


def membership_sort_key(role: str, position: int, name: str) -> tuple[object, ...]:
    """Return a key that orders a membership list as the packs print it.

    The chair, co-chair and vice-chair lead; then each role's members in their printed
    order (``position``, 1 first: Bromley prints its portfolio holder next, then the rest
    by surname, and Barking and Dagenham its own order), then any member not yet placed
    (position 0) by surname and name, so a new member never jumps the printed ones. A
    vacant seat has the name "" and keeps its printed place.
    """
    words = name.split()
    surname = words[-1].lower() if words else ""
    return (role_sort_key(role), position == 0, position, surname, name.lower())


def validate_term(start: date | None, end: date | None) -> None:
    """Raise ValueError if a term ends before it starts (a one-day term is fine)."""
    if start is not None and end is not None and end < start:
        raise ValueError(
            f"A term cannot end ({end.isoformat()}) before it starts ({start.isoformat()})"
        )


def held_on(start: date | None, end: date | None, on: date) -> bool:
    """True if a term from ``start`` to ``end`` (inclusive, None = unbounded) covers ``on``."""
    validate_term(start, end)
    return (start is None or start <= on) and (end is None or on <= end)


def overlapping(first: Term, second: Term) -> bool:
    """True if two terms share at least one day.

    Used to refuse a second, overlapping term for the same person on the same body, and
    to find who held a role at any time during a period (pass the period as a term).
    """
    first_start, first_end = first
    second_start, second_end = second
    validate_term(first_start, first_end)
    validate_term(second_start, second_end)
    starts_in_time = first_start is None or second_end is None or first_start <= second_end
    ends_in_time = second_start is None or first_end is None or second_start <= first_end
    return starts_in_time and ends_in_time
