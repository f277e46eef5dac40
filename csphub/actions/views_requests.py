"""Secretariat pages for update requests: preview and send for a meeting, list and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.core.site_url import site_root
from csphub.meetings.access import access_meeting
from csphub.partnerships.pages import manage_page

from . import selectors, services, update_requests
from .access import access_update_request
from .links import link_days
from .selectors import requests_sent_for


@login_first
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    """GET: who would be e-mailed, about how many actions, and who cannot be reached.
    POST: send, then show what was sent and what was not."""
    page = manage_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    if request.method == "POST":
        report = services.update_requests_send(
            actor=request.user, meeting=meeting, base_url=site_root(request)
        )
        context = page.context("home", meeting=meeting, report=report, plan=report.plan)
        return render(request, "actions/link_requests_report.html", context)
    plan = update_requests.update_requests_plan(meeting=meeting)
    earlier = requests_sent_for(page.viewer, meeting, update_requests.REQUEST)
    context = page.context(
        "home",
        meeting=meeting,
        plan=plan,
        link_days=link_days(),
        earlier_count=earlier.count(),
        earlier_last=earlier.order_by("-sent_at").values_list("sent_at", flat=True).first(),
    )
    return render(request, "actions/link_requests_send.html", context)


@login_first
def request_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every request and reminder sent in the partnership, newest first."""
    page = manage_page(request, slug)
    paginator = Paginator(selectors.requests_of(page.partnership), 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = page.context("home", page_obj=page_obj, now=timezone.now())
    return render(request, "actions/link_requests_list.html", context)


@login_first
@require_POST
def revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Withdraw a request: its links stop working at once."""
    page = manage_page(request, slug)
    update_request = access_update_request(page.viewer, page.partnership, pk)
    services.update_request_revoke(actor=request.user, request=update_request)
    messages.success(
        request, f"The links sent to {update_request.person.display_name} no longer work."
    )
    return redirect(reverse("action_links:list", args=[page.partnership.slug]))
