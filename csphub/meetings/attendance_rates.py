"""Attendance rates by person and by organisation over a period. Pure: no Django imports.

A partnership cares whether the police, probation and health were in the room, not only
whether a named officer was, so a substitute counts for the organisation (and as "sent a
substitute" for the member they replaced) but not as the member's own attendance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

ATTENDED = {"present"}
REPRESENTED = {"present", "substitute", "also_present"}


@dataclass(frozen=True)
class Seat:
    """A member expected at a meeting: they were a member of the body on its date."""

    person: int
    organisation: int | None


@dataclass(frozen=True)
class Presence:
    person: int
    status: str  # present | also_present | apologies | substitute | absent
    organisation: int | None
    substitute_for: int | None = None


@dataclass(frozen=True)
class MeetingFacts:
    day: date
    seats: Sequence[Seat]
    presences: Sequence[Presence]


@dataclass
class Rate:
    expected: int = 0
    attended: int = 0
    substituted: int = 0
    apologies: int = 0

    @property
    def represented(self) -> int:
        return self.attended + self.substituted

    @property
    def percent(self) -> float | None:
        """Own attendance as a percentage, or None when nothing was expected."""
        return None if self.expected == 0 else round(100 * self.attended / self.expected, 1)

    @property
    def represented_percent(self) -> float | None:
        return None if self.expected == 0 else round(100 * self.represented / self.expected, 1)


@dataclass
class Rates:
    meetings: int
    by_person: dict[int, Rate] = field(default_factory=dict)
    by_organisation: dict[int, Rate] = field(default_factory=dict)


def attendance_rates(meetings: Iterable[MeetingFacts]) -> Rates:
    """Per person: meetings expected (member on the day), attended in person, a substitute
    sent, apologies. Per organisation: meetings at which it had a seat, and at which anyone
    from it (member, substitute or officer also present) was in the room."""
    meetings = list(meetings)
    rates = Rates(meetings=len(meetings))
    for m in meetings:
        by_person = {p.person: p for p in m.presences}
        substituted_for = {p.substitute_for for p in m.presences if p.status == "substitute"}
        orgs_with_seats = {s.organisation for s in m.seats if s.organisation is not None}
        orgs_present = {
            p.organisation
            for p in m.presences
            if p.status in REPRESENTED and p.organisation is not None
        }
        for seat in m.seats:
            rate = rates.by_person.setdefault(seat.person, Rate())
            rate.expected += 1
            presence = by_person.get(seat.person)
            if presence is not None and presence.status in ATTENDED:
                rate.attended += 1
            elif seat.person in substituted_for:
                rate.substituted += 1
            elif presence is not None and presence.status == "apologies":
                rate.apologies += 1
        for org in orgs_with_seats:
            rate = rates.by_organisation.setdefault(org, Rate())
            rate.expected += 1
            if org in orgs_present:
                rate.attended += 1
    return rates
