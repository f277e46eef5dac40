"""The open data pages of a partnership: the data page, the downloads and the calendars."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from csphub.audit.freshness import cached_text
from csphub.meetings.models import Meeting
from csphub.partnerships.access import access_body
from csphub.partnerships.pages import crumbs, partnership_page

from . import downloads, ical, selectors
from .schemas import meeting_url

ICS_TYPE = "text/calendar; charset=utf-8"


def _private(response: HttpResponse) -> HttpResponse:
    """Outputs are built for the viewer (a member may see more): never shared by caches."""
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response


def _calendar(request: HttpRequest, slug: str, body_slug: str = "") -> HttpResponse:
    page = partnership_page(request, slug)
    name = page.partnership.name
    if body_slug:
        body = access_body(partnership=page.partnership, slug=body_slug)
        name = f"{body.name}, {page.partnership.name}"
    meetings = selectors.meetings_list(
        page.viewer, page.partnership, selectors.Filters(body=body_slug)
    )
    context = {"request": request}

    def url_of(meeting: Meeting) -> str:
        return meeting_url(context, meeting)

    content = cached_text(
        request,
        "calendar",
        lambda: ical.meetings_calendar(
            meetings, name=name, site=ical.site_name(), url_of=url_of, now=timezone.now()
        ),
    )
    filename = f"{slug}-{body_slug}-meetings.ics" if body_slug else f"{slug}-meetings.ics"
    response = HttpResponse(content, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _private(response)


@require_GET
def meetings_ics(request: HttpRequest, slug: str) -> HttpResponse:
    return _calendar(request, slug)


@require_GET
def body_meetings_ics(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    return _calendar(request, slug, body)


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    bodies = list(selectors.bodies_list(page.partnership))
    context = page.context(
        "open_data",
        title="Open data",
        datasets=list(downloads.DATASETS.values()),
        bodies=bodies,
        licence=downloads.LICENCE,
        licence_url=downloads.LICENCE_URL,
        api_docs_url=reverse("api:openapi-view"),
        openapi_url=reverse("api:openapi-json"),
        api_root=reverse("api:partnerships"),
        breadcrumbs=crumbs(page, ("Open data", "")),
    )
    return render(request, "opendata/index.html", context)


@require_GET
def download(request: HttpRequest, slug: str, dataset: str, fmt: str) -> HttpResponse:
    page = partnership_page(request, slug)
    found = downloads.DATASETS.get(dataset)
    if found is None or fmt not in {"csv", "json"}:
        raise Http404("No such dataset.")
    try:
        filters = downloads.parse_filters(request.GET)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    rows = found.rows(page.viewer, page.partnership, filters)
    items = downloads.records(found, rows, {"request": request})
    if fmt == "csv":
        response = HttpResponse(
            downloads.to_csv(found, items), content_type="text/csv; charset=utf-8"
        )
    else:
        applied = {"body": filters.body, "from": filters.date_from, "to": filters.date_to}
        content = downloads.to_json(found, items, partnership=slug, filters=applied)
        response = HttpResponse(content, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{dataset}.{fmt}"'
    return _private(response)
