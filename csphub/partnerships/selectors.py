"""Read queries for partnership structure, each with its joins inside so views can't forget."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from .models import Body, Membership, Organisation, Partnership, Person
from .terms import membership_sort_key


def partnerships_all() -> QuerySet[Partnership]:
    """Every partnership this installation hosts (tenants are public: their pages are)."""
    return Partnership.objects.order_by("name")


def bodies_of(partnership: Partnership) -> QuerySet[Body]:
    return (
        Body.objects.filter(partnership=partnership)
        .select_related("parent")
        .prefetch_related("former_names")
        .order_by("kind", "name")
    )


def memberships_on(body: Body, on: dt.date, *, vacancies: bool = False) -> list[Membership]:
    """The body's membership as it stood on a day, in the printed order (chair first).

    Vacant seats are part of a printed membership list (``vacancies=True``) but not of the
    people who sit, attend or are sent the papers, which is what most callers want.
    """
    rows = Membership.objects.filter(body=body)
    if not vacancies:
        rows = rows.filter(person__isnull=False)
    out = list(
        rows.filter(Q(start__isnull=True) | Q(start__lte=on))
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person", "organisation")
    )
    out.sort(
        key=lambda m: membership_sort_key(m.role, m.position, m.person.name if m.person else "")
    )
    return out


def memberships_all(body: Body) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(body=body)
        .select_related("person", "organisation")
        .order_by("position", "person__name", "start")
    )


def organisations_of(partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnership=partnership).order_by("name")


def people_of(partnership: Partnership) -> QuerySet[Person]:
    return Person.objects.filter(partnership=partnership).order_by("name")


def person_of_user(partnership: Partnership, user: Any) -> Person | None:
    """The person a signed-in account is in this partnership (`services.user_person_link`),
    or None: an anonymous visitor or an account nobody has linked here."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(partnership=partnership, user=user).first()


def people_linked_to_users(partnership: Partnership) -> dict[int, Person]:
    """Each linked account's person, by user id, in one query (the users page)."""
    return {
        p.user_id: p
        for p in Person.objects.filter(partnership=partnership, user__isnull=False)
        if p.user_id is not None
    }


def person_in(partnership: Partnership, pk: int) -> Person | None:
    """One of the partnership's people, or None (another partnership's person is not found)."""
    return Person.objects.filter(partnership=partnership, pk=pk).first()
