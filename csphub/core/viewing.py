"""What every partnership page starts with: the tenant, the viewer and the page furniture.

Views call `partnership_page` (anyone may look) or `manage_page` (secretariat only) first,
so no view can forget to scope by partnership or to check the role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse

from csphub.accounts.permissions import Viewer, viewer_for
from csphub.partnerships.access import access_partnership
from csphub.partnerships.models import Partnership


@dataclass
class PartnershipPage:
    partnership: Partnership
    viewer: Viewer

    def context(self, active: str = "", **extra: Any) -> dict[str, Any]:
        """Template context shared by every partnership page (header, brand, navigation)."""
        slug = self.partnership.slug
        nav = [
            ("home", "Meetings", reverse("partnerships:home", args=[slug])),
            ("bodies", "Bodies", reverse("partnerships:bodies", args=[slug])),
            ("actions", "Actions", reverse("actions:log", args=[slug])),
            ("performance", "Indicators", reverse("performance:indicators", args=[slug])),
            ("crime_pack", "Crime data", reverse("crime_pack:pack", args=[slug])),
        ]
        if self.viewer.can_manage:
            nav += [
                ("people", "People", reverse("partnerships:people", args=[slug])),
                (
                    "organisations",
                    "Organisations",
                    reverse("partnerships:organisations", args=[slug]),
                ),
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


def login_first(view: Callable) -> Callable:
    """Anonymous visitors to a protected page are asked to sign in rather than refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
