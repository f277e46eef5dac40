"""Every write of the importer: a document uploaded and parsed into a draft, the draft
corrected, its names matched to people, and a minutes part committed into a meeting.

Each checks that the actor runs the partnership and records an audit event. A commit is one
transaction: the meeting, its attendance, minutes, resolutions and actions all go in, or
nothing does and the draft says why (decision 0028).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.actions import services as action_services
from csphub.actions.models import Action
from csphub.audit.actors import Actor, actor_user
from csphub.audit.services import audit_record
from csphub.core.stored_files import kept_only_if_saved
from csphub.meetings import services as meeting_services
from csphub.meetings.models import Attendance, Meeting, Minute, Resolution
from csphub.meetings.paper_text import extract_text
from csphub.meetings.signals import meeting_records_bulk_created
from csphub.partnerships.models import Body, Partnership, Person
from csphub.partnerships.services import person_create

from . import drafts, parsing, selectors
from .errors import ImportParseError
from .models import ImportDraft, PersonMatch

IMPORT_TYPES = {".txt": b"", ".pdf": b"%PDF-", ".docx": b"PK"}
MINUTES_APPROVED = "approved"
MINUTES_DRAFT = "draft"


# --- upload -----------------------------------------------------------------------------------


def _check_import_file(name: str, size: int, head: bytes) -> None:
    """Refuse what cannot be a minutes document before parsing it, naming the file."""
    ext = os.path.splitext(name)[1].lower()
    if ext not in IMPORT_TYPES:
        raise ValidationError({"file": f"{name}: upload a .txt, .pdf or .docx file."})
    if size == 0:
        raise ValidationError({"file": f"{name}: the file is empty."})
    if size > settings.PAPER_MAX_BYTES:
        raise ValidationError(
            {
                "file": f"{name}: the file must be smaller than "
                f"{settings.PAPER_MAX_BYTES // 1048576} MB."
            }
        )
    magic = IMPORT_TYPES[ext]
    if magic and not head.startswith(magic):
        raise ValidationError({"file": f"{name}: the file is not a real {ext} file."})


def _source_text(name: str, data: bytes) -> str:
    if name.lower().endswith((".txt", ".json")):
        return data.decode("utf-8", errors="replace").replace("\x00", "")
    return extract_text(name, data)


def _naming(name: str, exc: Exception) -> str:
    """The parser's message, naming the file once."""
    message = str(exc) or "the document could not be read"
    return message if name in message else f"{name}: {message}"


def _parse_bytes(name: str, data: bytes) -> dict[str, Any]:
    """Parse through a temporary file named like the upload; a document that cannot be read
    at all becomes a ValidationError on the file field, and nothing is kept."""
    suffix = os.path.splitext(name)[1].lower()
    stem = re.sub(r"[^A-Za-z0-9._ -]", "_", os.path.splitext(name)[0]).strip(". ") or "document"
    with tempfile.TemporaryDirectory(prefix="csphub-import-") as folder:
        path = Path(folder) / f"{stem[:100]}{suffix}"  # so the parser's messages name it
        path.write_bytes(data)
        try:
            parsed = parsing.parse_path(path)
        except ImportParseError as exc:
            raise ValidationError({"file": _naming(name, exc)}) from exc
    parsed = dict(parsed)
    parsed["file"] = name
    return parsed


@transaction.atomic
def draft_upload(*, actor: Actor, partnership: Partnership, upload: File) -> ImportDraft:
    """Parse an uploaded document into a draft. A file that cannot be parsed is refused with
    the parser's message: no draft row, no stored file."""
    ensure_can_manage(actor, partnership)
    name = os.path.basename(upload.name or "document")[-255:]
    upload.seek(0)
    data = upload.read()
    _check_import_file(name, len(data), data[:8])
    parsed = _parse_bytes(name, data)
    upload.seek(0)
    return _draft_save(actor, partnership, name, data, parsed, upload)


def draft_from_path(*, actor: Actor, partnership: Partnership, path: Path) -> ImportDraft:
    """The command line's upload: a file on disk, parsed and kept as a draft."""
    ensure_can_manage(actor, partnership)
    data = path.read_bytes()
    if path.suffix.lower() == ".json":
        parsed = _draft_json(path.name, data)
    else:
        _check_import_file(path.name, len(data), data[:8])
        try:
            parsed = parsing.parse_path(path)
        except ImportParseError as exc:
            raise ValidationError({"file": _naming(path.name, exc)}) from exc
        parsed = {**parsed, "file": path.name}
    with transaction.atomic(), path.open("rb") as handle:
        return _draft_save(actor, partnership, path.name, data, parsed, File(handle, path.name))


