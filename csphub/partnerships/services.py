"""Every write to a partnership's structure. Each checks permission and leaves an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from csphub.accounts.permissions import ensure_can_administer, ensure_can_manage
from csphub.audit.actors import Actor, SystemActor
from csphub.audit.services import model_create, model_update

from .models import (
    Body,
    BodyName,
    Membership,
    MinuteSequenceStart,
    Organisation,
    Partnership,
    Person,
)

# What each edit may change: the fields of the form that edits it, and no others.
ORGANISATION_FIELDS = ("name", "short_name", "kind", "is_responsible_authority")
PERSON_FIELDS = ("name", "honorific", "initials", "email")
BODY_FIELDS = (
    "kind",
    "parent",
    "terms_of_reference",
    "meeting_frequency",
    "notice_clear_days",
    "question_working_days",
    "chair_title",
    "word",
    "members_word",
)
MEMBERSHIP_FIELDS = ("person", "role", "organisation", "post_title", "start", "end", "position")


@transaction.atomic
def partnership_create(*, actor: Actor, slug: str, name: str, **fields: Any) -> Partnership:
    """Only a site administrator (superuser) or a batch job can add a tenant."""
    if not (getattr(actor, "is_superuser", False) or isinstance(actor, SystemActor)):
        raise PermissionDenied("Only a site administrator can add a partnership.")
    return model_create(
        actor=actor,
        model=Partnership,
        partnership=None,
        verb="partnership.create",
        slug=slug,
        name=name,
        **fields,
    )


@transaction.atomic
def organisation_create(*, actor: Actor, partnership: Partnership, **fields: Any) -> Organisation:
    ensure_can_manage(actor, partnership)
    return model_create(
        actor=actor,
        model=Organisation,
        partnership=partnership,
        verb="organisation.create",
        partnership_id=partnership.pk,
        **fields,
    )


@transaction.atomic
def organisation_update(*, actor: Actor, organisation: Organisation, data: dict) -> Organisation:
    ensure_can_manage(actor, organisation.partnership)
    return model_update(
        actor=actor,
        instance=organisation,
        data=data,
        partnership=organisation.partnership,
        verb="organisation.update",
        fields=ORGANISATION_FIELDS,
    )


def _unique_person_slug(partnership: Partnership, name: str) -> str:
    base = slugify(name) or "person"
    slug, n = base, 2
    while Person.objects.filter(partnership=partnership, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def initials_of(name: str) -> str:
    """Initials as minute-takers write them in the Action column: "Laurie Grasty" -> "LG"."""
    return "".join(part[0].upper() for part in name.replace("-", " ").split() if part[0].isalpha())


@transaction.atomic
def person_create(
    *, actor: Actor, partnership: Partnership, name: str, slug: str = "", **fields: Any
) -> Person:
    ensure_can_manage(actor, partnership)
    fields.setdefault("initials", initials_of(name))
    return model_create(
        actor=actor,
        model=Person,
        partnership=partnership,
        verb="person.create",
        partnership_id=partnership.pk,
        name=name,
        slug=slug or _unique_person_slug(partnership, name),
        **fields,
    )


@transaction.atomic
def person_update(*, actor: Actor, person: Person, data: dict) -> Person:
    ensure_can_manage(actor, person.partnership)
    return model_update(
        actor=actor,
        instance=person,
        data=data,
        partnership=person.partnership,
        verb="person.update",
        fields=PERSON_FIELDS,
    )


@transaction.atomic
def user_person_link(
    *, actor: Actor, partnership: Partnership, user: Any, person: Person | None
) -> Person | None:
    """Say which person of the partnership a user account is, or (person=None) that it is
    nobody here.

    The link is what lets a signed-in member see *their* meetings, papers and actions, so
    only the partnership's administrators set it, as they set roles. An account is at most
    one person per partnership (the constraint `one_person_per_user_per_partnership`): the
    person it was linked to before is unlinked first, and each change is audited.
    """
    ensure_can_administer(actor, partnership)
    if person is not None and person.partnership_id != partnership.pk:
        raise ValidationError("That person is not in this partnership.")
    if person is not None and person.user_id not in (None, user.pk):
        raise ValidationError(
            f"{person.display_name} is already linked to another account. "
            "Unlink that account first."
        )
    for previous in Person.objects.select_for_update().filter(partnership=partnership, user=user):
        if person is None or previous.pk != person.pk:
            model_update(
                actor=actor,
                instance=previous,
                data={"user": None},
                fields=("user",),
                partnership=partnership,
                verb="person.user_unlink",
            )
    if person is None:
        return None
    return model_update(
        actor=actor,
        instance=person,
        data={"user": user},
        fields=("user",),
        partnership=partnership,
        verb="person.user_link",
    )


@transaction.atomic
def body_create(*, actor: Actor, partnership: Partnership, slug: str, name: str, **fields) -> Body:
    ensure_can_manage(actor, partnership)
    parent = fields.get("parent")
    if parent is not None and parent.partnership_id != partnership.pk:
        raise ValueError("A body's parent must be another body of the same partnership.")
    return model_create(
        actor=actor,
        model=Body,
        partnership=partnership,
        verb="body.create",
        partnership_id=partnership.pk,
        slug=slug,
        name=name,
        **fields,
    )


def _ancestor_ids(body: Body) -> set[int]:
    """The body and every body above it (a loop in old data stops the walk)."""
    seen: set[int] = set()
    current: Body | None = body
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        current = Body.objects.filter(pk=current.parent_id).first() if current.parent_id else None
    return seen


@transaction.atomic
def body_update(*, actor: Actor, body: Body, data: dict) -> Body:
    ensure_can_manage(actor, body.partnership)
    if "parent" in data and data["parent"] is not None:
        parent = data["parent"]
        if parent.partnership_id != body.partnership_id or parent.pk == body.pk:
            raise ValueError("A body's parent must be another body of the same partnership.")
        if body.pk in _ancestor_ids(parent):
            raise ValueError(f"{parent} already reports to {body}, so it cannot be its parent.")
    return model_update(
        actor=actor,
        instance=body,
        data=data,
        fields=BODY_FIELDS,
        partnership=body.partnership,
        verb="body.update",
    )


@transaction.atomic
def body_rename(*, actor: Actor, body: Body, new_name: str, old_name_until: dt.date) -> Body:
    """Rename a body, keeping the old name for meetings up to `old_name_until`."""
    ensure_can_manage(actor, body.partnership)
    model_create(
        actor=actor,
        model=BodyName,
        partnership=body.partnership,
        verb="body.former_name_add",
        body=body,
        name=body.name,
        until=old_name_until,
    )
    return model_update(
        actor=actor,
        instance=body,
        data={"name": new_name},
        partnership=body.partnership,
        verb="body.rename",
        fields=("name",),
    )


@transaction.atomic
def body_former_name_add(
    *,
    actor: Actor,
    body: Body,
    name: str,
    until: dt.date,
    word: str = "",
    members_word: str = "",
) -> BodyName:
    """A name the body used until a date, with what its reports called it then ("Group",
    "Members" for the Strategic Group), when that differs from its words now."""
    ensure_can_manage(actor, body.partnership)
    return model_create(
        actor=actor,
        model=BodyName,
        partnership=body.partnership,
        verb="body.former_name_add",
        body=body,
        name=name,
        until=until,
        word=word,
        members_word=members_word,
    )


@transaction.atomic
def minute_sequence_restart(
    *, actor: Actor, body: Body, effective_from: dt.date, first_number: int
) -> MinuteSequenceStart:
    """Start the body's minute numbering again (e.g. at 1 for a new municipal year)."""
    ensure_can_manage(actor, body.partnership)
    return model_create(
        actor=actor,
        model=MinuteSequenceStart,
        partnership=body.partnership,
        verb="body.minute_sequence_restart",
        body=body,
        effective_from=effective_from,
        first_number=first_number,
    )


