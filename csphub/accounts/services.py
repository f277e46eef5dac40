"""Every write about who may use a partnership: new users and their roles.

Each function checks that the actor administers the partnership and leaves one audit event.
Passwords (and their hashes) never go into the audit trail.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import match_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, snapshot

from .mfa import RECOVERY_CODE_COUNT
from .models import PartnershipRole
from .permissions import ensure_can_administer

if TYPE_CHECKING:  # the partnership is passed in; accounts sits below partnerships
    from csphub.partnerships.models import Partnership

security_log = logging.getLogger("csphub.security")

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


# --- Passwords and the second sign-in step (issue 10 part 4, decision 0018) ---------------
# The events have no partnership (like auth.login): they are about the person, not a
# partnership's data. Passwords, codes and authenticator secrets are never recorded.


def _ensure_self(actor: Actor, user: Any) -> None:
    if not isinstance(actor, User) or actor.pk != user.pk:
        raise PermissionDenied("Only the account's owner can do that.")


@transaction.atomic
def password_change(*, actor: Actor, user: Any, new_password: str) -> None:
    """A signed-in user sets a new password (the form has checked the old one and the
    rules). Every other session of theirs ends: Django ties sessions to the password hash,
    and the view keeps only this one."""
    _ensure_self(actor, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    security_log.info("password changed: user=%s id=%s", user.get_username(), user.pk)
    audit_record(actor=actor, verb="auth.password_change", obj=user)


@transaction.atomic
def password_reset(*, user: Any, new_password: str) -> None:
    """The holder of a valid reset link sets a new password. The link's token (checked by
    Django's view) is the permission: it hashes the current password, so it stops working
    now, and it expires after PASSWORD_RESET_TIMEOUT. The second step is not reset: they
    still need their authenticator or a recovery code to sign in."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    security_log.info("password reset by link: user=%s id=%s", user.get_username(), user.pk)
    audit_record(
        actor=user, verb="auth.password_reset", obj=user, note="Reset with an e-mailed link."
    )


def mfa_enrol(*, actor: Actor, user: Any, key: str, token: str) -> list[str] | None:
    """Confirm an authenticator app: `key` is the secret shown at enrolment (hex), `token`
    the code the app shows now. Replaces any devices the user had and returns ten new
    single-use recovery codes, to be shown once. A wrong code is recorded (outside any
    transaction, so the record stays) and answered with None."""
    _ensure_self(actor, user)
    totp = TOTP(bytes.fromhex(key), digits=6)
    if not _token_matches(totp, token):
        security_log.warning("mfa enrolment failed: user=%s id=%s", user.get_username(), user.pk)
        audit_record(
            actor=actor,
            verb="auth.mfa_enrol_failed",
            obj=user,
            note="The code did not match the new authenticator.",
        )
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        # The code just used may not be used again to sign in (last_t)
        TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=key, confirmed=True, last_t=totp.t()
        )
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
        audit_record(
            actor=actor,
            verb="auth.mfa_enrol",
            obj=user,
            after={"devices": ["Authenticator app", f"{RECOVERY_CODE_COUNT} recovery codes"]},
        )
    security_log.info("mfa enrolled: user=%s id=%s", user.get_username(), user.pk)
    return codes


def _token_matches(totp: TOTP, token: str) -> bool:
    token = token.strip().replace(" ", "")
    return token.isdigit() and totp.verify(int(token), tolerance=1)


@transaction.atomic
def mfa_verify(*, actor: Actor, user: Any, token: str, ip: str = "") -> Device | None:
    """Check a code from the user's authenticator, or one of their recovery codes (used up
    by this). Returns the device that matched, or None; both outcomes are recorded.
    django-otp slows down repeated failures per device (OTP_*_THROTTLE_FACTOR)."""
    _ensure_self(actor, user)
    device = match_token(user, token.strip().replace(" ", ""))
    username = user.get_username()
    if device is None:
        security_log.warning("mfa failed: user=%s id=%s ip=%s", username, user.pk, ip)
        audit_record(
            actor=actor, verb="auth.mfa_failed", obj=user, after={"username": username, "ip": ip}
        )
        return None
    used = "recovery code" if isinstance(device, StaticDevice) else "authenticator app"
    note = f"With a {used}."
    if isinstance(device, StaticDevice):
        note += f" {device.token_set.count()} recovery codes left."
    security_log.info("mfa verified: user=%s id=%s ip=%s (%s)", username, user.pk, ip, used)
    audit_record(
        actor=actor,
        verb="auth.mfa_verify",
        obj=user,
        after={"username": username, "ip": ip},
        note=note,
    )
    return device
