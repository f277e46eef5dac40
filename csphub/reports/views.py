"""Pages for sub-group reports: the secretariat's page for a meeting, requesting a report,
the pro-forma of a body, and the author's form (signed in, or through a signed link)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.accounts.permissions import viewer_for
from csphub.audit.actors import LinkActor
from csphub.core.forms import add_service_error
from csphub.core.site_url import site_root
from csphub.meetings.access import access_meeting
from csphub.partnerships.models import Body, Person
from csphub.partnerships.pages import PartnershipPage, crumbs, manage_page, partnership_page

from . import selectors, services
from .forms import ProFormaForm, ReportForm, RequestForm
from .links import LinkError, read_token
from .models import ReportRequest

security_log = logging.getLogger("csphub.security")


def _meeting_url(meeting) -> str:
    return reverse(
        "meetings:detail",
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat()],
    )


def _reports_url(meeting) -> str:
    return reverse(
        "reports:meeting",
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat()],
    )


# --- Secretariat ----------------------------------------------------------------------------


@login_first
@require_GET
def meeting_reports(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    """Every report requested for the meeting: author, deadline, status, paper."""
    page = manage_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    rows = selectors.requests_for_meeting(page.viewer, meeting)
    context = page.context(
        "home",
        meeting=meeting,
        rows=rows,
        pro_forma=selectors.current_pro_forma(meeting.body),
        default_deadline=selectors.default_deadline(meeting),
        now=timezone.now(),
        breadcrumbs=crumbs(page, (str(meeting), _meeting_url(meeting)), ("Sub-group reports", "")),
    )
    return render(request, "reports/meeting.html", context)


@login_first
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    """Ask a sub-group lead for the report of one item; the e-mail goes when saved."""
    page = manage_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        items=selectors.items_for_reports(meeting),
        people=selectors.people_of(page.partnership),
        bodies=selectors.sub_groups_of(page.partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.report_request_create(
                actor=request.user,
                item=data["item"],
                author=data["author"],
                reporting_body=data["reporting_body"],
                title=data["title"],
                deadline_on=data["deadline"],
                base_url=site_root(request),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{made.author.display_name} has been e-mailed a link to the report."
            )
            return redirect(_reports_url(meeting))
    context = page.context(
        "home",
        meeting=meeting,
        form=form,
        default_deadline=selectors.default_deadline(meeting),
        cancel_url=_reports_url(meeting),
        breadcrumbs=crumbs(
            page,
            (str(meeting), _meeting_url(meeting)),
            ("Sub-group reports", _reports_url(meeting)),
            ("Request a report", ""),
        ),
    )
    return render(request, "reports/request_form.html", context)


def _access_request(page: PartnershipPage, pk: int) -> ReportRequest:
    found = (
        ReportRequest.objects.visible_to(page.viewer)
        .select_related("partnership", "author", "item__meeting__body__partnership")
        .filter(partnership=page.partnership, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def _request_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    page = manage_page(request, slug)
    report_request = _access_request(page, pk)
    name = report_request.author.display_name
    try:
        if action == "revoke":
            services.report_request_revoke(actor=request.user, report_request=report_request)
            messages.success(request, f"The link sent to {name} no longer works.")
        else:
            services.report_request_send(
                actor=request.user, report_request=report_request, base_url=site_root(request)
            )
            verb = "reminded" if action == "remind" else "e-mailed a link"
            messages.success(request, f"{name} has been {verb}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_reports_url(report_request.item.meeting))


@login_first
@require_POST
def request_send(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail the author their link (a request saved without sending)."""
    return _request_action(request, slug, pk, "send")


@login_first
@require_POST
def request_remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """E-mail the author their link again, as a reminder."""
    return _request_action(request, slug, pk, "remind")


