"""The read-only JSON API, /api/v1/, described at /api/v1/openapi.json (Django Ninja).

Every operation resolves the partnership from the path and builds the caller's `Viewer` with
`viewer_for` (anonymous callers are the public; a signed-in session counts as its user), then
reads through `selectors`, which start from each model's `visible_to`. Lists are paginated
(limit/offset, at most MAX_LIMIT a page) and read in a fixed number of queries. Errors are
JSON: 404 for a missing partnership, body or meeting, 422 for a bad parameter.
"""

import datetime as dt

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from csphub.accounts.permissions import Viewer, viewer_for
from csphub.meetings.models import Meeting
from csphub.partnerships.access import access_partnership
from csphub.partnerships.models import Partnership
from csphub.partnerships.selectors import partnerships_all

from . import selectors
from .api_docs import GovukDocs
from .downloads import LICENCE, LICENCE_URL
from .schemas import (
    ActionOut,
    AttendanceOut,
    BodyOut,
    DecisionOut,
    ErrorOut,
    MeetingOut,
    PartnershipOut,
)

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000  # far beyond any partnership's records; keeps SQL offsets in range

api = NinjaAPI(
    title="CSP Hub open data",
    version="1",
    description=(
        "Read-only data published by Community Safety Partnerships: partnerships, bodies, "
        "meetings with their agendas and papers, decisions, actions and attendance. "
        "Anonymous callers get what the public may see. Open Government Licence v3.0."
    ),
    urls_namespace="api",
    docs=GovukDocs(),
)


class Page(LimitOffsetPagination):
    """limit/offset pages of at most MAX_LIMIT rows."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ListFilters(Schema):
    """Narrow a list to one body and a date range (the meeting's date, inclusive)."""

    body: str = Field("", max_length=50, description="A body's slug, e.g. board")
    date_from: dt.date | None = Field(None, alias="from", description="YYYY-MM-DD")
    date_to: dt.date | None = Field(None, alias="to", description="YYYY-MM-DD")

    def selected(self) -> selectors.Filters:
        return selectors.Filters(body=self.body, date_from=self.date_from, date_to=self.date_to)


def _tenant(request: HttpRequest, slug: str) -> tuple[Partnership, Viewer]:
    partnership = access_partnership(slug=slug)  # Http404 -> a JSON 404
    return partnership, viewer_for(request.user, partnership)


NOT_FOUND = {404: ErrorOut, 422: ErrorOut}


class IndexOut(Schema):
    title: str
    licence: str
    licence_url: str
    openapi: str
    docs: str
    partnerships: str


@api.get("/", response=IndexOut, tags=["index"], url_name="index")
def index(request: HttpRequest) -> dict[str, str]:
    """Where to start: the description, its documentation and the list of partnerships."""

    def link(name: str) -> str:
        return request.build_absolute_uri(reverse(f"api:{name}"))

    return {
        "title": api.title,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "openapi": link("openapi-json"),
        "docs": link("openapi-view"),
        "partnerships": link("partnerships"),
    }


@api.get(
    "/partnerships", response={200: list[PartnershipOut], 422: ErrorOut}, tags=["partnerships"]
)
@paginate(Page)
def partnerships(request: HttpRequest) -> list[Partnership]:
    """Every partnership, with the police area it covers (ONS GSS code where it has one)."""
    # A page of partnerships is small; the areas are matched once for the whole list.
    rows = list(partnerships_all())
    areas = selectors.partnership_areas(rows)
    for row in rows:
        row.police_area = areas[row.pk]  # type: ignore[attr-defined]
    return rows


@api.get(
    "/partnerships/{slug}",
    response={200: PartnershipOut, **NOT_FOUND},
    tags=["partnerships"],
)
def partnership(request: HttpRequest, slug: str) -> Partnership:
    found, _ = _tenant(request, slug)
    found.police_area = selectors.partnership_areas([found])[found.pk]  # type: ignore[attr-defined]
    return found


@api.get(
    "/partnerships/{slug}/bodies",
    response={200: list[BodyOut], **NOT_FOUND},
    tags=["bodies"],
)
@paginate(Page)
def bodies(request: HttpRequest, slug: str):  # noqa: ANN201 - a queryset, paginated by Ninja
    """The partnership's boards, groups and sub-groups."""
    found, _ = _tenant(request, slug)
    return selectors.bodies_list(found)


@api.get(
    "/partnerships/{slug}/meetings",
    response={200: list[MeetingOut], **NOT_FOUND},
    tags=["meetings"],
)
@paginate(Page)
def meetings(request: HttpRequest, slug: str, filters: Query[ListFilters]):  # noqa: ANN201
    """Meetings, newest first, each with the agenda items and papers the caller may read
    (none before the agenda is published; exempt items and restricted papers left out)."""
    found, viewer = _tenant(request, slug)
    return selectors.with_agenda(selectors.meetings_list(viewer, found, filters.selected()), viewer)


@api.get(
    "/partnerships/{slug}/meetings/{body}/{date}",
    response={200: MeetingOut, **NOT_FOUND},
    tags=["meetings"],
)
def meeting(request: HttpRequest, slug: str, body: str, date: str) -> Meeting:
    """One meeting, addressed as on the website: body slug and date (YYYY-MM-DD)."""
    found, viewer = _tenant(request, slug)
    try:
        day = dt.date.fromisoformat(date)
        return selectors.meeting_one(viewer, found, body, day)
    except (ValueError, Meeting.DoesNotExist):
        raise Http404("No such meeting.") from None


@api.get(
    "/partnerships/{slug}/decisions",
    response={200: list[DecisionOut], **NOT_FOUND},
    tags=["decisions"],
)
@paginate(Page)
def decisions(request: HttpRequest, slug: str, filters: Query[ListFilters]):  # noqa: ANN201
    """Resolutions from published minutes, newest meeting first."""
    found, viewer = _tenant(request, slug)
    return selectors.decisions_list(viewer, found, filters.selected())


@api.get(
    "/partnerships/{slug}/actions",
    response={200: list[ActionOut], **NOT_FOUND},
    tags=["actions"],
)
@paginate(Page)
def actions(request: HttpRequest, slug: str, filters: Query[ListFilters]):  # noqa: ANN201
    """Actions the caller may read; the dates filter by the meeting the action came from."""
    found, viewer = _tenant(request, slug)
    return selectors.actions_list(viewer, found, filters.selected())


@api.get(
    "/partnerships/{slug}/attendance",
    response={200: list[AttendanceOut], **NOT_FOUND},
    tags=["attendance"],
)
@paginate(Page)
def attendance(request: HttpRequest, slug: str, filters: Query[ListFilters]):  # noqa: ANN201
    """Who attended each meeting whose minutes are published."""
    found, viewer = _tenant(request, slug)
    return selectors.attendance_list(viewer, found, filters.selected())
