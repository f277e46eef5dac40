"""Who answers for an organisation that owns an action: its lead representative.

An action owned by an organisation ("LFB", "Metropolitan Police Service") goes, in update
requests and reminders, to one person: the organisation's most senior current member of the
action's body (chair, co-chair, vice-chair, member, adviser, secretary, observer), else of
any of the partnership's bodies; ties by name. That person's signed link may update the
action, as an owner's may.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from csphub.partnerships.models import Membership, Person

from .models import Action, ActionOwner

ROLE_ORDER = ["chair", "co_chair", "vice_chair", "member", "adviser", "secretary", "observer"]


def _rank(role: str) -> int:
    return ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)


class Representatives:
    """The current memberships of some organisations, read once (one query), to pick each
    action's lead representatives from."""

    def __init__(self, organisation_ids: Iterable[int], today: dt.date) -> None:
        ids = set(organisation_ids)
        rows = (
            Membership.objects.filter(organisation_id__in=ids, person__isnull=False)
            .filter(Q(start__isnull=True) | Q(start__lte=today))
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .select_related("person", "person__user")
            if ids
            else Membership.objects.none()
        )
        self._by_org: dict[int, list[Membership]] = {}
        for m in rows:
            self._by_org.setdefault(m.organisation_id, []).append(m)

    def lead(self, organisation_id: int, body_id: int) -> Person | None:
        memberships = self._by_org.get(organisation_id, [])
        if not memberships:
            return None
        best = min(
            memberships,
            key=lambda m: (m.body_id != body_id, _rank(m.role), m.person.name.lower(), m.person_id),
        )
        return best.person


def answers_for(person_id: int, action: Action, today: dt.date | None = None) -> bool:
    """Whether this person may update the action through their link: they own it, or they
    are the lead representative of an organisation that owns it."""
    owners = list(ActionOwner.objects.filter(action=action))
    if any(o.person_id == person_id for o in owners):
        return True
    orgs = [o.organisation_id for o in owners if o.organisation_id]
    if not orgs:
        return False
    reps = Representatives(orgs, today or timezone.localdate())
    return any(
        (lead := reps.lead(org, action.body_id)) is not None and lead.pk == person_id
        for org in orgs
    )