@login_first
@require_POST
def request_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Withdraw the request: its link stops working at once."""
    return _request_action(request, slug, pk, "revoke")


@login_first
@require_http_methods(["GET", "POST"])
def pro_forma_edit(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """The sections of the pro-forma the body's reports are written on."""
    page = manage_page(request, slug)
    the_body = get_object_or_404(Body, partnership=page.partnership, slug=body)
    current = selectors.current_pro_forma(the_body)
    form = ProFormaForm(
        request.POST if request.method == "POST" else None,
        initial_sections=selectors.section_specs(current) if current else (),
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.pro_forma_set(
                actor=request.user, body=the_body, sections=form.sections()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"Version {made.version} of the pro-forma is now in use.")
            return redirect(reverse("reports:pro_forma", args=[slug, body]))
    context = page.context(
        "bodies",
        body=the_body,
        current=current,
        form=form,
        breadcrumbs=crumbs(
            page,
            (the_body.name, reverse("partnerships:body", args=[slug, body])),
            ("Report pro-forma", ""),
        ),
    )
    return render(request, "reports/pro_forma.html", context)


# --- Authors --------------------------------------------------------------------------------


def _report_page(
    request: HttpRequest,
    page: PartnershipPage,
    report_request: ReportRequest,
    *,
    actor,
    done_url: str,
    template_extra: dict,
) -> HttpResponse:
    meeting = report_request.item.meeting
    pro_forma = selectors.current_pro_forma(meeting.body)
    if pro_forma is None:
        raise Http404("Not found.")
    form = ReportForm(request.POST if request.method == "POST" else None, pro_forma=pro_forma)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                actor=actor, report_request=report_request, answers=form.answers()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return redirect(done_url)
    now = timezone.now()
    latest = report_request.reports.order_by("-submitted_at", "-id").first()
    context = page.context(
        "",
        report_request=report_request,
        meeting=meeting,
        form=form,
        past_deadline=now > report_request.deadline,
        latest=latest,
        **template_extra,
    )
    return render(request, "reports/write.html", context)


def _author_page(request: HttpRequest, slug: str) -> PartnershipPage:
    """Authors' pages: the secretariat, or someone who is a person of the partnership (their
    own requests only, by `visible_to`); anyone else signed in is refused."""
    page = partnership_page(request, slug)
    if (
        not page.viewer.can_manage
        and not Person.objects.filter(
            partnership=page.partnership, user_id=request.user.pk
        ).exists()
    ):
        raise PermissionDenied("Only the report's author can do that.")
    return page


@login_first
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The signed-in author's form (the secretariat may also fill it in for them)."""
    page = _author_page(request, slug)
    report_request = _access_request(page, pk)
    if report_request.revoked_at is not None:
        raise Http404("Not found.")
    return _report_page(
        request,
        page,
        report_request,
        actor=request.user,
        done_url=reverse("reports:done", args=[slug, pk]),
        template_extra={"signed_in": True},
    )


@login_first
@require_GET
def done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = _author_page(request, slug)
    report_request = _access_request(page, pk)
    return _done_page(request, page, report_request)


def _done_page(
    request: HttpRequest, page: PartnershipPage, report_request: ReportRequest
) -> HttpResponse:
    latest = report_request.reports.select_related("paper").order_by("-submitted_at").first()
    if latest is None:
        raise Http404("Not found.")
    meeting = report_request.item.meeting
    context = page.context(
        "",
        report_request=report_request,
        meeting=meeting,
        latest=latest,
        meeting_url=_meeting_url(meeting),
    )
    return render(request, "reports/done.html", context)


def _private(response: HttpResponse) -> HttpResponse:
    """The address carries the token: never send it to another site; index nothing."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_page(request: HttpRequest, report_request: ReportRequest) -> PartnershipPage:
    partnership = report_request.partnership
    return PartnershipPage(partnership=partnership, viewer=viewer_for(request.user, partnership))


def _refused(request: HttpRequest, error: LinkError) -> HttpResponse:
    security_log.info("report link refused: %s", type(error).__name__)
    if error.report_request is not None:
        context = _link_page(request, error.report_request).context("", error=error)
    else:
        context = {"error": error, "partnership": None}
    return _private(render(request, "reports/link_refused.html", context, status=error.status))


@never_cache
@require_http_methods(["GET", "POST"])
def link_submit(request: HttpRequest, report_token: str) -> HttpResponse:
    """The author's form from the e-mailed link: the token is the only key."""
    try:
        report_request = read_token(report_token)
    except LinkError as error:
        return _refused(request, error)
    try:
        response = _report_page(
            request,
            _link_page(request, report_request),
            report_request,
            actor=LinkActor(report_request.author),
            done_url=reverse("report_links:done", args=[report_token]),
            template_extra={"signed_in": False},
        )
    except PermissionDenied:
        raise Http404("Not found.") from None
    return _private(response)


@never_cache
@require_GET
def link_done(request: HttpRequest, report_token: str) -> HttpResponse:
    try:
        report_request = read_token(report_token)
    except LinkError as error:
        return _refused(request, error)
    response = _done_page(request, _link_page(request, report_request), report_request)
    return _private(response)
