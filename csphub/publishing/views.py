"""Pack downloads (public and members'), dispatching a pack and e-mailing members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.core.site_url import site_root
from csphub.core.stored_files import file_response
from csphub.meetings.access import access_meeting
from csphub.meetings.links import meeting_url
from csphub.meetings.models import Meeting
from csphub.partnerships.pages import crumbs, form_page, manage_page, partnership_page

from . import services
from .access import access_pack, may_read_members_pack
from .forms import DispatchForm
from .models import Notification, PackVersion


def _meeting(request: HttpRequest, slug: str, body: str, date: str, manage: bool = False):
    page = (manage_page if manage else partnership_page)(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    return page, meeting


def _pdf(request: HttpRequest, pack: PackVersion, members: bool) -> HttpResponseBase:
    stored = pack.members_file if members else pack.public_file
    meeting = pack.meeting
    name = f"{meeting.body.slug}-{meeting.date.isoformat()}-pack-{pack.number}"
    response = file_response(
        request,
        stored,
        content_type="application/pdf",
        filename=f"{name}{'-members' if members else ''}.pdf",
        as_attachment=False,
        contact=meeting.body.partnership.contact_email,
    )
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def latest_pack(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponseBase:
    """The stable address of the current public pack (the newest version)."""
    page, meeting = _meeting(request, slug, body, date)
    return _pdf(
        request, access_pack(viewer=page.viewer, meeting=meeting, number=None), members=False
    )


def pack(request: HttpRequest, slug: str, body: str, date: str, number: int) -> HttpResponseBase:
    page, meeting = _meeting(request, slug, body, date)
    return _pdf(
        request, access_pack(viewer=page.viewer, meeting=meeting, number=number), members=False
    )


@login_first
def members_pack(
    request: HttpRequest, slug: str, body: str, date: str, number: int
) -> HttpResponseBase:
    page, meeting = _meeting(request, slug, body, date)
    if not may_read_members_pack(page.viewer, meeting):
        raise PermissionDenied("Only members cleared for restricted items may read Part 2.")
    return _pdf(
        request, access_pack(viewer=page.viewer, meeting=meeting, number=number), members=True
    )


@login_first
@require_http_methods(["GET", "POST"])
def dispatch(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date, manage=True)
    earlier = PackVersion.objects.filter(meeting=meeting).count()
    form = DispatchForm(request.POST if request.method == "POST" else None)
    title = "Dispatch a supplementary pack" if earlier else "Compile and dispatch the pack"
    intro = (
        f"Version {earlier} stays available. The new pack is compiled from the agenda and "
        "papers as they stand now."
        if earlier
        else "The pack is compiled from the agenda and papers as they stand now: the front "
        "sheet, the agenda with page numbers, the previous minutes, the Matters Arising report "
        "and every paper. Members cleared for Part 2 get a pack with the restricted items too."
    )
    if meeting.status not in Meeting.AGENDA_PUBLIC:
        messages.error(request, "Publish the agenda before dispatching its pack.")
        return redirect(meeting_url(meeting))
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.pack_dispatch(
            actor=request.user,
            meeting=meeting,
            note=data["note"],
            notify=data["notify"],
            base_url=site_root(request),
        ),
        success=lambda pack: (
            f"{pack.label} dispatched ({pack.public_pages} pages)."
            + (" Members are being e-mailed." if form.cleaned_data.get("notify") else "")
        ),
        next_url=meeting_url(meeting) + "#pack",
        title=title,
        active="home",
        breadcrumbs=crumbs(
            page,
            (meeting.body.name, reverse("partnerships:body", args=[slug, body])),
            (str(meeting.date.strftime("%-d %B %Y")), meeting_url(meeting)),
        ),
        button="Compile and dispatch",
        caption=str(meeting),
        intro=intro,
    )


@login_first
@require_POST
def notify(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date, manage=True)
    event = request.POST.get("event", "")
    try:
        services.notification_send(
            actor=request.user,
            meeting=meeting,
            event=event,
            base_url=site_root(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Members are being e-mailed: {Notification.Event(event).label.lower()}."
        )
    return redirect(meeting_url(meeting) + "#publication")