def _draft_json(name: str, data: bytes) -> dict[str, Any]:
    """A draft saved as JSON (the output of `csphub import-document PATH --json`, perhaps
    corrected by hand): committed as if just parsed."""
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError({"file": f"{name}: not a JSON draft ({exc})."}) from exc
    if not isinstance(parsed, dict) or not isinstance(parsed.get("parts"), list):
        raise ValidationError({"file": f'{name}: a JSON draft needs a list of "parts".'})
    if not all(isinstance(p, dict) for p in parsed["parts"]):
        raise ValidationError({"file": f'{name}: each of "parts" must be an object.'})
    return parsed


def _draft_save(
    actor: Actor, partnership: Partnership, name: str, data: bytes, parsed: dict, upload: File
) -> ImportDraft:
    clean = drafts.normalise_draft(parsed)
    draft = ImportDraft(
        partnership=partnership,
        original_filename=name,
        source_text=_source_text(name, data),
        parsed=parsed,
        edited=clean,
        created_by=actor_user(actor),
        created_at=timezone.now(),
    )
    draft.file = upload
    with kept_only_if_saved() as track:
        track(draft.file)
        draft.save()
        audit_record(
            actor=actor,
            verb="import.upload",
            obj=draft,
            partnership=partnership,
            after={
                "file": name,
                "parts": [
                    {"kind": p["kind"], **drafts.counts(p), "needs_review": len(p["needs_review"])}
                    for p in clean["parts"]
                ],
            },
        )
    return draft


# --- editing and matching ---------------------------------------------------------------------


def _ensure_editable(draft: ImportDraft) -> None:
    if not draft.is_editable:
        raise ValidationError("This draft has been committed; it can no longer be changed.")


def _part(draft: ImportDraft, index: int) -> dict[str, Any]:
    parts = draft.edited.get("parts") or []
    if not 0 <= index < len(parts):
        raise ValidationError(f"The draft has no part {index + 1}.")
    return drafts.normalise_part(parts[index])


@transaction.atomic
def draft_update(
    *, actor: Actor, draft: ImportDraft, index: int, part: dict[str, Any]
) -> ImportDraft:
    """Replace one part of the draft with the secretariat's corrections (the parse as read
    stays in `parsed`). The audit event names the fields that changed."""
    ensure_can_manage(actor, draft.partnership)
    _ensure_editable(draft)
    before = _part(draft, index)
    after = drafts.normalise_part({**part, "needs_review": before["needs_review"]})
    changed = [key for key in after if after[key] != before[key]]
    parts = list(draft.edited["parts"])
    parts[index] = after
    draft.edited = {**draft.edited, "parts": parts}
    draft.save(update_fields=["edited"])
    audit_record(
        actor=actor,
        verb="import.draft_update",
        obj=draft,
        partnership=draft.partnership,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
    )
    return draft


@transaction.atomic
def draft_match_people(
    *, actor: Actor, draft: ImportDraft, choices: dict[str, selectors.Choice]
) -> list[PersonMatch]:
    """Record whom each name as written means (replacing earlier choices for those names)."""
    ensure_can_manage(actor, draft.partnership)
    _ensure_editable(draft)
    rows = []
    for name, choice in choices.items():
        if choice.choice == PersonMatch.Choice.PERSON:
            if choice.person is None or choice.person.partnership_id != draft.partnership_id:
                raise ValidationError({name: f"{name}: choose a person of this partnership."})
        elif choice.choice == PersonMatch.Choice.NEW:
            if not " ".join(choice.new_name.split()):
                raise ValidationError({name: f"{name}: enter the new person’s full name."})
        elif choice.choice != PersonMatch.Choice.SKIP:
            raise ValidationError({name: f"{name}: choose a person, a new person or leave out."})
        rows.append(
            PersonMatch(
                draft=draft,
                name=name,
                choice=choice.choice,
                person=choice.person if choice.choice == PersonMatch.Choice.PERSON else None,
                new_name=" ".join(choice.new_name.split())
                if choice.choice == PersonMatch.Choice.NEW
                else "",
            )
        )
    before = {m.name: _match_label(m) for m in draft.matches.filter(name__in=list(choices))}
    draft.matches.filter(name__in=list(choices)).delete()
    PersonMatch.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        verb="import.match_people",
        obj=draft,
        partnership=draft.partnership,
        before=before,
        after={m.name: _match_label(m) for m in rows},
    )
    return rows


