"""Who attended: present, apologies, substitutes, absent."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.partnerships.models import Organisation, Person

from ..models import (
    Attendance,
    Meeting,
)
from ._shared import ensure_minutes_editable, partnership_of


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    meeting: Meeting,
    rows: list[dict],
    chair: Person | None = None,
) -> list[Attendance]:
    """Replace the meeting's attendance with `rows` ({person, status, substitute_for,
    organisation, post_title}) and set who chaired it. One audit event for the whole record."""
    partnership = partnership_of(meeting)
    ensure_can_manage(actor, partnership)
    ensure_minutes_editable(meeting)
    seen: set[int] = set()
    created: list[Attendance] = []
    for n, row in enumerate(rows, start=1):
        person: Person = row["person"]
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
        org: Organisation | None = row.get("organisation")
        if org is not None and org.partnership_id != partnership.pk:
            raise ValidationError(f"Row {n}: the organisation is not part of this partnership.")
        created.append(
            Attendance(
                meeting=meeting,
                person=person,
                status=status,
                substitute_for=sub_for,
                organisation=org,
                post_title=row.get("post_title", ""),
                position=n,
            )
        )
    before = [
        {"person": a.person_id, "status": a.status, "substitute_for": a.substitute_for_id}
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
        verb="attendance.record",
        obj=meeting,
        partnership=partnership,
        before={"rows": before},
        after={
            "chair": chair.pk if chair else None,
            "rows": [
                {"person": a.person_id, "status": a.status, "substitute_for": a.substitute_for_id}
                for a in created
            ],
        },
    )
    return created
