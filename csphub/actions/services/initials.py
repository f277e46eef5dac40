"""Actions from the minutes' Action-by column: initials typed on a minute or resolution
become actions, and initials nobody can be sure of wait for the secretariat to match.

`action_by_sync` runs when the secretariat saves a minute or adds a resolution (meetings
sends `meetings.signals.action_by_saved`; meetings does not import actions, see
docs/architecture.md). Each owner group ("LG/TG"; groups separated by ";") is one action,
keyed by `<minute|resolution>:<id>:<group position>` on `Action.initials_key`, so saving
again updates that action's owners rather than making another. Decision 0019.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.meetings.models import Attendance, Meeting, Minute, Resolution
from csphub.partnerships.models import Membership, Organisation, Person

from .. import rules
from ..models import Action, ActionUpdate, InitialsToMatch
from .actions import Owner, _owners_change, action_create


@dataclass
class SyncReport:
    """What saving one Action-by cell did."""

    created: list[Action] = field(default_factory=list)
    updated: list[Action] = field(default_factory=list)
    to_match: list[InitialsToMatch] = field(default_factory=list)


def candidates_of(meeting: Meeting) -> list[rules.Candidate]:
    """Whom a meeting's Action column can name: the body's members on the day, everyone
    recorded in its attendance, and the partnership's organisations by abbreviation.
    Three queries."""
    people: dict[int, Person] = {}
    memberships = Membership.objects.filter(body=meeting.body, person__isnull=False).filter(
        Q(start__isnull=True) | Q(start__lte=meeting.date),
        Q(end__isnull=True) | Q(end__gte=meeting.date),
    )
    for membership in memberships.select_related("person"):
        if membership.person is not None:
            people[membership.person.pk] = membership.person
    for row in Attendance.objects.filter(meeting=meeting).select_related("person"):
        people[row.person_id] = row.person
    candidates = [
        rules.Candidate(
            kind="person",
            id=p.pk,
            name=p.display_name,
            initials=frozenset(i for i in {p.initials, rules.name_initials(p.name)} if i),
        )
        for p in sorted(people.values(), key=lambda p: (p.name, p.pk))
    ]
    organisations = Organisation.objects.filter(partnership_id=meeting.body.partnership_id)
    candidates += [
        rules.Candidate(
            kind="organisation", id=o.pk, name=o.name, initials=frozenset({o.short_name})
        )
        for o in organisations.exclude(short_name="")
    ]
    return candidates


def _owners(refs: list[dict]) -> list[Owner]:
    """Owners in the order given, from [{"kind": "person"|"organisation", "id": n}]."""
    people = Person.objects.in_bulk([r["id"] for r in refs if r["kind"] == "person"])
    orgs = Organisation.objects.in_bulk([r["id"] for r in refs if r["kind"] == "organisation"])
    found: list[Owner] = []
    for ref in refs:
        owner = (people if ref["kind"] == "person" else orgs).get(ref["id"])
        if owner is not None and owner not in found:
            found.append(owner)
    return found


def _owner_refs(action: Action) -> list[dict]:
    return [
        {"kind": "person", "id": o.person_id}
        if o.person_id
        else {"kind": "organisation", "id": o.organisation_id}
        for o in action.owners.all()
    ]


def _describe(minute: Minute, resolution: Resolution | None) -> str:
    if resolution is not None:
        return resolution.text
    return minute.title


@transaction.atomic
def action_by_sync(
    *, actor: Actor, minute: Minute, resolution: Resolution | None = None
) -> SyncReport:
    """Make the Action-by cell of a minute (or of one of its resolutions) into actions.

    A group whose initials all resolve gets its action (created, or its owners updated if
    the initials changed since); a group with initials that resolve to nobody or to more
    than one candidate is listed on the Initials to match page instead. An action made
    here is an ordinary action afterwards: its wording, due date and status are edited on
    its own page, and saving the minute again never overwrites them.
    """
    meeting = minute.meeting
    partnership = meeting.body.partnership
    ensure_can_manage(actor, partnership)
    source = resolution if resolution is not None else minute
    prefix = f"{'resolution' if resolution is not None else 'minute'}:{source.pk}:"
    groups = rules.split_groups(source.action_by or "")
    report = SyncReport()
    candidates = candidates_of(meeting) if groups else []
    existing = {
        a.initials_key: a
        for a in Action.objects.filter(
            partnership=partnership, initials_key__startswith=prefix
        ).prefetch_related("owners")
    }
    pending = {
        p.key: p
        for p in InitialsToMatch.objects.filter(partnership=partnership, key__startswith=prefix)
    }
    for position, group in enumerate(groups):
        key = f"{prefix}{position}"
        resolved = rules.resolve_group(group, candidates)
        matched = [
            {"kind": r.candidate.kind, "id": r.candidate.id} for r in resolved if r.candidate
        ]
        unmatched = [
            {"initials": r.initials, "reason": r.reason} for r in resolved if not r.candidate
        ]
        action = existing.get(key)
        done = pending.get(key)
        if done is not None and done.resolved_at is not None and done.group == "/".join(group):
            continue  # matched by the secretariat already, and the initials are unchanged
        if unmatched:
            report.to_match.append(
                _to_match(
                    actor, meeting, minute, resolution, key, group, matched, unmatched, action
                )
            )
            continue
        stale = pending.get(key)
        if stale is not None and stale.resolved_at is None:
            stale.delete()
        owners = _owners(matched)
        if action is None:
            report.created.append(
                action_create(
                    actor=actor,
                    body=meeting.body,
                    description=_describe(minute, resolution),
                    owners=owners,
                    source=Action.Source.RESOLUTION if resolution else Action.Source.MINUTE,
                    minute=minute,
                    resolution=resolution,
                    due_next_meeting=True,
                    initials_key=key,
                )
            )
        elif _owner_refs(action) != matched:
            report.updated.append(_owners_follow(actor, action, owners, source.action_by))
    # Groups no longer in the cell: their pending matches go; their actions stay (an action
    # already asked about is closed or dropped on its own page, never silently deleted).
    keys = {f"{prefix}{i}" for i in range(len(groups))}
    for key, row in pending.items():
        if key not in keys and row.resolved_at is None:
            row.delete()
    return report


def _owners_follow(actor: Actor, action: Action, owners: list[Owner], typed: str) -> Action:
    return _owners_change(
        actor,
        action,
        owners,
        kind=ActionUpdate.Kind.OWNERS,
        verb="action.owners_from_initials",
        note=f"Action-by column changed to {typed}.",
    )


def _to_match(
    actor: Actor,
    meeting: Meeting,
    minute: Minute,
    resolution: Resolution | None,
    key: str,
    group: list[str],
    matched: list[dict],
    unmatched: list[dict],
    action: Action | None,
) -> InitialsToMatch:
    row, created = InitialsToMatch.objects.update_or_create(
        partnership=meeting.body.partnership,
        key=key,
        defaults={
            "meeting": meeting,
            "minute": minute,
            "resolution": resolution,
            "group": "/".join(group),
            "matched": matched,
            "unmatched": unmatched,
            "resolved_at": None,
            "action": action,
        },
        create_defaults={
            "meeting": meeting,
            "minute": minute,
            "resolution": resolution,
            "group": "/".join(group),
            "matched": matched,
            "unmatched": unmatched,
            "action": action,
            "created_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        verb="initials.to_match",
        obj=row,
        partnership=meeting.body.partnership,
        after={"group": row.group, "unmatched": [u["initials"] for u in unmatched]},
    )
    return row


@transaction.atomic
def initials_match(
    *,
    actor: Actor,
    to_match: InitialsToMatch,
    chosen: dict[str, Owner],
    at: dt.datetime | None = None,
) -> Action:
    """The secretariat says whom each unmatched initials mean; the group's action is made
    (or, if the group already had one, its owners follow)."""
    partnership = to_match.partnership
    ensure_can_manage(actor, partnership)
    if to_match.resolved_at is not None:
        raise ValidationError("These initials have already been matched.")
    wanted = [u["initials"] for u in to_match.unmatched]
    missing = [i for i in wanted if i not in chosen]
    if missing:
        raise ValidationError(f"Choose who {', '.join(missing)} means.")
    for owner in chosen.values():
        if owner.partnership_id != partnership.pk:
            raise ValidationError(f"{owner} is not part of this partnership.")
    refs = list(to_match.matched) + [
        {"kind": "person" if isinstance(o, Person) else "organisation", "id": o.pk}
        for o in (chosen[i] for i in wanted)
    ]
    owners = _owners(refs)
    minute, resolution = to_match.minute, to_match.resolution
    action = (
        to_match.action
        or Action.objects.filter(partnership=partnership, initials_key=to_match.key).first()
    )
    if action is None:
        action = action_create(
            actor=actor,
            body=to_match.meeting.body,
            description=_describe(minute, resolution),
            owners=owners,
            source=Action.Source.RESOLUTION if resolution else Action.Source.MINUTE,
            minute=minute,
            resolution=resolution,
            due_next_meeting=True,
            initials_key=to_match.key,
        )
    else:
        _owners_follow(actor, action, owners, to_match.group)
    to_match.resolved_at = at or timezone.now()
    to_match.action = action
    to_match.save(update_fields=["resolved_at", "action"])
    audit_record(
        actor=actor,
        verb="initials.match",
        obj=to_match,
        partnership=partnership,
        after={
            "group": to_match.group,
            "chosen": {i: str(o) for i, o in chosen.items()},
            "action": action.pk,
        },
    )
    return action
