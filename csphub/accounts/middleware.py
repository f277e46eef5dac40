"""Signing out people who have walked away from a shared council PC (ASVS 7.3.1), on top of
the absolute lifetime of a session (ASVS 7.3.2).

At sign-in the session gets a fixed expiry date, SESSION_COOKIE_AGE from then, so saving the
session later (a message, the idle clock below) never moves it: the lifetime cannot slide.
Each request by a signed-in user notes the time in the session, at most once a minute, so a
busy user costs one session write a minute rather than one a request. A request that comes
CSPHUB_SESSION_IDLE_MINUTES or more after the last noted time signs the user out and sends
them to the sign-in page with a message saying why. The clock is therefore accurate to a
minute: someone may be signed out up to a minute early, never late.

A session whose user can no longer sign in (deactivated, deleted) is ended on its next
request: Django already treats its user as anonymous, and the session row goes too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from .mfa import next_step

SIGNED_IN_AT = "csphub_signed_in_at"
LAST_SEEN = "csphub_last_seen"
SEEN_EVERY_SECONDS = 60

# Why a session was ended by this middleware, for the audit trail (see signals.log_logout)
SIGN_OUT_REASON = "csphub_sign_out_reason"


def _now() -> int:
    return int(timezone.now().timestamp())


def session_start(request: HttpRequest) -> None:
    """At sign-in: fix when the session ends, and start the idle clock."""
    now = _now()
    request.session.set_expiry(timedelta(seconds=settings.SESSION_COOKIE_AGE))
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def idle_message(minutes: int) -> str:
    return (
        f"You have been signed out after {minutes} minutes without activity. "
        "Sign in again to carry on."
    )


class IdleTimeoutMiddleware:
    """Runs after AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        elif user is not None and SESSION_KEY in request.session:
            # Signed in, but the user can no longer be (deactivated or deleted): Django
            # already treats them as anonymous; end the session itself too (ASVS 7.4.2)
            request.session.flush()
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT)
        last_seen = session.get(LAST_SEEN)
        if not isinstance(signed_in_at, int) or not isinstance(last_seen, int):
            # A session made before these clocks existed: they start now
            session_start(request)
            return None
        now = _now()
        # The session's expiry date does this already; this also covers session engines
        # that would let it slide
        if now - signed_in_at >= settings.SESSION_COOKIE_AGE:
            hours = settings.SESSION_COOKIE_AGE // 3600
            return self._sign_out(
                request,
                reason="lifetime",
                message=f"You have been signed out because you signed in {hours} hours ago. "
                "Sign in again to carry on.",
            )
        minutes = settings.CSPHUB_SESSION_IDLE_MINUTES
        if now - last_seen >= minutes * 60:
            return self._sign_out(request, reason="idle", message=idle_message(minutes))
        if now - last_seen >= SEEN_EVERY_SECONDS:
            session[LAST_SEEN] = now
        return None

    def _sign_out(self, request: HttpRequest, *, reason: str, message: str) -> HttpResponse | None:
        setattr(request, SIGN_OUT_REASON, reason)
        logout(request)
        if request.path == reverse("accounts:logout"):
            return None  # they were signing out anyway
        messages.info(request, message)
        if request.path == reverse("accounts:login"):
            return None  # the sign-in page they asked for, now signed out, shows the message
        return redirect_to_login(request.get_full_path())


# --- The second sign-in step (issue 10 part 4, decision 0018) -----------------------------

# Pages a signed-in user reaches before the second step: the step itself and signing out.
MFA_OPEN_NAMES = frozenset(
    {"accounts:login", "accounts:logout", "accounts:mfa_verify", "accounts:mfa_enrol"}
)


class MfaRequiredMiddleware:
    """Sends a signed-in user who has not passed the second step to it before any other
    page: the code from their authenticator if they have one (anyone who enrolled), or
    enrolment if they must have one and have none (the secretariat, administrators and
    superusers). Runs after django-otp's OTPMiddleware (which marks `is_verified()`) and
    the idle clock. Every path is covered, so no view can forget to ask."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                match = resolve(request.path_info)
                name = match.view_name
            except Resolver404:
                name = ""
            if name not in MFA_OPEN_NAMES:
                step = next_step(user)
                if step is not None:
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse(f'accounts:mfa_{step}')}?{query}")
        return self.get_response(request)
