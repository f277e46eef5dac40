"""Load a demo partnership from its YAML fixture through the ordinary service functions.

Going through the services means the demo obeys every rule real data does (numbering,
status order, audit trail); a fixture that breaks a rule fails loudly, naming the file and
the place in it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.actions import rules as action_rules
from csphub.actions import services as action_services
from csphub.actions.models import Action
from csphub.audit.actors import SystemActor
from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Meeting, Minute
from csphub.partnerships import services as ps
from csphub.partnerships.models import Partnership

FIXTURES = Path(__file__).parent / "fixtures"
ACTOR = SystemActor(label="demo loader")


class FixtureError(ValueError):
    def __init__(self, path: Path, where: str, message: str) -> None:
        super().__init__(f"{path.name}: {where}: {message}")


INDICATORS_SUFFIX = "-indicators.yaml"


def fixture_paths() -> list[Path]:
    """The partnership fixtures (a partnership's indicators file is loaded with it)."""
    return sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.endswith(INDICATORS_SUFFIX))


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _time(value: Any) -> dt.time:
    if isinstance(value, int):  # YAML 1.1 reads 10:00 as sexagesimal 600
        return dt.time(value // 60, value % 60)
    return dt.time.fromisoformat(str(value))


def _aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def load_fixture(path: Path, *, replace: bool = False) -> Partnership | None:
    """Load one partnership; return None if it is already there and `replace` is False."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    info = dict(data["partnership"])
    existing = Partnership.objects.filter(slug=info["slug"]).first()
    if existing is not None:
        if not replace:
            return None
        raise FixtureError(path, "partnership", "already loaded; use a fresh database")
    try:
        return _load(path, data)
    except (ValidationError, KeyError, ValueError, TypeError) as exc:
        if isinstance(exc, FixtureError):
            raise
        raise FixtureError(path, "load", str(exc)) from exc


def _load(path: Path, data: dict) -> Partnership:
    info = dict(data["partnership"])
    partnership = ps.partnership_create(
        actor=ACTOR, slug=info.pop("slug"), name=info.pop("name"), **info
    )
    orgs = {}
    for row in data.get("organisations", []):
        row = dict(row)
        key = row.pop("key")
        orgs[key] = ps.organisation_create(
            actor=ACTOR,
            partnership=partnership,
            name=row["name"],
            short_name=row.get("short_name", ""),
            kind=row.get("kind", "other"),
            is_responsible_authority=bool(row.get("responsible_authority", False)),
        )
    people = {}
    for row in data.get("people", []):
        people[row["key"]] = ps.person_create(
            actor=ACTOR,
            partnership=partnership,
            name=row["name"],
            slug=row["key"],
            honorific=row.get("honorific", "") or "",
            initials=row.get("initials") or ps.initials_of(row["name"]),
            email=row.get("email", "") or "",
        )

    def person(key: str | None, where: str):
        if key in (None, ""):
            return None
        if key not in people:
            raise FixtureError(path, where, f"unknown person {key!r}")
        return people[key]

    def org(key: str | None, where: str):
        if key in (None, ""):
            return None
        if key not in orgs:
            raise FixtureError(path, where, f"unknown organisation {key!r}")
        return orgs[key]

    bodies = {}
    for b in data.get("bodies", []):
        where = f"body {b['slug']}"
        body = ps.body_create(
            actor=ACTOR,
            partnership=partnership,
            slug=b["slug"],
            name=b["name"],
            kind=b.get("kind", "board"),
            meeting_frequency=b.get("meeting_frequency", "") or "",
            terms_of_reference=(b.get("terms_of_reference") or "").strip(),
            notice_clear_days=b.get("notice_clear_days", 5),
            question_working_days=b.get("question_working_days", 4),
        )
        bodies[b["slug"]] = body
        for former in b.get("former_names", []) or []:
            ps.body_former_name_add(
                actor=ACTOR, body=body, name=former["name"], until=_date(former["until"])
            )
        for start in b.get("minute_sequence", []) or []:
            ps.minute_sequence_restart(
                actor=ACTOR,
                body=body,
                effective_from=_date(start["from"]),
                first_number=int(start["first_number"]),
            )
        for n, m in enumerate(b.get("memberships", []) or [], start=1):
            w = f"{where}, membership {n}"
            ps.membership_create(
                actor=ACTOR,
                body=body,
                person=person(m["person"], w),
                role=m.get("role", "member"),
                organisation=org(m.get("organisation"), w),
                post_title=m.get("post_title", "") or "",
                start=_date(m.get("start")),
                end=_date(m.get("end")),
            )
    for b in data.get("bodies", []):
        if b.get("parent"):
            ps.body_update(
                actor=ACTOR, body=bodies[b["slug"]], data={"parent": bodies[b["parent"]]}
            )

    meetings: list[tuple[Meeting, dict]] = []
    for m in sorted(data.get("meetings", []), key=lambda r: str(r["date"])):
        where = f"meeting {m['body']} {m['date']}"
        if m["body"] not in bodies:
            raise FixtureError(path, where, f"unknown body {m['body']!r}")
        meeting = _load_meeting(path, m, bodies[m["body"]], person, org, where)
        meetings.append((meeting, m))
    by_key = {(mt.body.slug, mt.date): mt for mt, _ in meetings}
    for meeting, m in meetings:
        # Minutes the seeds don't contain can't be shown as approved: such meetings stay "held".
        if m.get("status") == "minutes_approved" and m.get("minutes"):
            at = by_key.get((m["body"], _date(m.get("approved_at"))))
            if at is None:
                raise FixtureError(
                    path, f"meeting {m['body']} {m['date']}", "approved_at names no meeting"
                )
            meeting_services.minutes_approve(
                actor=ACTOR, meeting=meeting, at_meeting=at, at=_aware(at.date, 11)
            )
    # Actions last: they point at minutes and resolutions, and their histories run on past
    # the meetings that approved those minutes.
    _load_actions(path, data.get("actions") or [], bodies, by_key, people, orgs)
    indicators = path.with_name(path.stem + INDICATORS_SUFFIX)
    if indicators.exists():
        load_indicators(indicators, partnership, bodies)
    return partnership


def load_indicators(path: Path, partnership: Partnership, bodies: dict) -> int:
    """Load a partnership's indicators (and the seed's figures for manual ones)."""
    from csphub.performance import services
    from csphub.police.models import Area, CrimeCategory

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    area = Area.objects.filter(code=data.get("area") or "-").order_by("level").first()
    comparator_area = (
        Area.objects.filter(code=data.get("comparator_area") or "-").order_by("level").first()
    )
    count = 0
    for n, row in enumerate(data.get("indicators") or [], start=1):
        where = f"indicator {n} ({row.get('name', '?')})"
        if row.get("owner") not in bodies:
            raise FixtureError(path, where, f"unknown body {row.get('owner')!r}")
        category = None
        if row.get("crime_category"):
            category = CrimeCategory.objects.filter(name=row["crime_category"]).first()
            if category is None:
                raise FixtureError(path, where, f"unknown crime category {row['crime_category']!r}")
        try:
            indicator = services.indicator_create(
                actor=ACTOR,
                partnership=partnership,
                name=row["name"],
                number=row.get("number"),
                owner=bodies[row["owner"]],
                priority=row.get("priority", "") or "",
                unit=row.get("unit", "offences"),
                accumulates=bool(row.get("accumulates", True)),
                polarity=row["polarity"],
                annual_target=row.get("annual_target"),
                tolerance_pct=row.get("tolerance_pct", 5),
                source=row.get("source", "manual"),
                crime_category=category,
                area=area,
                comparator=row.get("comparator", "") or "",
                comparator_area=comparator_area if row.get("comparator") else None,
                denominator=row.get("denominator", "none"),
                age_band=str(row.get("age_band", "") or ""),
                rate_per=int(row.get("rate_per", 1000)),
                denominator_population=row.get("denominator_population"),
                denominator_note=(row.get("denominator_note") or "").strip(),
                small_number_threshold=row.get("small_number_threshold", 10),
                notes=(row.get("notes") or "").strip(),
            )
            for obs in row.get("observations") or []:
                period = str(obs["period"])
                services.observation_record(
                    actor=ACTOR,
                    indicator=indicator,
                    period=dt.date.fromisoformat(period + "-01"),
                    value=str(obs["value"]),
                    comparator_value=(
                        str(obs["comparator"]) if obs.get("comparator") is not None else None
                    ),
                    source_note=obs.get("note", "") or "",
                )
        except (ValidationError, KeyError, ValueError, TypeError) as exc:
            raise FixtureError(path, where, str(exc)) from exc
        count += 1
    return count


def _load_meeting(path: Path, m: dict, body, person, org, where: str) -> Meeting:
    day = _date(m["date"])
    meeting = meeting_services.meeting_schedule(
        actor=ACTOR,
        body=body,
        date=day,
        start_time=_time(m.get("time", "10:00")),
        venue=m.get("venue", "") or "",
        with_standing_items=False,
    )
    items_by_label: dict[str, AgendaItem] = {}

    def add_items(rows: list[dict], parent: AgendaItem | None, prefix: str) -> None:
        for n, row in enumerate(rows or [], start=1):
            label = f"{prefix}{chr(96 + n)}" if parent else str(n)
            pages = row.get("pages") or [None, None]
            if len(pages) == 1:
                pages = [pages[0], pages[0]]
            item = meeting_services.agenda_item_add(
                actor=ACTOR,
                meeting=meeting,
                parent=parent,
                title=row["title"],
                description=(row.get("description") or "").strip(),
                presenter=row.get("presenter", "") or "",
                minutes_allowed=row.get("minutes_allowed"),
                standing=row.get("standing", "") or "",
                is_restricted=bool(row.get("restricted", False)),
                restricted_reason=row.get("restricted_reason", "") or "",
                page_start=pages[0],
                page_end=pages[1],
            )
            items_by_label[label] = item
            for paper in row.get("papers", []) or []:
                marking = paper.get("marking", "") or ""
                meeting_services.paper_add(
                    actor=ACTOR,
                    item=item,
                    title=paper["title"],
                    reference=paper.get("reference", "") or "",
                    author=paper.get("author", "") or "",
                    date_filed=_date(paper.get("date")),
                    security_marking=marking,
                    is_restricted=bool(marking),
                )
            add_items(row.get("children", []), item, label)

    add_items(m.get("agenda", []), None, "")
    status = m.get("status", "scheduled")
    if status == "scheduled":
        return meeting
    meeting_services.agenda_publish(
        actor=ACTOR, meeting=meeting, at=_aware(day - dt.timedelta(days=11))
    )
    rows = []
    for n, a in enumerate(m.get("attendance", []) or [], start=1):
        w = f"{where}, attendance {n}"
        rows.append(
            {
                "person": person(a["person"], w),
                "status": a["status"],
                "substitute_for": person(a.get("substitute_for"), w),
                "organisation": org(a.get("organisation"), w),
                "post_title": a.get("post_title", "") or "",
            }
        )
    if status != "agenda_published":
        meeting_services.meeting_mark_held(actor=ACTOR, meeting=meeting)
    if rows or m.get("chair"):
        meeting_services.attendance_record(
            actor=ACTOR, meeting=meeting, rows=rows, chair=person(m.get("chair"), where)
        )
    for n, d in enumerate(m.get("declarations", []) or [], start=1):
        w = f"{where}, declaration {n}"
        meeting_services.declaration_add(
            actor=ACTOR,
            meeting=meeting,
            person=person(d["person"], w),
            text=d["text"],
            item=items_by_label.get(str(d.get("item", ""))),
        )
    for q in m.get("questions", []) or []:
        received = q.get("received")
        received_at = (
            timezone.make_aware(
                received
                if isinstance(received, dt.datetime)
                else dt.datetime.fromisoformat(str(received))
            )
            if received
            else _aware(day - dt.timedelta(days=8))
        )
        question = meeting_services.question_submit(
            actor=ACTOR,
            meeting=meeting,
            asker_name=q["asker"],
            asker_kind=q.get("asker_kind", "public"),
            text=q["text"].strip(),
            received_at=received_at,
        )
        if q.get("answer"):
            meeting_services.question_answer(
                actor=ACTOR, question=question, answer=q["answer"].strip()
            )
    minutes = m.get("minutes", []) or []
    previous = None
    for row in minutes:
        w = f"{where}, minute {row.get('number')}{row.get('suffix', '')}"
        number = int(row["number"])
        if previous is not None and (number, row.get("suffix", "") or "") <= previous:
            raise FixtureError(path, w, "minute numbers must increase")
        previous = (number, row.get("suffix", "") or "")
        item = items_by_label.get(str(row.get("item", "")))
        minute = meeting_services.minute_create(
            actor=ACTOR,
            meeting=meeting,
            title=row["title"],
            number=number,
            suffix=row.get("suffix", "") or "",
            item=item,
            text=(row.get("text") or "").strip(),
            post_meeting_note=(row.get("post_meeting_note") or "").strip(),
            action_by=row.get("action_by", "") or "",
            is_restricted=bool(row.get("restricted", False)) or bool(item and item.is_restricted),
            restricted_reason=row.get("restricted_reason", "")
            or (item.restricted_reason if item else ""),
        )
        for r in row.get("resolutions", []) or []:
            meeting_services.resolution_add(
                actor=ACTOR,
                minute=minute,
                text=r["text"].strip(),
                action_by=r.get("action_by", "") or "",
            )
    if minutes and status in {"draft_minutes", "minutes_approved"}:
        meeting_services.minutes_publish_draft(
            actor=ACTOR, meeting=meeting, at=_aware(day + dt.timedelta(days=14))
        )
    return meeting


# --- actions -------------------------------------------------------------------------------

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


def _moment(value: Any) -> dt.datetime:
    """A history date: a date (taken as 09:00, before the day's meetings) or a date and time."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return _aware(value, 9)
    else:
        text = str(value).strip()
        if len(text) <= 10:
            return _aware(dt.date.fromisoformat(text), 9)
        moment = dt.datetime.fromisoformat(text)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _load_actions(path: Path, rows: list[dict], bodies, meetings_by_key, people, orgs) -> None:
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
    meeting = meetings_by_key.get((body.slug, _date(row["meeting"])))
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
            return _date(value), False
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
    created_at = _aware(meeting.date, 12)
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
        start_date=_date(row.get("start")),
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
        at = _moment(entry["date"])
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