def _match_label(match: PersonMatch) -> str:
    if match.choice == PersonMatch.Choice.PERSON:
        return f"person:{match.person_id}"
    if match.choice == PersonMatch.Choice.NEW:
        return f"new:{match.new_name}"
    return "skip"


# --- commit -----------------------------------------------------------------------------------


@dataclass
class CommitResult:
    meeting: Meeting
    created_meeting: bool
    minutes: int = 0
    resolutions: int = 0
    actions: list[Action] = field(default_factory=list)
    people_created: int = 0
    attendance: int = 0


def draft_commit(
    *,
    actor: Actor,
    draft: ImportDraft,
    index: int,
    body: Body | None = None,
    meeting: Meeting | None = None,
    minutes_status: str = MINUTES_DRAFT,
) -> CommitResult:
    """Commit one minutes part into a new meeting of `body` (on the draft's date) or into
    `meeting`. All or nothing: on any refusal nothing is written, the draft is marked
    failed with the reason (it stays editable) and the ValidationError is raised again."""
    ensure_can_manage(actor, draft.partnership)
    _ensure_editable(draft)
    try:
        with transaction.atomic():
            result = _commit_part(actor, draft, index, body, meeting, minutes_status)
            _mark_committed(actor, draft, [(index, result)])
    except ValidationError as exc:
        _mark_failed(draft, exc)
        raise
    return result


def draft_commit_all(*, actor: Actor, draft: ImportDraft) -> list[CommitResult]:
    """The command line's commit: every minutes part into a new meeting of the body named in
    it, people matched where unambiguous, in one transaction for the file."""
    ensure_can_manage(actor, draft.partnership)
    _ensure_editable(draft)
    parts = draft.edited.get("parts") or []
    indexes = [i for i, p in enumerate(parts) if p.get("kind") == "minutes"]
    try:
        if not indexes:
            raise ValidationError("The document has no minutes to commit.")
        people = list(Person.objects.filter(partnership=draft.partnership).order_by("name", "pk"))
        with transaction.atomic():
            done = []
            for index in indexes:
                part = _part(draft, index)
                body = selectors.body_named(draft.partnership, part["body"])
                if body is None:
                    raise ValidationError(
                        f"Part {index + 1}: no body of the partnership is called "
                        f"“{part['body'] or '(no body named)'}”."
                    )
                missing = [n for n in drafts.names_to_match(part) if not _has_match(draft, n)]
                auto = selectors.auto_choices(draft.partnership, missing, people)
                unsure = [n for n in missing if n not in auto]
                if unsure:
                    raise ValidationError(f"Part {index + 1}: match by hand: {', '.join(unsure)}.")
                if auto:
                    draft_match_people(actor=actor, draft=draft, choices=auto)
                done.append((index, _commit_part(actor, draft, index, body, None, MINUTES_DRAFT)))
            _mark_committed(actor, draft, done)
    except ValidationError as exc:
        _mark_failed(draft, exc)
        raise
    return [r for _, r in done]


def _has_match(draft: ImportDraft, name: str) -> bool:
    return draft.matches.filter(name=name).exists()


def _mark_failed(draft: ImportDraft, exc: ValidationError) -> None:
    ImportDraft.objects.filter(pk=draft.pk).update(
        status=ImportDraft.Status.FAILED, error=" ".join(exc.messages)[:2000]
    )
    draft.status, draft.error = ImportDraft.Status.FAILED, " ".join(exc.messages)[:2000]


def _mark_committed(actor: Actor, draft: ImportDraft, done: list[tuple[int, CommitResult]]) -> None:
    draft.status = ImportDraft.Status.COMMITTED
    draft.error = ""
    draft.committed_by = actor_user(actor)
    draft.committed_at = timezone.now()
    draft.meeting = done[-1][1].meeting
    draft.save(update_fields=["status", "error", "committed_by", "committed_at", "meeting"])
    audit_record(
        actor=actor,
        verb="import.commit",
        obj=draft,
        partnership=draft.partnership,
        after={
            "file": draft.original_filename,
            "parts": [
                {
                    "part": index + 1,
                    "meeting": r.meeting.key,
                    "meeting_created": r.created_meeting,
                    "minutes": r.minutes,
                    "resolutions": r.resolutions,
                    "actions": len(r.actions),
                    "attendance": r.attendance,
                    "people_created": r.people_created,
                }
                for index, r in done
            ],
        },
    )


