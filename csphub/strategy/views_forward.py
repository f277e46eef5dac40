"""The forward plan page of a body (issue 12 part 4): its planned topics grouped by meeting,
then the unscheduled and the slipped, with the secretariat's buttons.

Members' business, like delivery plans: the secretariat and signed-in members read it,
visitors who are not signed in are asked to sign in (decision 0025). Reads go through
`forward_selectors`, writes through `services.forward_plan`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.core.formats import long_date
from csphub.meetings.models import Meeting, Resolution
from csphub.partnerships.models import Body
from csphub.partnerships.pages import PartnershipPage, crumbs, form_page, manage_page
from csphub.partnerships.pages import partnership_page as _partnership_page

from . import forward_selectors, quarters
from .forward_forms import ForwardItemForm
from .models import ForwardPlanItem, Strategy
from .services import forward_plan as services


def _members_page(request: HttpRequest, slug: str) -> PartnershipPage:
    page = _partnership_page(request, slug)
    if not page.viewer.is_member:
        raise PermissionDenied("The forward plan is for the partnership's members.")
    return page


def _body(page: PartnershipPage, body: str) -> Body:
    return get_object_or_404(Body, partnership=page.partnership, slug=body)


def plan_url(page: PartnershipPage, body: Body) -> str:
    return reverse("strategy:forward_plan", args=[page.partnership.slug, body.slug])


def _crumbs(page: PartnershipPage, body: Body, *more: tuple[str, str]) -> list:
    return crumbs(
        page,
        ("Strategy", reverse("strategy:list", args=[page.partnership.slug])),
        (f"Forward plan: {body.name}", plan_url(page, body) if more else ""),
        *more,
    )


@login_first
@require_GET
def forward_plan(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = _members_page(request, slug)
    the_body = _body(page, body)
    groups = forward_selectors.grouped(forward_selectors.rows(the_body))
    context = page.context(
        "strategy",
        body=the_body,
        groups=groups,
        breadcrumbs=_crumbs(page, the_body),
        strategy=Strategy.objects.filter(
            partnership=page.partnership, status=Strategy.Status.CURRENT
        ).first(),
    )
    if page.viewer.can_manage:
        context["movable"] = forward_selectors.movable_meetings(the_body)
        context["requests"] = forward_selectors.next_meeting_requests(the_body)
    return render(request, "strategy/forward_plan.html", context)


def _managed(request: HttpRequest, slug: str, body: str) -> tuple[PartnershipPage, Body]:
    page = manage_page(request, slug)
    return page, _body(page, body)


def _item(body: Body, pk: int) -> ForwardPlanItem:
    return get_object_or_404(
        ForwardPlanItem.objects.select_related("meeting", "body__partnership"), body=body, pk=pk
    )


def _run(request: HttpRequest, call, success: str) -> None:
    """One service call; its refusal is shown as an error message on the plan."""
    try:
        call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@login_first
@require_POST
def forward_sync(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page, the_body = _managed(request, slug, body)
    strategy = Strategy.objects.filter(
        partnership=page.partnership, status=Strategy.Status.CURRENT
    ).first()
    if strategy is None:
        messages.error(request, "There is no current strategy to plan from.")
        return redirect(plan_url(page, the_body))
    counts: dict = {}

    def sync() -> None:
        counts.update(
            services.forward_plan_sync(actor=request.user, body=the_body, strategy=strategy)
        )

    _run(request, sync, "")
    if counts:
        messages.success(
            request,
            f"Planned from the strategy {strategy.period}: {counts['created']} new, "
            f"{counts['moved']} moved, {counts['unchanged']} unchanged.",
        )
    return redirect(plan_url(page, the_body))


@login_first
@require_POST
def forward_to_agenda(request: HttpRequest, slug: str, body: str, pk: int) -> HttpResponse:
    page, the_body = _managed(request, slug, body)
    item = _item(the_body, pk)
    when = long_date(item.meeting.date) if item.meeting else ""
    _run(
        request,
        lambda: services.forward_item_to_agenda(actor=request.user, item=item),
        f"“{item.title}” is on the agenda of {when}.",
    )
    return redirect(plan_url(page, the_body) + f"#item-{item.pk}")


@login_first
@require_POST
def forward_move(request: HttpRequest, slug: str, body: str, pk: int) -> HttpResponse:
    page, the_body = _managed(request, slug, body)
    item = _item(the_body, pk)
    chosen = request.POST.get("meeting", "")
    meeting = None
    if chosen:
        if not chosen.isdigit():
            raise Http404("No such meeting.")
        meeting = get_object_or_404(Meeting, body=the_body, pk=int(chosen))
    where = long_date(meeting.date) if meeting else "not yet scheduled"
    _run(
        request,
        lambda: services.forward_item_move(actor=request.user, item=item, meeting=meeting),
        f"“{item.title}” moved: {where}.",
    )
    return redirect(plan_url(page, the_body) + f"#item-{item.pk}")


@login_first
@require_POST
def forward_drop(request: HttpRequest, slug: str, body: str, pk: int) -> HttpResponse:
    page, the_body = _managed(request, slug, body)
    item = _item(the_body, pk)
    _run(
        request,
        lambda: services.forward_item_drop(actor=request.user, item=item),
        f"“{item.title}” dropped from the forward plan.",
    )
    return redirect(plan_url(page, the_body))


@login_first
@require_POST
def forward_from_resolution(request: HttpRequest, slug: str, body: str, pk: int) -> HttpResponse:
    page, the_body = _managed(request, slug, body)
    resolution = get_object_or_404(
        Resolution.objects.select_related("minute__meeting__body"),
        minute__meeting__body=the_body,
        pk=pk,
    )
    _run(
        request,
        lambda: services.forward_item_add(
            actor=request.user,
            body=the_body,
            source=ForwardPlanItem.Source.RESOLUTION,
            resolution=resolution,
        ),
        "The resolution's request is on the forward plan.",
    )
    return redirect(plan_url(page, the_body))


@login_first
@require_http_methods(["GET", "POST"])
def forward_add(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page, the_body = _managed(request, slug, body)
    meetings = (
        Meeting.objects.filter(body=the_body)
        .exclude(status__in=quarters.MEETING_PAST)
        .order_by("date")
    )
    form = ForwardItemForm(request.POST or None, meetings=meetings)
    return form_page(
        request,
        page,
        form=form,
        write=lambda d: services.forward_item_add(actor=request.user, body=the_body, **d),
        success="Added to the forward plan.",
        next_url=plan_url(page, the_body),
        title="Add a topic to the forward plan",
        caption=the_body.name,
        active="strategy",
        breadcrumbs=crumbs(
            page,
            ("Strategy", reverse("strategy:list", args=[page.partnership.slug])),
            (f"Forward plan: {the_body.name}", plan_url(page, the_body)),
        ),
        button="Add to the forward plan",
    )
