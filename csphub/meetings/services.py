"""Every write about meetings: scheduling, agenda, papers, publishing, attendance, questions,
minutes, approval and amendment. Each function checks permission first, enforces the rule,
writes and records one audit event per logical change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, model_create, model_delete, model_update, snapshot
from csphub.partnerships.models import Body, Organisation, Person

from . import deadlines, lifecycle, numbering
from .models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    MinuteAmendment,
    Paper,
    Question,
    Resolution,
)

STANDING_ITEMS: list[tuple[str, str]] = [
    (AgendaItem.Standing.APOLOGIES, "Apologies for absence"),
    (AgendaItem.Standing.DECLARATIONS, "Declarations of interest"),
    (AgendaItem.Standing.PREVIOUS_MINUTES, "Minutes of the previous meeting"),
    (AgendaItem.Standing.MATTERS_ARISING, "Matters arising"),
    (AgendaItem.Standing.QUESTIONS, "Questions from councillors and members of the public"),
    (AgendaItem.Standing.AOB, "Any other business"),
    (AgendaItem.Standing.NEXT_MEETING, "Date of next meeting"),
]
# Items added by the secretariat go before these, so the agenda still ends with them.
TRAILING_STANDING = {AgendaItem.Standing.AOB, AgendaItem.Standing.NEXT_MEETING}


def _partnership(meeting: Meeting):
    return meeting.body.partnership


def _transition(meeting: Meeting, to: str) -> None:
    try:
        lifecycle.assert_transition(meeting.status, to)
    except lifecycle.TransitionError as exc:
        raise ValidationError(str(exc)) from exc


def _ensure_minutes_editable(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError(
            "These minutes were approved and are locked; record a correction as an amendment."
        )


# --- Scheduling -------------------------------------------------------------------------


# What each edit may change: the fields of the form that edits it, and no others.
MEETING_FIELDS = ("date", "start_time", "venue")
AGENDA_ITEM_FIELDS = (
    "title",
    "description",
    "presenter",
    "minutes_allowed",
    "is_restricted",
    "restricted_reason",
)
MINUTE_FIELDS = ("title", "text", "post_meeting_note", "action_by", "public_summary")


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    body: Body,
    date: dt.date,
    start_time: dt.time,
    venue: str = "",
    with_standing_items: bool = True,
) -> Meeting:
    """Schedule a meeting; its agenda starts from the body's standing items."""
    ensure_can_manage(actor, body.partnership)
    if Meeting.objects.filter(body=body, date=date).exists():
        raise ValidationError(f"{body} already has a meeting on {date:%-d %B %Y}.")
    meeting = model_create(
        actor=actor,
        model=Meeting,
        partnership=body.partnership,
        verb="meeting.schedule",
        body=body,
        date=date,
        start_time=start_time,
        venue=venue,
    )
    if with_standing_items:
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=title, standing=standing)
            for i, (standing, title) in enumerate(STANDING_ITEMS, start=1)
        )
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, data: dict) -> Meeting:
    ensure_can_manage(actor, _partnership(meeting))
    if "date" in data and data["date"] != meeting.date:
        clash = Meeting.objects.filter(body=meeting.body, date=data["date"]).exclude(pk=meeting.pk)
        if clash.exists():
            raise ValidationError("The body already has a meeting on that day.")
    return model_update(
        actor=actor,
        instance=meeting,
        data=data,
        partnership=_partnership(meeting),
        verb="meeting.update",
        fields=MEETING_FIELDS,
    )


# --- Agenda -----------------------------------------------------------------------------


def _siblings(meeting: Meeting, parent: AgendaItem | None):
    return AgendaItem.objects.filter(meeting=meeting, parent=parent).order_by("position", "id")


def _renumber(meeting: Meeting, parent: AgendaItem | None, ordered: list[AgendaItem]) -> None:
    for i, item in enumerate(ordered, start=1):
        if item.position != i:
            item.position = i
            item.save(update_fields=["position"])


