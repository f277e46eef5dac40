"""Rules for recording attendance, as pure functions (no Django), tested on their own.

Status and role values are the strings stored on `Attendance` ("present", "substitute", ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

PRESENT = "present"
SUBSTITUTE = "substitute"
ALSO_PRESENT = "also_present"

MEMBER = "member"
OFFICER = "officer"
GUEST = "guest"
ROLES = (MEMBER, SUBSTITUTE, OFFICER, GUEST)


def attendance_role(status: str, *, is_member: bool, chosen: str = "") -> str:
    """In what capacity someone attended.

    A substitute always attended as one (whatever was chosen), because quorum by agency
    counts them for their principal. A member of the body on the day attended as a member.
    Anyone else is an officer or a guest, as the secretariat chose; left unchosen, someone
    "also present" is an officer (minutes list supporting officers there) and anyone else a
    guest.
    """
    if status == SUBSTITUTE:
        return SUBSTITUTE
    if is_member:
        return MEMBER
    if chosen in (OFFICER, GUEST):
        return chosen
    return OFFICER if status == ALSO_PRESENT else GUEST


def mark_everyone_present(
    statuses: Mapping[int, str],
    members: Iterable[int],
    represented: Iterable[int] = (),
) -> dict[int, str]:
    """The statuses after "Mark everyone present": every member not yet recorded becomes
    present; anyone already given a status (apologies, a substitute) keeps it, so the button
    never undoes work already recorded, and a member someone else `represented` (attended
    in place of) is left for the secretariat, because they were not there."""
    result = dict(statuses)
    away = set(represented)
    for pk in members:
        if not result.get(pk) and pk not in away:
            result[pk] = PRESENT
    return result
