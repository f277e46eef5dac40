"""Who attended: present, apologies, substitutes, absent; in what role, post and organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.partnerships.models import Membership, Organisation, Partnership, Person
from csphub.partnerships.selectors import memberships_on
from csphub.partnerships.services import person_create

from ..attendance_rules import attendance_role, mark_everyone_present
from ..models import (
    Attendance,
    Meeting,
)
from ._shared import ensure_minutes_editable, partnership_of


def _new_person(actor: Actor, partnership: Partnership, name: str) -> Person:
    """The person a typed substitute names: someone of that name already in the partnership
    (so typing a name twice does not make two people), or a new person, created (and
    audited) by the partnerships service."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Enter the substitute’s full name")
    existing = Person.objects.filter(partnership=partnership, name__iexact=name).first()
    if existing is not None:
        return existing
    return person_create(actor=actor, partnership=partnership, name=name)


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    meeting: Meeting,
    rows: list[dict],
    chair: Person | None = None,
    verb: str = "attendance.record",
) -> list[Attendance]:
    """Replace the meeting's attendance with `rows` and set who chaired it.

    A row is {person, status, substitute_for, organisation, post_title, role}; instead of
    `person` a row may carry `new_person_name` for a substitute typed by name who is not
    yet a person. Post and organisation default to the person's membership of the body on
    the day (minutes must show who was who then); a substitute's organisation defaults to
    their principal's. One audit event for the whole record (and one per person created).
    """
    partnership = partnership_of(meeting)
    ensure_can_manage(actor, partnership)
    ensure_minutes_editable(meeting)
    seats: dict[int, Membership] = {
        m.person.pk: m for m in memberships_on(meeting.body, meeting.date) if m.person
    }
    seen: set[int] = set()
    created: list[Attendance] = []
    for n, row in enumerate(rows, start=1):
        person: Person | None = row.get("person")
        if person is None:
            person = _new_person(actor, partnership, row.get("new_person_name", ""))
        if person.partnership_id != partnership.pk:
            raise ValidationError(f"Row {n}: {person} is not part of this partnership.")
        if person.pk in seen:
            raise ValidationError(f"Row {n}: {person} is listed twice.")
        seen.add(person.pk)
        status = row["status"]
        sub_for: Person | None = row.get("substitute_for")
        if status == Attendance.Status.SUBSTITUTE and sub_for is None:
            raise ValidationError(f"Row {n}: say whom {person} attended in place of.")
        if status != Attendance.Status.SUBSTITUTE:
            sub_for = None
        if sub_for is not None and sub_for.partnership_id != partnership.pk:
            raise ValidationError(f"Row {n}: {sub_for} is not part of this partnership.")
        seat = seats.get(person.pk)
        principal = seats.get(sub_for.pk) if sub_for is not None else None
        org: Organisation | None = row.get("organisation")
        source = seat or principal
        if org is None and source is not None:
            org = source.organisation
        if org is not None and org.partnership_id != partnership.pk:
            raise ValidationError(f"Row {n}: the organisation is not part of this partnership.")
        post_title = row.get("post_title") or (seat.post_title if seat else "")
        created.append(
            Attendance(
                meeting=meeting,
                person=person,
                status=status,
                substitute_for=sub_for,
                organisation=org,
                post_title=post_title,
                role=attendance_role(
                    status, is_member=seat is not None, chosen=row.get("role", "")
                ),
                position=n,
            )
        )
    before = [
        {
            "person": a.person_id,
            "status": a.status,
            "role": a.role,
            "substitute_for": a.substitute_for_id,
        }
        for a in meeting.attendance.all()
    ]
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(created)
    if chair is not None and chair.partnership_id != partnership.pk:
        raise ValidationError("The chair must be part of this partnership.")
    meeting.chair = chair
    meeting.save(update_fields=["chair"])
    audit_record(
        actor=actor,
        verb=verb,
        obj=meeting,
        partnership=partnership,
        before={"rows": before},
        after={
            "chair": chair.pk if chair else None,
            "rows": [
                {
                    "person": a.person_id,
                    "status": a.status,
                    "role": a.role,
                    "substitute_for": a.substitute_for_id,
                }
                for a in created
            ],
        },
    )
    return created


@transaction.atomic
def attendance_mark_everyone_present(*, actor: Actor, meeting: Meeting) -> list[Attendance]:
    """Record every member of the body on the day who has no attendance yet as present,
    keeping what was already recorded (apologies, substitutes, guests) and the chair; the
    chair defaults to the body's chair. The secretariat then changes the few who were not
    there, instead of choosing "Present" 38 times."""
    partnership = partnership_of(meeting)
    ensure_can_manage(actor, partnership)
    seats = [m for m in memberships_on(meeting.body, meeting.date) if m.person is not None]
    existing = {
        a.person_id: a
        for a in meeting.attendance.select_related("person", "substitute_for", "organisation")
    }
    statuses = mark_everyone_present(
        {pk: a.status for pk, a in existing.items()},
        [m.person.pk for m in seats if m.person],
        represented=[a.substitute_for_id for a in existing.values() if a.substitute_for_id],
    )
    people = {m.person.pk: m.person for m in seats if m.person}
    people.update({pk: a.person for pk, a in existing.items()})
    order = [m.person.pk for m in seats if m.person] + list(existing)
    rows: list[dict] = []
    for pk in dict.fromkeys(order):
        row = existing.get(pk)
        if not statuses.get(pk):
            continue
        rows.append(
            {
                "person": people[pk],
                "status": statuses[pk],
                "substitute_for": row.substitute_for if row else None,
                "organisation": row.organisation if row else None,
                "post_title": row.post_title if row else "",
                "role": row.role if row else "",
            }
        )
    chair = meeting.chair or next(
        (m.person for m in seats if m.role == Membership.Role.CHAIR), None
    )
    return attendance_record(
        actor=actor,
        meeting=meeting,
        rows=rows,
        chair=chair,
        verb="attendance.everyone_present",
    )