@transaction.atomic
def agenda_item_add(
    *, actor: Actor, meeting: Meeting, title: str, parent: AgendaItem | None = None, **fields: Any
) -> AgendaItem:
    """Add an item at the end of the agenda (before AOB and next meeting) or of a parent's list."""
    ensure_can_manage(actor, _partnership(meeting))
    if parent is not None and (parent.meeting_id != meeting.pk or parent.parent_id is not None):
        raise ValidationError("Sub-items go under a top-level item of the same meeting.")
    siblings = list(_siblings(meeting, parent))
    insert_at = len(siblings)
    if parent is None:
        for i, sib in enumerate(siblings):
            if sib.standing in TRAILING_STANDING:
                insert_at = i
                break
    item = AgendaItem(meeting=meeting, parent=parent, title=title, **fields)
    item.full_clean(exclude=["position"])
    _check_restriction(item)
    item.save()
    siblings.insert(insert_at, item)
    _renumber(meeting, parent, siblings)
    audit_record(
        actor=actor,
        verb="agenda_item.add",
        obj=item,
        partnership=_partnership(meeting),
        after=snapshot(item),
    )
    return item


def _check_restriction(item: AgendaItem | Any) -> None:
    if item.is_restricted and not item.restricted_reason:
        raise ValidationError(
            {"restricted_reason": "Give the reason the item is restricted (Schedule 12A)."}
        )
    if not item.is_restricted:
        item.restricted_reason = ""


@transaction.atomic
def agenda_item_update(*, actor: Actor, item: AgendaItem, data: dict) -> AgendaItem:
    meeting = item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    for name, value in data.items():
        setattr(item, name, value)
    _check_restriction(item)
    data = {**data, "restricted_reason": item.restricted_reason}
    item.refresh_from_db()
    updated = model_update(
        actor=actor,
        instance=item,
        data=data,
        partnership=_partnership(meeting),
        verb="agenda_item.update",
        fields=AGENDA_ITEM_FIELDS,
    )
    if "is_restricted" in data:
        # A minute records its item: when the item becomes restricted, so does the minute.
        Minute.objects.filter(item=item).update(
            is_restricted=item.is_restricted, restricted_reason=item.restricted_reason
        )
    return updated


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an item one place up or down among its siblings."""
    meeting = item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    if direction not in {"up", "down"}:
        raise ValidationError("Move an item up or down.")
    siblings = list(_siblings(meeting, item.parent))
    i = next(n for n, s in enumerate(siblings) if s.pk == item.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(siblings):
        siblings[i], siblings[j] = siblings[j], siblings[i]
        _renumber(meeting, item.parent, siblings)
        audit_record(
            actor=actor,
            verb="agenda_item.move",
            obj=item,
            partnership=_partnership(meeting),
            before={"position": i + 1},
            after={"position": j + 1},
        )
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_indent(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Make an item a sub-item (12a) of the top-level item above it."""
    meeting = item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    if item.parent_id is not None:
        raise ValidationError("The item is already a sub-item.")
    if item.children.exists():
        raise ValidationError("An item with sub-items cannot itself become a sub-item.")
    siblings = list(_siblings(meeting, None))
    i = next(n for n, s in enumerate(siblings) if s.pk == item.pk)
    if i == 0:
        raise ValidationError("The first item has no item above it to go under.")
    new_parent = siblings[i - 1]
    position = _siblings(meeting, new_parent).count() + 1
    item.parent, item.position = new_parent, position
    item.save(update_fields=["parent", "position"])
    _renumber(meeting, None, [s for s in siblings if s.pk != item.pk])
    audit_record(
        actor=actor,
        verb="agenda_item.indent",
        obj=item,
        partnership=_partnership(meeting),
        after={"parent": new_parent.pk},
    )
    return item


