"""Signing in and out (the users page of a partnership is `partnerships.views_users`).

Sign-in is Django's own view with our GOV.UK template: it only follows a `next` address on
this host. Sign-out is POST only (a link or an image tag cannot sign anyone out). After too
many failed sign-ins django-axes answers with `locked_out` instead.
"""

from __future__ import annotations

import logging
from base64 import b32encode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from csphub.core.client_ip import client_ip
from csphub.core.site_url import site_root

from . import forms, services
from .forms import SignInForm
from .mfa import mfa_required

security_log = logging.getLogger("csphub.security")


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


# --- Passwords (issue 10 part 4) -----------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view (signed-in users only) writing through `services.password_change`."""

    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        user = form.user
        services.password_change(
            actor=self.request.user, user=user, new_password=form.cleaned_data["new_password1"]
        )
        # Other sessions end (their hash no longer matches); this one carries on
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view: the same answer whether or not the address belongs to anyone. The link
    is built on CSPHUB_BASE_URL, like every other e-mailed link."""

    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self) -> dict:
        return {
            "base_url": site_root(self.request),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        security_log.info("password reset requested: ip=%s", client_ip(self.request))
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": _reset_hours()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view: the token is single-use (it hashes the password it replaces) and
    short-lived (PASSWORD_RESET_TIMEOUT). It does not sign the user in."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        services.password_reset(user=form.user, new_password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": _reset_hours()}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _reset_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


# --- The second sign-in step (issue 10 part 4, decision 0018) -----------------------------

ENROL_KEY = "csphub_mfa_enrol_key"


def _next_url(request: HttpRequest) -> str:
    """Where to go after the step: `next` if it is on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@login_required
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), then type the
    code the app shows. The secret waits in the session until confirmed, so an abandoned
    enrolment leaves nothing behind. Done, the recovery codes are shown once."""
    user = request.user
    key = request.session.get(ENROL_KEY)
    if not isinstance(key, str):
        key = random_hex(20)
        request.session[ENROL_KEY] = key
    form = forms.CodeForm(
        request.POST or None, hint="The 6-digit code your authenticator app shows now."
    )
    if request.method == "POST" and form.is_valid():
        codes = services.mfa_enrol(actor=user, user=user, key=key, token=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", "The code is not right. Check the app and try again.")
        else:
            del request.session[ENROL_KEY]
            django_otp.login(request, TOTPDevice.objects.get(user=user))
            return render(
                request,
                "accounts/mfa_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    device = TOTPDevice(user=user, key=key, name="Authenticator app")
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(  # noqa: S308 - segno's own markup from our URL, nothing typed
            qr.svg_inline(scale=4, title="QR code for your authenticator app", border=2)
        ),
        "secret": _grouped(b32encode(bytes.fromhex(key)).decode("ascii")),
        "required": mfa_required(user),
        "replacing": user_has_device(user, confirmed=True),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_enrol.html", context)


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app or a recovery
    code. Wrong codes are recorded (auth.mfa_failed) and slowed down by django-otp."""
    user = request.user
    form = forms.CodeForm(
        request.POST or None,
        hint="The 6-digit code from your authenticator app, or one of your recovery codes.",
    )
    if request.method == "POST" and form.is_valid():
        device = services.mfa_verify(
            actor=user, user=user, token=form.cleaned_data["code"], ip=client_ip(request)
        )
        if device is not None:
            django_otp.login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", "The code is not right. Check the app and try again.")
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})
