"""Pages about a partnership's structure: its bodies, members, people and organisations.

The home page and a body's page list meetings, so they live in `meetings.views.lists`.

Public pages start with `partnership_page`; secretariat pages with `manage_page` (behind
`login_first`). Every POST calls exactly one service function; a refusal comes back into
the form, so the page shows the GOV.UK error summary instead of an error page.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from csphub.accounts.decorators import login_first

from . import selectors, services
from .access import access_body, access_membership, access_organisation, access_person
from .forms import (
    BodyCreateForm,
    BodyForm,
    BodyRenameForm,
    MembershipEndForm,
    MembershipForm,
    MinuteSequenceRestartForm,
    OrganisationForm,
    PersonForm,
)
from .models import Body
from .pages import PartnershipPage, crumbs, form_page, manage_page, partnership_page, posted

BRAND_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_BRAND = "#1d4f5c"


# Helpers shared by the pages -------------------------------------------------------------


def _s(page: PartnershipPage) -> str:
    return page.partnership.slug


# Public pages ----------------------------------------------------------------------------


@require_GET
def site_home(request: HttpRequest) -> HttpResponse:
    """The installation's front page: the partnerships it hosts (URL name `core:home`)."""
    return render(request, "core/home.html", {"partnerships": selectors.partnerships_all()})


@require_GET
def brand_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's colour as a CSS custom property: the only per-tenant styling."""
    page = partnership_page(request, slug)
    colour = page.partnership.colour if BRAND_COLOUR.match(page.partnership.colour) else None
    css = f":root{{--csp-brand:{colour or DEFAULT_BRAND};--csp-brand-text:#ffffff}}\n"
    etag = '"' + hashlib.sha256(css.encode()).hexdigest()[:16] + '"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        css, content_type="text/css; charset=utf-8"
    )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def bodies(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    context = page.context(
        "bodies",
        bodies=selectors.bodies_of(page.partnership),
        breadcrumbs=crumbs(page, ("Bodies", "")),
    )
    return render(request, "partnerships/bodies.html", context)


# Secretariat: bodies ---------------------------------------------------------------------


def _bodycrumbs(page: PartnershipPage, the_body: Body) -> list[dict[str, str]]:
    return crumbs(
        page,
        ("Bodies", reverse("partnerships:bodies", args=[_s(page)])),
        (the_body.name, reverse("partnerships:body", args=[_s(page), the_body.slug])),
    )


@login_first
@require_http_methods(["GET", "POST"])
def body_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = BodyCreateForm(posted(request), partnership=page.partnership)

    def write(data: dict[str, Any]) -> Body:
        return services.body_create(actor=request.user, partnership=page.partnership, **data)

    return form_page(
        request,
        page,
        form=form,
        write=write,
        success=lambda new: f"Body added: {new.name}",
        next_url=reverse("partnerships:bodies", args=[slug]),
        title="Add a body",
        active="bodies",
        breadcrumbs=crumbs(page, ("Bodies", reverse("partnerships:bodies", args=[slug]))),
        button="Add body",
    )


@login_first
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    form = BodyForm(posted(request), instance=copy.copy(the_body), partnership=page.partnership)
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.body_update(actor=request.user, body=the_body, data=data),
        success=f"{the_body.name} updated",
        next_url=reverse("partnerships:body", args=[slug, the_body.slug]),
        title=f"Edit {the_body.name}",
        active="bodies",
        breadcrumbs=_bodycrumbs(page, the_body),
    )


@login_first
@require_http_methods(["GET", "POST"])
def body_rename(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    form = BodyRenameForm(posted(request))
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.body_rename(actor=request.user, body=the_body, **data),
        success=f"{the_body.name} renamed; the old name is kept for earlier meetings",
        next_url=reverse("partnerships:body", args=[slug, the_body.slug]),
        title=f"Rename {the_body.name}",
        intro="Minutes and agendas of earlier meetings keep showing the old name.",
        active="bodies",
        breadcrumbs=_bodycrumbs(page, the_body),
        button="Rename",
    )


@login_first
@require_http_methods(["GET", "POST"])
def minute_sequence_restart(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    form = MinuteSequenceRestartForm(posted(request))
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.minute_sequence_restart(
            actor=request.user, body=the_body, **data
        ),
        success=f"Minute numbering of {the_body.name} will restart",
        next_url=reverse("partnerships:body", args=[slug, the_body.slug]),
        title="Restart minute numbering",
        caption=the_body.name,
        intro="Minutes are numbered in one sequence that continues from meeting to meeting. "
        "Restart it, for example at 1 for a new municipal year.",
        active="bodies",
        breadcrumbs=_bodycrumbs(page, the_body),
        button="Restart numbering",
    )


# Secretariat: memberships ----------------------------------------------------------------


