"""Signing in and out, and the administrators' page of users and roles.

Sign-in is Django's own view with our GOV.UK template: it only follows a `next` address on
this host. Sign-out is POST only (a link or an image tag cannot sign anyone out). After too
many failed sign-ins django-axes answers with `locked_out` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from csphub.core.forms import add_service_error
from csphub.core.viewing import PartnershipPage, login_first, partnership_page

from . import services
from .access import access_role
from .forms import ConfirmForm, RoleForm, SignInForm, UserCreateForm
from .selectors import roles_of


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


def _posted(request: HttpRequest):
    """The POST data to bind a form to, or None on GET (an empty POST still binds)."""
    return request.POST if request.method == "POST" else None


def _admin_page(request: HttpRequest, slug: str) -> PartnershipPage:
    page = partnership_page(request, slug)
    if not page.viewer.can_administer:
        raise PermissionDenied("Only the partnership's administrators can manage users.")
    return page


def _crumbs(page: PartnershipPage, current: str = "") -> list[dict[str, str]]:
    slug = page.partnership.slug
    items = [
        {"text": page.partnership.name, "href": reverse("partnerships:home", args=[slug])},
        {"text": "Users", "href": reverse("accounts:roles", args=[slug]) if current else ""},
    ]
    if current:
        items.append({"text": current, "href": ""})
    return items


def _form_page(
    request: HttpRequest,
    page: PartnershipPage,
    *,
    form: Form,
    write: Callable[[dict[str, Any]], object],
    success: str,
    title: str,
    button: str,
    intro: str = "",
    button_classes: str = "",
) -> HttpResponse:
    """Validate, call one service, and go back to the list; or show the form and why."""
    next_url = reverse("accounts:roles", args=[page.partnership.slug])
    if request.method == "POST" and form.is_valid():
        try:
            write(form.cleaned_data)
        except (ValidationError, ValueError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(next_url)
    context = page.context(
        "users",
        form=form,
        title=title,
        intro=intro,
        button=button,
        button_classes=button_classes,
        cancel_url=next_url,
        breadcrumbs=_crumbs(page, title),
    )
    return render(request, "accounts/form_page.html", context)


@login_first
@require_GET
def roles(request: HttpRequest, slug: str) -> HttpResponse:
    page = _admin_page(request, slug)
    context = page.context("users", roles=roles_of(page.partnership), breadcrumbs=_crumbs(page))
    return render(request, "accounts/roles.html", context)


@login_first
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = _admin_page(request, slug)
    form = UserCreateForm(_posted(request), initial={"role": "member"})
    return _form_page(
        request,
        page,
        form=form,
        write=lambda data: services.user_create(
            actor=request.user, partnership=page.partnership, **data
        ),
        success=f"User added: {request.POST.get('username', '')}",
        title="Add a user",
        button="Add user",
        intro="Give them their username and initial password in person or by telephone, "
        "not in the same email.",
    )


@login_first
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    page = _admin_page(request, slug)
    grant = access_role(partnership=page.partnership, user_id=user_id)
    name = grant.user.get_full_name() or grant.user.get_username()
    form = RoleForm(
        _posted(request),
        initial={"role": grant.role, "cleared": grant.cleared_for_restricted},
    )
    return _form_page(
        request,
        page,
        form=form,
        write=lambda data: services.role_grant(
            actor=request.user, partnership=page.partnership, user=grant.user, **data
        ),
        success=f"Role of {name} updated",
        title=f"Change the role of {name}",
        button="Save",
    )


@login_first
@require_http_methods(["GET", "POST"])
def role_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """GET asks "are you sure?"; POST removes the role."""
    page = _admin_page(request, slug)
    grant = access_role(partnership=page.partnership, user_id=user_id)
    name = grant.user.get_full_name() or grant.user.get_username()
    return _form_page(
        request,
        page,
        form=ConfirmForm(_posted(request)),
        write=lambda data: services.role_revoke(
            actor=request.user, partnership=page.partnership, user=grant.user
        ),
        success=f"{name} no longer has a role in {page.partnership.name}",
        title=f"Remove {name} from {page.partnership.name}",
        button="Remove",
        button_classes="govuk-button--warning",
        intro=f"{name} will no longer be able to see member-only papers or do secretariat "
        "work here. Their account stays, with any roles in other partnerships.",
    )
