"""The demo's actions, with their history, from the action logs and Matters Arising reports
of the seeds; loaded through the actions services like everything else."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from csphub.actions import rules as action_rules
from csphub.actions import services as action_services
from csphub.actions.models import Action, CoverSheet
from csphub.audit.actors import SystemActor
from csphub.meetings.models import Minute

from .values import ACTOR, FixtureError, aware, date_of, moment_of

ACTION_KEYS = frozenset(
    [
        "body",
        "meeting",
        "minute",
        "resolution",
        "source",
        "description",
        "owners",
        "due",
        "status",
        "reference",
        "others",
        "rag",
        "start",
        "history",
    ]
)


HISTORY_KINDS = ("update", "status", "reassign", "due")


HISTORY_KEYS = {"date", "by", "note", *HISTORY_KINDS}


MINUTE_LABEL = re.compile(r"^(\d+)([a-z]*)$")


def load_actions(path: Path, rows: list[dict], bodies, meetings_by_key, people, orgs) -> None:
    """Create each action from its minute, then replay its history through the services."""
    for n, row in enumerate(rows, start=1):
        where = (
            f"actions[{n}] ({row.get('body')} {row.get('meeting')} minute {row.get('minute')})"
            if isinstance(row, dict)
            else f"actions[{n}]"
        )
        try:
            _load_action(path, row, where, bodies, meetings_by_key, people, orgs)
        except FixtureError:
            raise
        except (ValidationError, KeyError, ValueError, TypeError) as exc:
            raise FixtureError(path, where, str(exc)) from exc


def _load_action(path: Path, row, where: str, bodies, meetings_by_key, people, orgs) -> None:
    def fail(message: str, at: str = where):
        raise FixtureError(path, at, message)

    if not isinstance(row, dict):
        fail("each action must be a mapping")
    unknown = set(row) - ACTION_KEYS
    if unknown:
        fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("body", "meeting", "minute", "description", "owners"):
        if row.get(key) in (None, "", []):
            fail(f"{key!r} is required")
    body = bodies.get(row["body"])
    if body is None:
        fail(f"unknown body {row['body']!r}")
    meeting = meetings_by_key.get((body.slug, date_of(row["meeting"])))
    if meeting is None:
        fail(f"no meeting of {body.slug!r} on {row['meeting']}")
    match = MINUTE_LABEL.match(str(row["minute"]).strip())
    if match is None:
        fail(f"minute {row['minute']!r} is not a minute number such as 180 or 186a")
    minute = Minute.objects.filter(meeting=meeting, number=int(match[1]), suffix=match[2]).first()
    if minute is None:
        fail(f"meeting {meeting.date} has no minute {row['minute']}")
    resolution = None
    if row.get("resolution") not in (None, ""):
        index = row["resolution"]
        resolutions = list(minute.resolutions.all())
        if not isinstance(index, int) or not 1 <= index <= len(resolutions):
            fail(f"minute {minute.label} has no resolution {index!r} ({len(resolutions)} recorded)")
        resolution = resolutions[index - 1]

    def owner(key: Any, at: str):
        key = str(key)
        if key.startswith("org:"):
            found = orgs.get(key[4:])
            if found is None:
                fail(f"unknown organisation {key[4:]!r}", at)
            return found
        if key not in people:
            fail(f"unknown person {key!r}", at)
        return people[key]

    def owner_list(keys: Any, at: str) -> list:
        if isinstance(keys, str):
            keys = [keys]
        if not keys:
            fail("give at least one owner", at)
        return [owner(k, at) for k in keys]

    def actor_for(by: Any):
        """Updates are recorded under their author's name, as the reports attribute them."""
        if by in (None, ""):
            return ACTOR
        by = str(by)
        if by.startswith("org:") and by[4:] in orgs:
            return SystemActor(label=orgs[by[4:]].name)
        if by in people:
            return SystemActor(label=people[by].display_name)
        return SystemActor(label=by)

    def due_of(value: Any, at: str) -> tuple[dt.date | None, bool]:
        if value in (None, ""):
            return None, False
        if value == "next_meeting":
            return None, True
        try:
            return date_of(value), False
        except ValueError:
            fail(f"due must be a date or next_meeting, not {value!r}", at)

    statuses = set(action_rules.STATUSES)
    status = row.get("status") or Action.Status.OPEN
    if status not in statuses:
        fail(f"unknown status {status!r} (use one of {', '.join(sorted(statuses))})")
    rag = row.get("rag") or ""
    if rag not in {"", *Action.Rag.values}:
        fail(f"unknown rag {rag!r} (use red, amber or green)")
    source = row.get("source") or (
        Action.Source.RESOLUTION if resolution is not None else Action.Source.MINUTE
    )
    if source not in Action.Source.values:
        fail(f"unknown source {source!r}")
    due_date, due_next = due_of(row.get("due"), where)
    created_at = aware(meeting.date, 12)
    action = action_services.action_create(
        actor=ACTOR,
        body=body,
        description=str(row["description"]).strip(),
        owners=owner_list(row["owners"], where),
        source=source,
        minute=minute,
        resolution=resolution,
        due_date=due_date,
        due_next_meeting=due_next,
        rag=rag,
        reference=str(row.get("reference") or ""),
        others=str(row.get("others") or ""),
        start_date=date_of(row.get("start")),
        created_at=created_at,
    )

    last = created_at
    for i, entry in enumerate(row.get("history") or [], start=1):
        at_where = f"{where}, history {i}"
        if not isinstance(entry, dict):
            fail("each history entry must be a mapping", at_where)
        unknown = set(entry) - HISTORY_KEYS
        if unknown:
            fail(f"unknown key(s) {', '.join(sorted(unknown))}", at_where)
        if "date" not in entry:
            fail("'date' is required", at_where)
        at = moment_of(entry["date"])
        if at < last:
            fail(
                f"{entry['date']} is earlier than the entry before it (or the meeting); "
                "keep the history in date order",
                at_where,
            )
        last = at
        kinds = [k for k in ("update", "reassign", "due") if k in entry]
        if len(kinds) > 1 or (not kinds and "status" not in entry):
            fail("give one of update, status, reassign or due", at_where)
        new_status = entry.get("status")
        if new_status is not None and new_status not in statuses:
            fail(f"unknown status {new_status!r}", at_where)
        if new_status is not None and kinds and kinds[0] != "update":
            fail("a status change goes on its own or with an update", at_where)
        actor = actor_for(entry.get("by"))
        note = str(entry.get("note") or "").strip()
        if "update" in entry:
            action_services.action_update_record(
                actor=actor,
                action=action,
                text=str(entry["update"]),
                proposed_status=new_status or "",
                at=at,
            )
        elif "reassign" in entry:
            if not note:
                fail("say why the action was reassigned (note)", at_where)
            action_services.action_reassign(
                actor=actor,
                action=action,
                owners=owner_list(entry["reassign"], at_where),
                note=note,
                at=at,
            )
        elif "due" in entry:
            due_date, due_next = due_of(entry["due"], at_where)
            action_services.action_set_due(
                actor=actor,
                action=action,
                due_date=due_date,
                due_next_meeting=due_next,
                note=note,
                at=at,
            )
        else:
            if new_status == action.status:
                fail(f"the action is already {new_status}", at_where)
            action_services.action_set_status(
                actor=actor, action=action, status=new_status, note=note, at=at
            )
    action.refresh_from_db(fields=["status", "closed_at"])
    if action.status != status:
        fail(
            f"status says {status!r} but the history leaves the action {action.status!r}; "
            "record the change in the history with its date"
        )


