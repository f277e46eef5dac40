"""Minutes: started from the agenda, numbered, edited, resolutions, approval, amendment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor, actor_user
from csphub.audit.services import audit_record, model_create, model_delete, model_update

from .. import numbering
from ..models import (
    AgendaItem,
    Meeting,
    Minute,
    MinuteAmendment,
    Resolution,
)
from ..signals import action_by_saved, meeting_records_bulk_created
from ._shared import (
    check_approval,
    check_held,
    check_transition,
    ensure_minutes_editable,
    partnership_of,
)

MINUTE_FIELDS = ("title", "text", "post_meeting_note", "action_by", "public_summary")


def first_minute_number(meeting: Meeting) -> int:
    """Where this meeting's minutes start in the body's sequence (continues across meetings)."""
    body = meeting.body
    last = (
        Minute.objects.filter(meeting__body=body, meeting__date__lt=meeting.date)
        .order_by("-meeting__date", "-number")
        .values_list("number", "meeting__date")
        .first()
    )
    restarts = [
        numbering.Restart(effective_from=s.effective_from, first_number=s.first_number)
        for s in body.minute_starts.all()
    ]
    return numbering.first_number_for_meeting(
        meeting.date,
        last_number=last[0] if last else None,
        last_meeting_date=last[1] if last else None,
        restarts=restarts,
    )


@transaction.atomic
def minutes_start(*, actor: Actor, meeting: Meeting) -> list[Minute]:
    """Create a minute for every agenda item that has none, numbered from the body's
    sequence: top-level items get the next numbers, sub-items their parent's number with a
    letter (186a), so the minutes follow the agenda."""
    ensure_can_manage(actor, partnership_of(meeting))
    ensure_minutes_editable(meeting)
    if meeting.minutes.exists():
        raise ValidationError("This meeting already has minutes; add to them instead.")
    number = first_minute_number(meeting)
    created: list[Minute] = []
    items = list(meeting.items.all().order_by("position", "id"))
    top = [i for i in items if i.parent_id is None]
    for item in top:
        children = [c for c in items if c.parent_id == item.pk]
        created.append(_new_minute(meeting, item, number, ""))
        for k, child in enumerate(children):
            created.append(_new_minute(meeting, child, number, numbering.index_to_suffix(k + 1)))
        number += 1
    Minute.objects.bulk_create(created)
    meeting_records_bulk_created.send(sender=Meeting, meeting=meeting)
    audit_record(
        actor=actor,
        verb="minutes.start",
        obj=meeting,
        partnership=partnership_of(meeting),
        after={"minutes": [m.label for m in created]},
    )
    return created


def _new_minute(meeting: Meeting, item: AgendaItem, number: int, suffix: str) -> Minute:
    return Minute(
        meeting=meeting,
        item=item,
        number=number,
        suffix=suffix,
        title=item.title,
        is_restricted=item.is_restricted,
        restricted_reason=item.restricted_reason,
    )


@transaction.atomic
def minute_create(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    number: int | None = None,
    suffix: str = "",
    item: AgendaItem | None = None,
    **fields: Any,
) -> Minute:
    """Add a minute. Without a number it takes the next one in the body's sequence."""
    ensure_can_manage(actor, partnership_of(meeting))
    ensure_minutes_editable(meeting)
    if number is None:
        last = meeting.minutes.aggregate(m=Max("number"))["m"]
        number = last + 1 if last is not None else first_minute_number(meeting)
    if item is not None:
        fields.setdefault("is_restricted", item.is_restricted)
        fields.setdefault("restricted_reason", item.restricted_reason)
    return model_create(
        actor=actor,
        model=Minute,
        partnership=partnership_of(meeting),
        verb="minute.create",
        meeting=meeting,
        title=title,
        number=number,
        suffix=suffix,
        item=item,
        **fields,
    )


@transaction.atomic
def minute_update(*, actor: Actor, minute: Minute, data: dict) -> Minute:
    ensure_can_manage(actor, partnership_of(minute.meeting))
    ensure_minutes_editable(minute.meeting)
    if data.get("is_restricted") and not data.get("restricted_reason", minute.restricted_reason):
        raise ValidationError({"restricted_reason": "Give the reason the minute is restricted."})
    minute = model_update(
        actor=actor,
        instance=minute,
        data=data,
        partnership=partnership_of(minute.meeting),
        verb="minute.update",
        fields=MINUTE_FIELDS,
    )
    if "action_by" in data:
        action_by_saved.send(sender=Minute, actor=actor, minute=minute, resolution=None)
    return minute


