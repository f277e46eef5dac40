"""Security events for sign-in (ASVS 16.3.1): who signed in or failed to, from where.

The password is never logged; Django already masks it in `credentials`, and we only read
the username from it.
"""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

security_log = logging.getLogger("csphub.security")


def _clean(value: object) -> str:
    """One line, bounded: a username typed into a form must not forge log lines."""
    text = str(value or "")
    return text.replace("\r", " ").replace("\n", " ")[:150]


def _address(request) -> str:
    return _clean(request.META.get("REMOTE_ADDR", "")) if request is not None else ""


@receiver(user_logged_in, dispatch_uid="csphub.accounts.login_success")
def log_login(sender, request, user, **kwargs) -> None:
    security_log.info(
        "login succeeded: user=%s id=%s ip=%s",
        _clean(user.get_username()),
        user.pk,
        _address(request),
    )


@receiver(user_login_failed, dispatch_uid="csphub.accounts.login_failure")
def log_login_failure(sender, credentials, request=None, **kwargs) -> None:
    security_log.warning(
        "login failed: user=%s ip=%s", _clean(credentials.get("username")), _address(request)
    )


@receiver(user_logged_out, dispatch_uid="csphub.accounts.logout")
def log_logout(sender, request, user, **kwargs) -> None:
    username = user.get_username() if user is not None else ""
    security_log.info("logout: user=%s ip=%s", _clean(username), _address(request))
