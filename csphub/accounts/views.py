"""Signing in and out (the users page of a partnership is `partnerships.views_users`).

Sign-in is Django's own view with our GOV.UK template: it only follows a `next` address on
this host. Sign-out is POST only (a link or an image tag cannot sign anyone out). After too
many failed sign-ins django-axes answers with `locked_out` instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import SignInForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = False


class LogoutView(auth_views.LogoutView):
    """Django's LogoutView: POST only, then back to the site's home page."""


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """What django-axes sends (AXES_LOCKOUT_CALLABLE) when a username is locked out: 429
    Too Many Requests, saying how long to wait. It does not repeat the username typed."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60)
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