@login_first
@require_GET
def memberships(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """Every membership a body has had, with links to change them (the public see the
    membership on any day on the body's page)."""
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    context = page.context(
        "bodies",
        body=the_body,
        memberships=selectors.memberships_all(the_body),
        breadcrumbs=[*_bodycrumbs(page, the_body), {"text": "All memberships", "href": ""}],
    )
    return render(request, "partnerships/memberships.html", context)


@login_first
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    form = MembershipForm(posted(request), partnership=page.partnership)
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.membership_create(actor=request.user, body=the_body, **data),
        success=f"Member added to {the_body.name}",
        next_url=reverse("partnerships:memberships", args=[slug, the_body.slug]),
        title="Add a member",
        caption=the_body.name,
        active="bodies",
        breadcrumbs=_bodycrumbs(page, the_body),
        button="Add member",
    )


@login_first
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, slug: str, body: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    membership = access_membership(body=the_body, pk=pk)
    form = MembershipForm(
        posted(request), instance=copy.copy(membership), partnership=page.partnership
    )
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.membership_update(
            actor=request.user, membership=membership, data=data
        ),
        success=f"Membership of {membership.holder} updated",
        next_url=reverse("partnerships:memberships", args=[slug, the_body.slug]),
        title=f"Edit the membership of {membership.holder}",
        caption=the_body.name,
        active="bodies",
        breadcrumbs=_bodycrumbs(page, the_body),
    )


@login_first
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, slug: str, body: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    the_body = access_body(partnership=page.partnership, slug=body)
    membership = access_membership(body=the_body, pk=pk)
    form = MembershipEndForm(posted(request), initial={"end": timezone.localdate()})
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.membership_end(
            actor=request.user, membership=membership, end=data["end"]
        ),
        success=f"Membership of {membership.holder} ended",
        next_url=reverse("partnerships:memberships", args=[slug, the_body.slug]),
        title=f"End the membership of {membership.holder}",
        caption=the_body.name,
        intro="The membership stays on record, so minutes of earlier meetings still show "
        "who was a member on the day.",
        active="bodies",
        breadcrumbs=_bodycrumbs(page, the_body),
        button="End membership",
    )


# Secretariat: people and organisations ---------------------------------------------------


@login_first
@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    context = page.context(
        "people",
        people=selectors.people_of(page.partnership),
        breadcrumbs=crumbs(page, ("People", "")),
    )
    return render(request, "partnerships/people.html", context)


@login_first
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = PersonForm(posted(request))
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.person_create(
            actor=request.user, partnership=page.partnership, **data
        ),
        success=lambda new: f"Person added: {new.name}",
        next_url=reverse("partnerships:people", args=[slug]),
        title="Add a person",
        active="people",
        breadcrumbs=crumbs(page, ("People", reverse("partnerships:people", args=[slug]))),
        button="Add person",
    )


@login_first
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, slug: str, person: str) -> HttpResponse:
    page = manage_page(request, slug)
    the_person = access_person(partnership=page.partnership, slug=person)
    form = PersonForm(posted(request), instance=copy.copy(the_person))
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.person_update(actor=request.user, person=the_person, data=data),
        success=f"{the_person.name} updated",
        next_url=reverse("partnerships:people", args=[slug]),
        title=f"Edit {the_person.name}",
        active="people",
        breadcrumbs=crumbs(page, ("People", reverse("partnerships:people", args=[slug]))),
    )


@login_first
@require_GET
def organisations(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    context = page.context(
        "organisations",
        organisations=selectors.organisations_of(page.partnership),
        breadcrumbs=crumbs(page, ("Organisations", "")),
    )
    return render(request, "partnerships/organisations.html", context)


@login_first
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = OrganisationForm(posted(request), partnership=page.partnership)
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.organisation_create(
            actor=request.user, partnership=page.partnership, **data
        ),
        success=lambda new: f"Organisation added: {new.name}",
        next_url=reverse("partnerships:organisations", args=[slug]),
        title="Add an organisation",
        active="organisations",
        breadcrumbs=crumbs(
            page, ("Organisations", reverse("partnerships:organisations", args=[slug]))
        ),
        button="Add organisation",
    )


@login_first
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    organisation = access_organisation(partnership=page.partnership, pk=pk)
    form = OrganisationForm(
        posted(request), instance=copy.copy(organisation), partnership=page.partnership
    )
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.organisation_update(
            actor=request.user, organisation=organisation, data=data
        ),
        success=f"{organisation.name} updated",
        next_url=reverse("partnerships:organisations", args=[slug]),
        title=f"Edit {organisation.name}",
        active="organisations",
        breadcrumbs=crumbs(
            page, ("Organisations", reverse("partnerships:organisations", args=[slug]))
        ),
    )
