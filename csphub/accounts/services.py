"""Every write about who may use a partnership: new users and their roles.

Each function checks that the actor administers the partnership and leaves one audit event.
Passwords (and their hashes) never go into the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, snapshot

from .models import PartnershipRole
from .permissions import ensure_can_administer

if TYPE_CHECKING:  # the partnership is passed in; accounts sits below partnerships
    from csphub.partnerships.models import Partnership

USER_AUDIT_FIELDS = ["username", "email", "first_name", "last_name", "is_active"]


def _role_snapshot(role: PartnershipRole) -> dict[str, Any]:
    return {"role": role.role, "cleared_for_restricted": role.cleared_for_restricted}


def _forget_cached_roles(user: Any) -> None:
    """`viewer_for` caches a user's roles on the object; a grant or revoke makes it stale."""
    if hasattr(user, "_csphub_roles"):
        del user._csphub_roles


def _ensure_not_self(actor: Actor, user: Any, what: str) -> None:
    """An administrator who demotes or removes themselves can lock everyone out."""
    if isinstance(actor, User) and actor.pk == user.pk and not actor.is_superuser:
        raise ValueError(f"You cannot {what} your own role. Ask another administrator.")


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    partnership: Partnership,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    role: str,
    cleared: bool,
) -> AbstractBaseUser:
    """Add a person who can sign in, with their role in this partnership.

    The initial password must pass AUTH_PASSWORD_VALIDATORS (length, not common, not like
    the user's name); failures come back as a ValidationError on `password`.
    """
    ensure_can_administer(actor, partnership)
    User = get_user_model()
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    grant = PartnershipRole(
        user=user, partnership=partnership, role=role, cleared_for_restricted=cleared
    )
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        verb="user.create",
        obj=user,
        partnership=partnership,
        after={**snapshot(user, USER_AUDIT_FIELDS), **_role_snapshot(grant)},
    )
    return user


@transaction.atomic
def role_grant(
    *, actor: Actor, partnership: Partnership, user: Any, role: str, cleared: bool
) -> PartnershipRole:
    """Give a user a role in the partnership, or change the role or clearance they have."""
    ensure_can_administer(actor, partnership)
    grant = PartnershipRole.objects.filter(user=user, partnership=partnership).first()
    if grant is None:
        grant = PartnershipRole(user=user, partnership=partnership)
        before = None
        verb = "role.grant"
    else:
        before = _role_snapshot(grant)
        verb = "role.change"
        if role != grant.role:
            _ensure_not_self(actor, user, "change")
    grant.role = role
    grant.cleared_for_restricted = cleared
    grant.full_clean()
    after = _role_snapshot(grant)
    if before == after:
        return grant
    grant.save()
    _forget_cached_roles(user)
    who = {"user": user.get_username()}
    if before is not None:
        changed = [k for k in after if before[k] != after[k]]
        before = {**who, **{k: before[k] for k in changed}}
        after = {k: after[k] for k in changed}
    audit_record(
        actor=actor,
        verb=verb,
        obj=grant,
        partnership=partnership,
        before=before,
        after={**who, **after},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, partnership: Partnership, user: Any) -> None:
    """Take away a user's role in the partnership. The user account itself stays."""
    ensure_can_administer(actor, partnership)
    grant = PartnershipRole.objects.filter(user=user, partnership=partnership).first()
    if grant is None:
        raise ValueError(f"{user.get_username()} has no role in {partnership}.")
    _ensure_not_self(actor, user, "remove")
    audit_record(
        actor=actor,
        verb="role.revoke",
        obj=grant,
        partnership=partnership,
        before={"user": user.get_username(), **_role_snapshot(grant)},
    )
    grant.delete()
    _forget_cached_roles(user)
