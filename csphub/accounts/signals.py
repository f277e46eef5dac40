"""The security log for sign-in (ASVS 16.3.1): who signed in, failed to, was locked out or
signed out, and from where.

Each event goes to the `csphub.security` log and into the audit trail as an AuditEvent with
no partnership (verbs auth.login, auth.login_failed, auth.lockout, auth.logout), holding the
username (as typed, for failures) and the client's address. The password is never recorded:
Django masks it in `credentials` and we only read the username from there. Nor is the
session key.

Sign-in also starts the session's clocks (absolute lifetime and idle timeout, see
middleware.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from csphub.audit.services import audit_record
from csphub.core.client_ip import client_ip

from .middleware import SIGN_OUT_REASON, session_start

security_log = logging.getLogger("csphub.security")

USERNAME_MAX = 150  # the User model's own limit


def _clean(value: object, limit: int = USERNAME_MAX) -> str:
    """One line, bounded: a username typed into a form must not forge log lines."""
    text = str(value or "")
    return text.replace("\r", " ").replace("\n", " ")[:limit]


def _address(request) -> str:
    return client_ip(request) if request is not None else ""


def _who(username: str, request) -> dict[str, str]:
    return {"username": username, "ip": _address(request)}


def _refused_while_locked(request) -> bool:
    """Whether axes refused this sign-in because the username was locked out already, rather
    than counting a wrong password. axes marks a refused request as locked out without
    counting it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False); a counted failure
    gets `axes_failures_since_start`. This holds whichever of its receivers and ours runs
    first."""
    return bool(getattr(request, "axes_locked_out", False)) and (
        getattr(request, "axes_failures_since_start", None) is None
    )


@receiver(user_logged_in, dispatch_uid="csphub.accounts.login_success")
def log_login(sender, request, user, **kwargs) -> None:
    username = _clean(user.get_username())
    security_log.info("login succeeded: user=%s id=%s ip=%s", username, user.pk, _address(request))
    if request is not None and hasattr(request, "session"):
        session_start(request)
    audit_record(actor=user, verb="auth.login", obj=user, after=_who(username, request))


@receiver(user_login_failed, dispatch_uid="csphub.accounts.login_failure")
def log_login_failure(sender, credentials, request=None, **kwargs) -> None:
    username = _clean(credentials.get("username"))
    refused = _refused_while_locked(request)
    security_log.warning(
        "login failed: user=%s ip=%s%s",
        username,
        _address(request),
        " (locked out)" if refused else "",
    )
    audit_record(
        actor="anonymous",
        verb="auth.login_failed",
        object_type="auth.user",
        object_repr=username,
        after=_who(username, request),
        note="Refused: this username is locked out." if refused else "",
    )


def log_lockout(sender, request, username, ip_address=None, **kwargs) -> None:
    """axes signals a lockout when it starts, and again for each attempt refused during it;
    only the start is a lockout (each refusal is already an auth.login_failed)."""
    if _refused_while_locked(request):
        return
    username = _clean(username)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    security_log.warning(
        "login locked out: user=%s ip=%s for %s minutes", username, _address(request), minutes
    )
    audit_record(
        actor="sign-in protection",
        verb="auth.lockout",
        object_type="auth.user",
        object_repr=username,
        after=_who(username, request),
        note=f"Locked for {minutes} minutes after {settings.AXES_FAILURE_LIMIT} failed sign-ins.",
    )


@receiver(user_logged_out, dispatch_uid="csphub.accounts.logout")
def log_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return  # nobody was signed in: nothing ended
    username = _clean(user.get_username())
    reason = getattr(request, SIGN_OUT_REASON, "") if request is not None else ""
    notes = {
        "idle": f"Signed out after {settings.CSPHUB_SESSION_IDLE_MINUTES} minutes "
        "without activity.",
        "lifetime": f"Signed out {settings.SESSION_COOKIE_AGE // 3600} hours after signing in.",
    }
    security_log.info(
        "logout: user=%s ip=%s%s", username, _address(request), f" ({reason})" if reason else ""
    )
    audit_record(
        actor=user,
        verb="auth.logout",
        obj=user,
        after=_who(username, request),
        note=notes.get(reason, ""),
    )


def _connect_lockout() -> None:
    # Imported here, after the receivers above are connected: importing axes.signals connects
    # axes' own sign-in receivers, and ours should run first, so that the audit trail shows a
    # failed sign-in before the lockout it caused
    from axes.signals import user_locked_out

    user_locked_out.connect(log_lockout, dispatch_uid="csphub.accounts.lockout")


_connect_lockout()