COVER_KEYS = frozenset(CoverSheet.FIELDS)


def _cover_data(path: Path, row: Any, where: str) -> dict[str, str]:
    if not isinstance(row, dict):
        raise FixtureError(path, where, "the cover sheet must be a mapping of its fields")
    unknown = set(row) - COVER_KEYS
    if unknown:
        raise FixtureError(
            path,
            where,
            f"unknown cover-sheet field(s) {', '.join(sorted(unknown))} "
            f"(use {', '.join(CoverSheet.FIELDS)})",
        )
    return {k: str(v or "").strip() for k, v in row.items()}


def load_cover_sheets(path: Path, section: dict, partnership, bodies, meetings_by_key) -> None:
    """The Matters Arising cover sheet: the partnership's defaults (`cover_sheet`), and the
    wording of single reports where it differs (`meetings`), through the cover services."""
    if not isinstance(section, dict):
        raise FixtureError(path, "matters_arising", "must be a mapping")
    unknown = set(section) - {"cover_sheet", "meetings"}
    if unknown:
        raise FixtureError(path, "matters_arising", f"unknown key(s) {', '.join(sorted(unknown))}")
    if section.get("cover_sheet"):
        data = _cover_data(path, section["cover_sheet"], "matters_arising.cover_sheet")
        action_services.cover_defaults_update(actor=ACTOR, partnership=partnership, data=data)
    for n, row in enumerate(section.get("meetings") or [], start=1):
        where = f"matters_arising.meetings[{n}]"
        if not isinstance(row, dict) or set(row) != {"body", "date", "cover_sheet"}:
            raise FixtureError(path, where, "give body, date and cover_sheet")
        body = bodies.get(row["body"])
        meeting = meetings_by_key.get((row["body"], date_of(row["date"]))) if body else None
        if meeting is None:
            raise FixtureError(path, where, f"no meeting of {row['body']!r} on {row['date']}")
        data = _cover_data(path, row["cover_sheet"], f"{where}.cover_sheet")
        action_services.cover_override_update(actor=ACTOR, meeting=meeting, data=data)