@transaction.atomic
def agenda_item_outdent(*, actor: Actor, item: AgendaItem) -> AgendaItem:
    """Lift a sub-item back to the top level, just after its former parent."""
    meeting = item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    parent = item.parent
    if parent is None:
        raise ValidationError("The item is already at the top level.")
    old_siblings = [s for s in _siblings(meeting, parent) if s.pk != item.pk]
    _renumber(meeting, parent, old_siblings)
    top = list(_siblings(meeting, None))
    i = next(n for n, s in enumerate(top) if s.pk == parent.pk)
    item.parent = None
    item.save(update_fields=["parent"])
    top.insert(i + 1, item)
    _renumber(meeting, None, top)
    audit_record(
        actor=actor,
        verb="agenda_item.outdent",
        obj=item,
        partnership=_partnership(meeting),
        before={"parent": parent.pk},
        after={"parent": None},
    )
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem) -> None:
    meeting = item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    if meeting.status not in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED}:
        raise ValidationError("Items cannot be removed once the meeting has been held.")
    parent = item.parent
    model_delete(
        actor=actor, instance=item, partnership=_partnership(meeting), verb="agenda_item.delete"
    )
    _renumber(meeting, parent, list(_siblings(meeting, parent)))


# --- Papers -----------------------------------------------------------------------------

PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".csv": "text/csv",
}
PAPER_MAGIC = {".pdf": b"%PDF-", ".docx": b"PK", ".xlsx": b"PK", ".pptx": b"PK", ".odt": b"PK"}


def check_paper_file(upload: UploadedFile, max_bytes: int) -> str:
    """Return the content type for an upload or raise; the extension and content must agree."""
    import os

    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in PAPER_TYPES:
        raise ValidationError(
            {"file": f"{upload.name}: upload a PDF, Word, Excel, PowerPoint, ODT or CSV file."}
        )
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            {"file": f"{upload.name}: the file must be smaller than {max_bytes // 1048576} MB."}
        )
    magic = PAPER_MAGIC.get(ext)
    if magic is not None:
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise ValidationError({"file": f"{upload.name}: the file is not a real {ext} file."})
    return PAPER_TYPES[ext]


@transaction.atomic
def paper_add(
    *, actor: Actor, item: AgendaItem, title: str, file: UploadedFile | None = None, **fields: Any
) -> Paper:
    from django.conf import settings

    meeting = item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    paper = Paper(item=item, title=title, **fields)
    if file is not None:
        paper.content_type = check_paper_file(file, settings.PAPER_MAX_BYTES)
        paper.original_filename = (file.name or "paper")[-255:]
        paper.size = file.size or 0
        paper.file = file
    paper.position = (item.papers.aggregate(m=Max("position"))["m"] or 0) + 1
    paper.full_clean()
    paper.save()
    audit_record(
        actor=actor,
        verb="paper.add",
        obj=paper,
        partnership=_partnership(meeting),
        after=snapshot(paper),
    )
    return paper


@transaction.atomic
def paper_delete(*, actor: Actor, paper: Paper) -> None:
    meeting = paper.item.meeting
    ensure_can_manage(actor, _partnership(meeting))
    stored = paper.file.name if paper.file else ""
    model_delete(
        actor=actor, instance=paper, partnership=_partnership(meeting), verb="paper.delete"
    )
    if stored:
        transaction.on_commit(lambda: paper.file.storage.delete(stored))


def paper_opened(*, viewer_user: Any, paper: Paper) -> None:
    """Who opened a restricted paper is logged (the design's promise to partners)."""
    if paper.restricted:
        audit_record(
            actor=viewer_user,
            verb="paper.open_restricted",
            obj=paper,
            partnership=_partnership(paper.item.meeting),
        )


# --- Publishing and status --------------------------------------------------------------