class _People:
    """Names as written -> people, creating the new ones once, on first use."""

    def __init__(self, actor: Actor, draft: ImportDraft, part: dict[str, Any]) -> None:
        self.actor, self.draft, self.part = actor, draft, part
        self.matches = {
            m.name: m for m in draft.matches.select_related("person").filter(draft=draft)
        }
        self.made: dict[str, Person] = {}
        self.created = 0

    def person(self, written: str) -> Person | None:
        name = drafts.resolve_in_draft(written, self.part) or written
        match = self.matches.get(name) or self.matches.get(written)
        if match is None:
            raise ValidationError(f"“{name}” is not matched to a person: match the names first.")
        if match.choice == PersonMatch.Choice.PERSON:
            return match.person
        if match.choice == PersonMatch.Choice.SKIP:
            return None
        key = drafts.normalise_name(match.new_name)
        if key not in self.made:
            honorific, name = drafts.split_honorific(match.new_name)
            existing = Person.objects.filter(
                partnership=self.draft.partnership, name__iexact=name
            ).first()
            if existing is None:
                existing = person_create(
                    actor=self.actor,
                    partnership=self.draft.partnership,
                    name=name,
                    honorific=honorific[:60],
                )
                self.created += 1
            self.made[key] = existing
        return self.made[key]


def _commit_part(
    actor: Actor,
    draft: ImportDraft,
    index: int,
    body: Body | None,
    meeting: Meeting | None,
    minutes_status: str,
) -> CommitResult:
    part = _part(draft, index)
    wrong = drafts.problems(part)
    if wrong:
        raise ValidationError(wrong)
    date = drafts.parse_date(part["meeting_date"])
    assert date is not None  # problems() refuses a part without one
    start = drafts.parse_time(part["start_time"])
    partnership = draft.partnership
    created = meeting is None
    if meeting is None:
        if body is None or body.partnership_id != partnership.pk:
            raise ValidationError({"body": "Choose the body the meeting belongs to."})
        if start is None:
            raise ValidationError({"start_time": "Start time: enter the time the meeting began."})
        meeting = meeting_services.meeting_schedule(
            actor=actor,
            body=body,
            date=date,
            start_time=start,
            venue=part["venue"] or "",
            with_standing_items=False,
        )
    elif meeting.body.partnership_id != partnership.pk:
        raise ValidationError({"meeting": "Choose a meeting of this partnership."})
    if meeting.minutes_locked:
        raise ValidationError(
            {"meeting": f"The minutes of {meeting} are approved and locked: choose another."}
        )
    people = _People(actor, draft, part)
    result = CommitResult(meeting=meeting, created_meeting=created)
    result.attendance = _attendance(actor, meeting, part, people)
    _minutes(actor, meeting, part, people, result)
    result.people_created = people.created
    _set_status(meeting, minutes_status)
    return result


def _attendance(actor: Actor, meeting: Meeting, part: dict[str, Any], people: _People) -> int:
    """Present, also present, apologies (with whoever attended in their place) and absent,
    through the meetings service (which also sets the chair). A substitute listed among
    those present is one row: the substitute, for their principal."""
    S = Attendance.Status
    rows: dict[int, dict] = {}

    def add(written: str, status: str, post: str | None = None, sub_for: Person | None = None):
        person = people.person(written)
        if person is None:
            return
        row = rows.get(person.pk)
        if row is not None:
            if sub_for is not None:  # listed as present and as attending in someone's place
                row.update(status=S.SUBSTITUTE, substitute_for=sub_for)
            return
        rows[person.pk] = {
            "person": person,
            "status": status,
            "substitute_for": sub_for,
            "post_title": (post or "")[:200],
        }

    for row in part["present"]:
        add(row["name"], S.PRESENT, row["role"])
    for row in part["also_present"]:
        add(row["name"], S.ALSO_PRESENT, row["role"])
    for row in part["apologies"]:
        principal = people.person(row["name"])
        add(row["name"], S.APOLOGIES)
        if row["substitute"] and principal is not None:
            add(row["substitute"], S.SUBSTITUTE, sub_for=principal)
    for name in part["absent"]:
        add(name, S.ABSENT)
    chair = people.person(part["chair"]) if part["chair"] else None
    if not rows and chair is None:
        return 0
    meeting_services.attendance_record(
        actor=actor,
        meeting=meeting,
        rows=list(rows.values()),
        chair=chair,
        verb="import.attendance",
    )
    return len(rows)


