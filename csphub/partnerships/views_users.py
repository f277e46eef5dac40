"""The administrators' page of a partnership's users and their roles.

It sits with the partnership (above `accounts`) because every partnership page starts from
`partnerships.pages`; `accounts` keeps the user model, roles and sign-in, below it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from csphub.accounts import services
from csphub.accounts.access import access_role
from csphub.accounts.decorators import login_first
from csphub.accounts.forms import ConfirmForm, RoleForm, UserCreateForm
from csphub.accounts.selectors import roles_of

from . import services as partnership_services
from .forms import UserPersonForm
from .pages import PartnershipPage, crumbs, form_page, partnership_page, posted
from .selectors import people_linked_to_users, person_of_user


def _admin_page(request: HttpRequest, slug: str) -> PartnershipPage:
    page = partnership_page(request, slug)
    if not page.viewer.can_administer:
        raise PermissionDenied("Only the partnership's administrators can manage users.")
    return page


def _users_form(
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
    """A users form: back to the list afterwards, under the partnership's name."""
    users_url = reverse("accounts:roles", args=[page.partnership.slug])
    return form_page(
        request,
        page,
        form=form,
        write=write,
        success=success,
        next_url=users_url,
        title=title,
        active="users",
        breadcrumbs=crumbs(page, ("Users", users_url)),
        button=button,
        caption=page.partnership.name,
        intro=intro,
        button_classes=button_classes,
    )


@login_first
@require_GET
def roles(request: HttpRequest, slug: str) -> HttpResponse:
    page = _admin_page(request, slug)
    linked = people_linked_to_users(page.partnership)
    grants = list(roles_of(page.partnership))
    for grant in grants:
        grant.person = linked.get(grant.user_id)  # type: ignore[attr-defined]
    context = page.context(
        "users",
        roles=grants,
        breadcrumbs=crumbs(page, ("Users", "")),
    )
    return render(request, "partnerships/users.html", context)


@login_first
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = _admin_page(request, slug)
    form = UserCreateForm(posted(request), initial={"role": "member"})
    return _users_form(
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
        posted(request),
        initial={"role": grant.role, "cleared": grant.cleared_for_restricted},
    )
    return _users_form(
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
    return _users_form(
        request,
        page,
        form=ConfirmForm(posted(request)),
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


@login_first
@require_http_methods(["GET", "POST"])
def role_person(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Link an account to its person in the partnership, so the member's home shows their
    meetings, papers and actions (issue 11)."""
    page = _admin_page(request, slug)
    grant = access_role(partnership=page.partnership, user_id=user_id)
    name = grant.user.get_full_name() or grant.user.get_username()
    current = person_of_user(page.partnership, grant.user)
    form = UserPersonForm(
        posted(request),
        partnership=page.partnership,
        user=grant.user,
        initial={"person": current},
    )
    return _users_form(
        request,
        page,
        form=form,
        write=lambda data: partnership_services.user_person_link(
            actor=request.user,
            partnership=page.partnership,
            user=grant.user,
            person=data["person"],
        ),
        success=f"Person of {name} updated",
        title=f"Which person is {name}?",
        button="Save person",
        intro="Linking an account to a person lets them see their own meetings, papers and "
        "actions on their home page.",
    )
