"""Load a demo partnership from its YAML fixture through the ordinary service functions.

Going through the services means the demo obeys every rule real data does (numbering,
status order, audit trail); a fixture that breaks a rule fails loudly, naming the file and
the place in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Meeting
from csphub.partnerships import services as ps
from csphub.partnerships.models import Partnership

from .actions import load_actions, load_cover_sheets
from .delivery_plans import load_delivery_plans
from .forward_plan import load_forward_plan
from .reports import load_reports
from .strategy import load_strategy
from .values import ACTOR, FixtureError, aware, date_of, time_of

FIXTURES = Path(__file__).parent / "fixtures"


INDICATORS_SUFFIX = "-indicators.yaml"


def demo_email(name: str, partnership_slug: str) -> str:
    """Every demo person's address: first.last@<partnership>.example.org, so "Request
    updates" can send to anyone in the demo and no real officer's inbox is ever written to
    (example.org is reserved for documentation, RFC 2606)."""
    words = ["".join(ch for ch in w.lower() if ch.isalnum() or ch == "-") for w in name.split()]
    words = [w for w in words if w]
    local = ".".join([words[0], words[-1]] if len(words) > 1 else words) or "person"
    return f"{local}@{partnership_slug}.example.org"


def fixture_paths() -> list[Path]:
    """The partnership fixtures (a partnership's indicators file is loaded with it)."""
    return sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.endswith(INDICATORS_SUFFIX))


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
    if info.get("contact_email"):
        # The digest of owners' updates goes to this address too: never a real inbox.
        info["contact_email"] = demo_email(info.get("contact_name") or "contact", info["slug"])
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
            email=demo_email(row["name"], partnership.slug),
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
            chair_title=b.get("chair_title", "Chair") or "Chair",
            word=b.get("word", "") or "",
            members_word=b.get("members_word", "") or "",
        )
        bodies[b["slug"]] = body
        for former in b.get("former_names", []) or []:
            ps.body_former_name_add(
                actor=ACTOR,
                body=body,
                name=former["name"],
                until=date_of(former["until"]),
                word=former.get("word", "") or "",
                members_word=former.get("members_word", "") or "",
            )
        for start in b.get("minute_sequence", []) or []:
            ps.minute_sequence_restart(
                actor=ACTOR,
                body=body,
                effective_from=date_of(start["from"]),
                first_number=int(start["first_number"]),
            )
        # The membership list's printed order: every row in fixture order when the body
        # says so, else only the rows that give a `position` (the rest by surname).
        printed = bool(b.get("membership_printed_order", False))
        for n, m in enumerate(b.get("memberships", []) or [], start=1):
            w = f"{where}, membership {n}"
            if m.get("person") in (None, "") and not m.get("organisation"):
                raise FixtureError(path, w, "a vacant seat needs an organisation")
            ps.membership_create(
                actor=ACTOR,
                body=body,
                position=int(m.get("position") or (n if printed else 0)),
                person=person(m.get("person"), w),
                role=m.get("role", "member"),
                organisation=org(m.get("organisation"), w),
                post_title=m.get("post_title", "") or "",
                start=date_of(m.get("start")),
                end=date_of(m.get("end")),
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
            at = by_key.get((m["body"], date_of(m.get("approved_at"))))
            if at is None:
                raise FixtureError(
                    path, f"meeting {m['body']} {m['date']}", "approved_at names no meeting"
                )
            meeting_services.minutes_approve(
                actor=ACTOR, meeting=meeting, at_meeting=at, at=aware(at.date, 11)
            )
    # Actions last: they point at minutes and resolutions, and their histories run on past
    # the meetings that approved those minutes.
    load_actions(path, data.get("actions") or [], bodies, by_key, people, orgs)
    load_cover_sheets(path, data.get("matters_arising") or {}, partnership, bodies, by_key)
    indicators = path.with_name(path.stem + INDICATORS_SUFFIX)
    if indicators.exists():
        load_indicators(indicators, partnership, bodies)
    load_strategy(partnership)
    load_forward_plan(partnership)
    load_delivery_plans(partnership)
    load_reports(partnership)
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
                period_type=row.get("period_type", "month"),
                rating_basis=row.get("rating_basis", "previous"),
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
                    further_comparators=[
                        (str(name), str(value))
                        for name, value in (obs.get("further_comparators") or {}).items()
                    ],
                )
        except (ValidationError, KeyError, ValueError, TypeError) as exc:
            raise FixtureError(path, where, str(exc)) from exc
        count += 1
    return count


def _load_meeting(path: Path, m: dict, body, person, org, where: str) -> Meeting:
    day = date_of(m["date"])
    meeting = meeting_services.meeting_schedule(
        actor=ACTOR,
        body=body,
        date=day,
        start_time=time_of(m.get("time", "10:00")),
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
                    date_filed=date_of(paper.get("date")),
                    security_marking=marking,
                    is_restricted=bool(paper.get("restricted", bool(marking))),
                    text=(paper.get("text") or "").strip(),
                )
            add_items(row.get("children", []), item, label)

    add_items(m.get("agenda", []), None, "")
    status = m.get("status", "scheduled")
    if status == "scheduled":
        return meeting
    # The date the pack's letter carries, where the seed prints one; `letter_date: null`
    # for a pack that prints none (Barking and Dagenham's), else the day of publishing.
    letter = m.get("letter_date", "publication")
    published = date_of(letter) if letter not in (None, "publication") else None
    meeting_services.agenda_publish(
        actor=ACTOR,
        meeting=meeting,
        at=aware(published or day - dt.timedelta(days=11), 9 if published else 12),
        letter_date=published,
        dated=letter is not None,
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
            else aware(day - dt.timedelta(days=8))
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
            actor=ACTOR, meeting=meeting, at=aware(day + dt.timedelta(days=14))
        )
    return meeting