@transaction.atomic
def agenda_publish(*, actor: Actor, meeting: Meeting, at: dt.datetime | None = None) -> Meeting:
    """Publish the agenda: record when, and whether the body's notice period was met."""
    ensure_can_manage(actor, _partnership(meeting))
    _transition(meeting, Meeting.Status.AGENDA_PUBLISHED)
    at = at or timezone.now()
    met = deadlines.notice_met(at, meeting.date, meeting.body.notice_clear_days)
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=_partnership(meeting),
        verb="agenda.publish",
        data={
            "status": Meeting.Status.AGENDA_PUBLISHED,
            "agenda_published_at": at,
            "agenda_notice_met": met,
        },
        note="" if met else "Published with less than the required notice.",
        fields=("status", "agenda_published_at", "agenda_notice_met"),
    )


@transaction.atomic
def meeting_mark_held(*, actor: Actor, meeting: Meeting) -> Meeting:
    ensure_can_manage(actor, _partnership(meeting))
    _transition(meeting, Meeting.Status.HELD)
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=_partnership(meeting),
        verb="meeting.held",
        data={"status": Meeting.Status.HELD},
        fields=("status",),
    )


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    ensure_can_manage(actor, _partnership(meeting))
    _transition(meeting, Meeting.Status.CANCELLED)
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=_partnership(meeting),
        verb="meeting.cancel",
        data={"status": Meeting.Status.CANCELLED},
        fields=("status",),
    )


# --- Attendance -------------------------------------------------------------------------


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
    partnership = _partnership(meeting)
    ensure_can_manage(actor, partnership)
    _ensure_minutes_editable(meeting)
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


# --- Questions and declarations ---------------------------------------------------------


def question_deadline_for(meeting: Meeting) -> dt.datetime:
    naive = deadlines.question_deadline(meeting.date, meeting.body.question_working_days)
    return timezone.make_aware(naive)


