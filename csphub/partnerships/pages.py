"""What every partnership page starts with: the tenant, the viewer and the page furniture.

Views call `partnership_page` (anyone may look) or `manage_page` (secretariat only) first,
so no view can forget to scope by partnership or to check the role. This lives with the
partnership (the tenant) rather than in `core`, because resolving the tenant is a
partnership read and `core` imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from csphub.accounts.permissions import Viewer, viewer_for
from csphub.core.forms import add_service_error

from .access import access_partnership
from .models import Partnership


@dataclass
class PartnershipPage:
    partnership: Partnership
    viewer: Viewer

    def context(self, active: str = "", **extra: Any) -> dict[str, Any]:
        """Template context shared by every partnership page (header, brand, navigation)."""
        slug = self.partnership.slug
        nav: list[tuple[str, str, str]] = []
        if self.viewer.user is not None:  # signed in: their own meetings, papers and actions
            nav.append(("your_home", "Your home", reverse("members:home", args=[slug])))
        nav += [
            ("home", "Meetings", reverse("public:meetings", args=[slug])),
            ("decisions", "Decisions", reverse("public:decisions", args=[slug])),
            ("bodies", "Bodies", reverse("partnerships:bodies", args=[slug])),
            ("strategy", "Strategy", reverse("strategy:list", args=[slug])),
            ("actions", "Actions", reverse("actions:log", args=[slug])),
            ("performance", "Indicators", reverse("performance:indicators", args=[slug])),
            ("crime_pack", "Crime data", reverse("crime_pack:pack", args=[slug])),
            ("search", "Search", reverse("search:search", args=[slug])),
            ("open_data", "Open data", reverse("opendata:index", args=[slug])),
        ]
        if self.viewer.is_member:  # the sub-groups' delivery plans are members' business
            nav.append(
                (
                    "delivery_plans",
                    "Delivery plans",
                    reverse("strategy:delivery_plans", args=[slug]),
                )
            )
        if self.viewer.can_manage:
            nav += [
                ("people", "People", reverse("partnerships:people", args=[slug])),
                (
                    "organisations",
                    "Organisations",
                    reverse("partnerships:organisations", args=[slug]),
                ),
                ("import", "Import documents", reverse("importer:index", args=[slug])),
                ("audit", "Audit log", reverse("audit:log", args=[slug])),
            ]
        if self.viewer.can_administer:
            nav.append(("users", "Users", reverse("accounts:roles", args=[slug])))
        return {
            "partnership": self.partnership,
            "viewer": self.viewer,
            "partnership_home_url": reverse("partnerships:home", args=[slug]),
            "brand_css_url": reverse("partnerships:brand_css", args=[slug]),
            "nav_items": [
                {"text": text, "href": href, "active": key == active} for key, text, href in nav
            ],
            **extra,
        }


def partnership_page(request: HttpRequest, slug: str) -> PartnershipPage:
    partnership = access_partnership(slug=slug)
    return PartnershipPage(partnership=partnership, viewer=viewer_for(request.user, partnership))


def manage_page(request: HttpRequest, slug: str) -> PartnershipPage:
    """Secretariat pages: anonymous visitors are sent to sign in, others refused (403)."""
    page = partnership_page(request, slug)
    if not page.viewer.can_manage:
        raise PermissionDenied("Only the partnership's secretariat can do that.")
    return page


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data to bind a form to, or None on GET (an empty POST still binds)."""
    return request.POST if request.method == "POST" else None


def crumbs(page: PartnershipPage, *trail: tuple[str, str]) -> list[dict[str, str]]:
    """Breadcrumbs from the partnership's home; the last (current) item has no link."""
    home = reverse("partnerships:home", args=[page.partnership.slug])
    return [
        {"text": page.partnership.name, "href": home},
        *({"text": text, "href": href} for text, href in trail),
    ]


def form_page(
    request: HttpRequest,
    page: PartnershipPage,
    *,
    form: Form,
    write: Callable[[dict[str, Any]], object],
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    title: str,
    active: str,
    breadcrumbs: list[dict[str, str]],
    button: str = "Save",
    caption: str = "",
    intro: str = "",
    button_classes: str = "",
    cancel_url: str = "",
) -> HttpResponse:
    """The shape of every secretariat form: validate, call one service, redirect or show why.

    A service's refusal (ValidationError or ValueError) comes back into the form, so the page
    shows the GOV.UK error summary instead of an error page. `success` and `next_url` may
    depend on what the service returned; Cancel goes to `cancel_url`, or else `next_url`.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = write(form.cleaned_data)
        except (ValidationError, ValueError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    context = page.context(
        active,
        form=form,
        title=title,
        caption=caption,
        intro=intro,
        button=button,
        button_classes=button_classes,
        cancel_url=cancel_url or next_url,
        breadcrumbs=[*breadcrumbs, {"text": title, "href": ""}],
    )
    return render(request, "partnerships/form_page.html", context)
