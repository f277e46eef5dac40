"""Who must use a second sign-in step, and what that step is (decision 0018).

Read-only rules over django-otp's devices: the writes (enrolment, verification with its
audit events) are in `services.py`. The secretariat and administrators of any partnership
and superusers must have a confirmed authenticator (ASVS 6.3.3); members may add one, and
once they have, it is asked for at every sign-in too.
"""

from __future__ import annotations

from typing import Any

from django_otp import user_has_device

from .permissions import viewer_for

STAFF_ROLES = frozenset({"secretariat", "administrator"})
RECOVERY_CODE_COUNT = 10


def mfa_required(user: Any) -> bool:
    """Whether this user must have a second factor: a superuser, or the secretariat or an
    administrator in any partnership. The roles come from the same per-request cache as
    `viewer_for`, so pages that build a viewer pay no extra query."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    viewer_for(user, None)  # fills user._csphub_roles
    roles = getattr(user, "_csphub_roles", {}) or {}
    return any(role in STAFF_ROLES for role, _cleared in roles.values())


def is_verified(user: Any) -> bool:
    """Whether this session passed the second step (set by django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def next_step(user: Any) -> str | None:
    """What a signed-in user must do before reaching anything else: "verify" (type a code
    from the device they have), "enrol" (set one up: they must have one and have none), or
    None (verified already, or a member without a device)."""
    if not getattr(user, "is_authenticated", False) or is_verified(user):
        return None
    if user_has_device(user, confirmed=True):
        return "verify"
    if mfa_required(user):
        return "enrol"
    return None