@transaction.atomic
def resolution_add(*, actor: Actor, minute: Minute, text: str, action_by: str = "") -> Resolution:
    ensure_can_manage(actor, partnership_of(minute.meeting))
    ensure_minutes_editable(minute.meeting)
    position = (minute.resolutions.aggregate(m=Max("position"))["m"] or 0) + 1
    resolution = model_create(
        actor=actor,
        model=Resolution,
        partnership=partnership_of(minute.meeting),
        verb="resolution.add",
        minute=minute,
        text=text,
        action_by=action_by,
        position=position,
    )
    if action_by:
        action_by_saved.send(sender=Resolution, actor=actor, minute=minute, resolution=resolution)
    return resolution


@transaction.atomic
def resolution_delete(*, actor: Actor, resolution: Resolution) -> None:
    meeting = resolution.minute.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    ensure_minutes_editable(meeting)
    model_delete(
        actor=actor,
        instance=resolution,
        partnership=partnership_of(meeting),
        verb="resolution.delete",
    )


@transaction.atomic
def minutes_publish_draft(*, actor: Actor, meeting: Meeting, at: dt.datetime | None = None):
    ensure_can_manage(actor, partnership_of(meeting))
    if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        check_transition(meeting, Meeting.Status.HELD)
        check_held(meeting, at or timezone.now())
        meeting.status = Meeting.Status.HELD
    check_transition(meeting, Meeting.Status.DRAFT_MINUTES)
    if not meeting.minutes.exists():
        raise ValidationError("There are no minutes to publish yet.")
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=partnership_of(meeting),
        verb="minutes.publish_draft",
        data={"status": Meeting.Status.DRAFT_MINUTES, "minutes_published_at": at or timezone.now()},
        fields=("status", "minutes_published_at"),
    )


@transaction.atomic
def minutes_approve(
    *, actor: Actor, meeting: Meeting, at_meeting: Meeting, at: dt.datetime | None = None
) -> Meeting:
    """Approve (sign) minutes at a later, held meeting of the same body; they are locked
    from then (see lifecycle.approval_refusal)."""
    ensure_can_manage(actor, partnership_of(meeting))
    check_approval(meeting, at_meeting)
    if meeting.status == Meeting.Status.HELD and meeting.minutes.exists():
        meeting.status = Meeting.Status.DRAFT_MINUTES
    check_transition(meeting, Meeting.Status.MINUTES_APPROVED)
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=partnership_of(meeting),
        verb="minutes.approve",
        data={
            "status": Meeting.Status.MINUTES_APPROVED,
            "minutes_approved_at": at or timezone.now(),
            "approved_at_meeting": at_meeting,
            "minutes_published_at": meeting.minutes_published_at or at or timezone.now(),
        },
        fields=("status", "minutes_approved_at", "approved_at_meeting", "minutes_published_at"),
    )


AMENDABLE_FIELDS = {"title", "text", "post_meeting_note", "action_by"}


@transaction.atomic
def minute_amend(
    *,
    actor: Actor,
    minute: Minute,
    field: str,
    after: str,
    reason: str,
    agreed_at_meeting: Meeting | None = None,
) -> MinuteAmendment:
    """Correct approved minutes: the correction is stored beside the minute, never over it."""
    meeting = minute.meeting
    ensure_can_manage(actor, partnership_of(meeting))
    if not meeting.minutes_locked:
        raise ValidationError(
            "Draft minutes are edited directly; amendments are for approved ones."
        )
    if field not in AMENDABLE_FIELDS:
        raise ValidationError(f"{field} cannot be amended.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the minute is being corrected."})
    current = minute.amendments.filter(field=field).order_by("-made_at", "-id").first()
    before = current.after if current else getattr(minute, field)
    return model_create(
        actor=actor,
        model=MinuteAmendment,
        partnership=partnership_of(meeting),
        verb="minute.amend",
        minute=minute,
        field=field,
        before=before,
        after=after,
        reason=reason,
        made_at=timezone.now(),
        made_by=actor_user(actor),
        agreed_at_meeting=agreed_at_meeting,
    )