def _minutes(
    actor: Actor, meeting: Meeting, part: dict[str, Any], people: _People, result: CommitResult
) -> None:
    """Minutes with their numbers and titles, their resolutions, and an open action for
    each action line (owners resolved to people; due by the next meeting unless a date is
    stated). A minute number the meeting already has refuses the whole commit."""
    taken = {m.label: m for m in meeting.minutes.all()}
    new: list[Minute] = []
    for item in part["items"]:
        number, suffix = drafts.split_minute_label(item["number"])
        label = f"{number}{suffix}"
        if label in taken:
            raise ValidationError(
                {"items": f"Minute {label}: {meeting} already has a minute with that number."}
            )
        row = Minute(meeting=meeting, number=number, suffix=suffix, title=item["title"][:300])
        row.full_clean(exclude=["meeting"])
        new.append(row)
    Minute.objects.bulk_create(new)
    by_label = {m.label: m for m in Minute.objects.filter(meeting=meeting)}
    result.minutes = len(new)
    resolutions: list[Resolution] = []
    positions: dict[str, int] = {}
    for row in part["resolutions"]:
        if not row["item"]:
            raise ValidationError(
                {"resolutions": f"Resolution “{row['text'][:60]}”: say which minute it is under."}
            )
        positions[row["item"]] = positions.get(row["item"], 0) + 1
        resolutions.append(
            Resolution(
                minute=by_label[_label(row["item"])],
                text=row["text"],
                position=positions[row["item"]],
            )
        )
    Resolution.objects.bulk_create(resolutions)
    result.resolutions = len(resolutions)
    meeting_records_bulk_created.send(sender=Meeting, meeting=meeting)
    texts = {
        (r.minute_id, " ".join(r.text.lower().split())): r
        for r in Resolution.objects.filter(minute__meeting=meeting)
    }
    at = timezone.make_aware(dt.datetime.combine(meeting.date, meeting.start_time))
    for n, row in enumerate(part["actions"], start=1):
        minute = by_label.get(_label(row["item"])) if row["item"] else None
        owners = [p for p in (people.person(o) for o in row["owners"]) if p is not None]
        if not owners:
            raise ValidationError(
                {
                    "actions": f"Action {n} ({row['item'] or 'no minute'}): every owner was left "
                    "out; match at least one to a person."
                }
            )
        resolution = (
            texts.get((minute.pk, " ".join(row["text"].lower().split()))) if minute else None
        )
        due = drafts.parse_due(row["due"])
        status = (row["status"] or "").lower().replace(" ", "_")
        result.actions.append(
            action_services.action_create(
                actor=actor,
                body=meeting.body,
                description=row["text"],
                owners=list(dict.fromkeys(owners)),
                source=Action.Source.RESOLUTION if resolution else Action.Source.MINUTE,
                minute=minute,
                resolution=resolution,
                due_date=due,
                due_next_meeting=due is None,
                status=status if status in Action.Status.values else Action.Status.OPEN,
                created_at=at,
            )
        )


def _label(text: str) -> str:
    number, suffix = drafts.split_minute_label(text)
    return f"{number}{suffix}"


def _set_status(meeting: Meeting, minutes_status: str) -> None:
    """Held, with the minutes as a draft the secretariat publishes in the usual way, or
    approved (an old meeting whose minutes were signed long ago). Recorded in the commit's
    audit event."""
    now = timezone.now()
    if minutes_status == MINUTES_APPROVED:
        meeting.status = Meeting.Status.MINUTES_APPROVED
        meeting.minutes_published_at = meeting.minutes_published_at or now
        meeting.minutes_approved_at = now
    elif minutes_status == MINUTES_DRAFT:
        if meeting.status in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED}:
            meeting.status = Meeting.Status.HELD
    else:
        raise ValidationError({"minutes_status": "Choose whether the minutes are approved."})
    meeting.save(update_fields=["status", "minutes_published_at", "minutes_approved_at"])