@transaction.atomic
def question_submit(
    *,
    meeting: Meeting,
    asker_name: str,
    asker_kind: str,
    text: str,
    asker_email: str = "",
    received_at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> Question:
    """Anyone may ask; a question after the deadline is accepted but marked late."""
    if meeting.status in {Meeting.Status.CANCELLED, Meeting.Status.MINUTES_APPROVED}:
        raise ValidationError("This meeting is not taking questions.")
    if (
        actor is not None
        and getattr(actor, "is_authenticated", False) is False
        and not hasattr(actor, "label")
    ):
        actor = None
    received_at = received_at or timezone.now()
    deadline = question_deadline_for(meeting)
    question = Question(
        meeting=meeting,
        asker_name=asker_name,
        asker_kind=asker_kind,
        text=text,
        asker_email=asker_email,
        received_at=received_at,
        deadline=deadline,
        is_late=deadlines.is_question_late(received_at, deadline),
    )
    question.full_clean()
    question.save()
    audit_record(
        actor=actor or "public",
        verb="question.submit",
        obj=question,
        partnership=_partnership(meeting),
        after={"is_late": question.is_late},
    )
    return question


@transaction.atomic
def question_answer(
    *, actor: Actor, question: Question, answer: str, answered_by: str = ""
) -> Question:
    ensure_can_manage(actor, _partnership(question.meeting))
    return model_update(
        actor=actor,
        instance=question,
        partnership=_partnership(question.meeting),
        verb="question.answer",
        data={"answer": answer, "answered_by": answered_by, "status": Question.Status.ANSWERED},
        fields=("answer", "answered_by", "status"),
    )


@transaction.atomic
def declaration_add(
    *, actor: Actor, meeting: Meeting, person: Person, text: str, item: AgendaItem | None = None
) -> Declaration:
    ensure_can_manage(actor, _partnership(meeting))
    _ensure_minutes_editable(meeting)
    if person.partnership_id != meeting.body.partnership_id:
        raise ValidationError("The person is not part of this partnership.")
    return model_create(
        actor=actor,
        model=Declaration,
        partnership=_partnership(meeting),
        verb="declaration.add",
        meeting=meeting,
        person=person,
        text=text,
        item=item,
    )


# --- Minutes ----------------------------------------------------------------------------


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
    ensure_can_manage(actor, _partnership(meeting))
    _ensure_minutes_editable(meeting)
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
    audit_record(
        actor=actor,
        verb="minutes.start",
        obj=meeting,
        partnership=_partnership(meeting),
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
    ensure_can_manage(actor, _partnership(meeting))
    _ensure_minutes_editable(meeting)
    if number is None:
        last = meeting.minutes.aggregate(m=Max("number"))["m"]
        number = last + 1 if last is not None else first_minute_number(meeting)
    if item is not None:
        fields.setdefault("is_restricted", item.is_restricted)
        fields.setdefault("restricted_reason", item.restricted_reason)
    return model_create(
        actor=actor,
        model=Minute,
        partnership=_partnership(meeting),
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
    ensure_can_manage(actor, _partnership(minute.meeting))
    _ensure_minutes_editable(minute.meeting)
    if data.get("is_restricted") and not data.get("restricted_reason", minute.restricted_reason):
        raise ValidationError({"restricted_reason": "Give the reason the minute is restricted."})
    return model_update(
        actor=actor,
        instance=minute,
        data=data,
        partnership=_partnership(minute.meeting),
        verb="minute.update",
        fields=MINUTE_FIELDS,
    )


@transaction.atomic
def resolution_add(*, actor: Actor, minute: Minute, text: str, action_by: str = "") -> Resolution:
    ensure_can_manage(actor, _partnership(minute.meeting))
    _ensure_minutes_editable(minute.meeting)
    position = (minute.resolutions.aggregate(m=Max("position"))["m"] or 0) + 1
    return model_create(
        actor=actor,
        model=Resolution,
        partnership=_partnership(minute.meeting),
        verb="resolution.add",
        minute=minute,
        text=text,
        action_by=action_by,
        position=position,
    )


@transaction.atomic
def resolution_delete(*, actor: Actor, resolution: Resolution) -> None:
    meeting = resolution.minute.meeting
    ensure_can_manage(actor, _partnership(meeting))
    _ensure_minutes_editable(meeting)
    model_delete(
        actor=actor,
        instance=resolution,
        partnership=_partnership(meeting),
        verb="resolution.delete",
    )


@transaction.atomic
def minutes_publish_draft(*, actor: Actor, meeting: Meeting, at: dt.datetime | None = None):
    ensure_can_manage(actor, _partnership(meeting))
    if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        _transition(meeting, Meeting.Status.HELD)
        meeting.status = Meeting.Status.HELD
    _transition(meeting, Meeting.Status.DRAFT_MINUTES)
    if not meeting.minutes.exists():
        raise ValidationError("There are no minutes to publish yet.")
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=_partnership(meeting),
        verb="minutes.publish_draft",
        data={"status": Meeting.Status.DRAFT_MINUTES, "minutes_published_at": at or timezone.now()},
        fields=("status", "minutes_published_at"),
    )


@transaction.atomic
def minutes_approve(
    *, actor: Actor, meeting: Meeting, at_meeting: Meeting, at: dt.datetime | None = None
) -> Meeting:
    """Approve (sign) minutes at a later meeting of the same body; they are locked from then."""
    ensure_can_manage(actor, _partnership(meeting))
    if at_meeting.body_id != meeting.body_id or at_meeting.date <= meeting.date:
        raise ValidationError("Minutes are approved at a later meeting of the same body.")
    if meeting.status == Meeting.Status.HELD and meeting.minutes.exists():
        meeting.status = Meeting.Status.DRAFT_MINUTES
    _transition(meeting, Meeting.Status.MINUTES_APPROVED)
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=_partnership(meeting),
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
    ensure_can_manage(actor, _partnership(meeting))
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
        partnership=_partnership(meeting),
        verb="minute.amend",
        minute=minute,
        field=field,
        before=before,
        after=after,
        reason=reason,
        made_at=timezone.now(),
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
        agreed_at_meeting=agreed_at_meeting,
    )


def ensure_same_partnership(meeting: Meeting, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and getattr(obj, "partnership_id", None) not in {
            None,
            meeting.body.partnership_id,
        }:
            raise PermissionDenied("Objects from another partnership cannot be used here.")