def _check_same_partnership(
    body: Body, person: Person | None, organisation: Organisation | None
) -> None:
    if person is None and organisation is None:
        raise ValueError("A vacant seat must say which organisation it is for.")
    if (person is not None and person.partnership_id != body.partnership_id) or (
        organisation is not None and organisation.partnership_id != body.partnership_id
    ):
        raise ValueError("People and organisations must belong to the body's partnership.")


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    body: Body,
    person: Person | None,
    role: str = Membership.Role.MEMBER,
    organisation: Organisation | None = None,
    post_title: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    position: int = 0,
) -> Membership:
    """Add a member, or a vacant seat (``person=None``, for an organisation), to a body."""
    ensure_can_manage(actor, body.partnership)
    _check_same_partnership(body, person, organisation)
    return model_create(
        actor=actor,
        model=Membership,
        partnership=body.partnership,
        verb="membership.create",
        body=body,
        person=person,
        role=role,
        organisation=organisation,
        post_title=post_title,
        start=start,
        end=end,
        position=position,
    )


@transaction.atomic
def membership_update(*, actor: Actor, membership: Membership, data: dict) -> Membership:
    body = membership.body
    ensure_can_manage(actor, body.partnership)
    _check_same_partnership(
        body,
        data.get("person", membership.person),
        data.get("organisation", membership.organisation),
    )
    return model_update(
        actor=actor,
        instance=membership,
        data=data,
        partnership=body.partnership,
        verb="membership.update",
        fields=MEMBERSHIP_FIELDS,
    )


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, end: dt.date) -> Membership:
    """People leave; the record stays so minutes can show who was who on the day."""
    body = membership.body
    ensure_can_manage(actor, body.partnership)
    if membership.start is not None and end < membership.start:
        started = f"{membership.start:%-d %B %Y}"
        raise ValidationError({"end": f"The end date must be on or after the start ({started})."})
    return model_update(
        actor=actor,
        instance=membership,
        data={"end": end},
        partnership=body.partnership,
        verb="membership.end",
        fields=("end",),
    )
