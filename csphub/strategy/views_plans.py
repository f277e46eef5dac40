"""Delivery-plan pages: the partnership's plans, one plan in the sub-groups' layout with its
downloads, and the secretariat's forms (plan, objectives, actions, update requests).

Reads go through `plan_selectors` (plans and actions the viewer may see), writes through
`services.delivery_plans`. Plans are members' business: visitors who are not signed in are
asked to sign in, and a plan the viewer may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.actions.links import link_days
from csphub.core.forms import attempt
from csphub.core.site_url import site_root
from csphub.documents import registry
from csphub.documents.responses import registered_response
from csphub.partnerships.pages import PartnershipPage, crumbs, form_page, manage_page
from csphub.partnerships.pages import partnership_page as _partnership_page

from . import plan_documents, plan_rules, plan_selectors
from .models import DeliveryPlan
from .plan_forms import ObjectiveForm, PlanActionForm, PlanForm, RequestUpdatesForm
from .services import delivery_plans as services


def _members_page(request: HttpRequest, slug: str) -> PartnershipPage:
    """Members and the secretariat only; 403 for a signed-in outsider."""
    page = _partnership_page(request, slug)
    if not page.viewer.is_member:
        raise PermissionDenied("Delivery plans are for the partnership's members.")
    return page


def _list_url(page: PartnershipPage) -> str:
    return reverse("strategy:delivery_plans", args=[page.partnership.slug])


def plan_url(plan: DeliveryPlan) -> str:
    return reverse(
        "strategy:delivery_plan", args=[plan.partnership.slug, plan.body.slug, plan.year]
    )


def _plan_crumbs(page: PartnershipPage, plan: DeliveryPlan, *more: tuple[str, str]) -> list:
    return crumbs(
        page,
        ("Delivery plans", _list_url(page)),
        (f"{plan.body.name} {plan_rules.year_label(plan.year)}", plan_url(plan) if more else ""),
        *more,
    )


@login_first
@require_GET
def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    page = _members_page(request, slug)
    context = page.context(
        "delivery_plans",
        groups=plan_selectors.plans_by_body(page.viewer, page.partnership),
        breadcrumbs=crumbs(page, ("Delivery plans", "")),
        year_label=plan_rules.year_label,
    )
    return render(request, "strategy/plans/list.html", context)


@login_first
@require_GET
def plan_detail(request: HttpRequest, slug: str, body: str, year: int) -> HttpResponse:
    page = _members_page(request, slug)
    plan = plan_selectors.access_plan(page.viewer, page.partnership, body, year)
    view = plan_selectors.plan_view(plan, page.viewer)
    context = page.context(
        "delivery_plans",
        view=view,
        plan=plan,
        breadcrumbs=_plan_crumbs(page, plan),
        downloads=[
            ("pdf", "PDF (A4 landscape)"),
            ("docx", "Word (DOCX)"),
            ("xlsx", "Spreadsheet (XLSX)"),
        ],
    )
    return render(request, "strategy/plans/detail.html", context)


@login_first
@require_GET
def plan_download(request: HttpRequest, slug: str, body: str, year: int, fmt: str) -> HttpResponse:
    """The plan as PDF, DOCX, HTML or XLSX, built for this viewer (restricted actions only
    for cleared readers), with the headers every document download has."""
    page = _members_page(request, slug)
    entry = registry.get(plan_documents.NAME)
    if fmt not in entry.formats:
        raise Http404("No such format.")
    plan = plan_selectors.access_plan(page.viewer, page.partnership, body, year)
    subject = plan_documents.PlanSubject(plan=plan, viewer=page.viewer)
    return registered_response(entry, subject, fmt, paper=plan_documents.PAPER)


# --- the secretariat's forms -----------------------------------------------------------------


@login_first
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = PlanForm(request.POST or None, partnership=page.partnership)
    return form_page(
        request,
        page,
        form=form,
        write=lambda d: services.delivery_plan_create(actor=request.user, **d),
        success="Delivery plan created. Add its objectives and actions.",
        next_url=plan_url,
        cancel_url=_list_url(page),
        title="Create a delivery plan",
        active="delivery_plans",
        breadcrumbs=crumbs(page, ("Delivery plans", _list_url(page))),
    )


def _managed_plan(request: HttpRequest, slug: str, body: str, year: int):
    page = manage_page(request, slug)
    return page, plan_selectors.access_plan(page.viewer, page.partnership, body, year)


@login_first
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, slug: str, body: str, year: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    form = PlanForm(
        request.POST or None,
        partnership=page.partnership,
        with_body=False,
        initial={"title": plan.title, "status": plan.status, "key_targets": plan.key_targets},
    )
    return form_page(
        request,
        page,
        form=form,
        write=lambda d: services.delivery_plan_edit(actor=request.user, plan=plan, data=d),
        success="Plan saved.",
        next_url=plan_url(plan),
        title="Change the plan",
        caption=plan.title,
        active="delivery_plans",
        breadcrumbs=_plan_crumbs(page, plan, ("Change", "")),
    )


@login_first
@require_http_methods(["GET", "POST"])
def objective_new(request: HttpRequest, slug: str, body: str, year: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    form = ObjectiveForm(request.POST or None, partnership=page.partnership)
    return form_page(
        request,
        page,
        form=form,
        write=lambda d: services.plan_objective_add(actor=request.user, plan=plan, **d),
        success="Objective added.",
        next_url=plan_url(plan),
        title="Add an objective",
        caption=plan.title,
        active="delivery_plans",
        breadcrumbs=_plan_crumbs(page, plan, ("Add an objective", "")),
    )


@login_first
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, slug: str, body: str, year: int, pk: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    objective = plan_selectors.access_objective(plan, pk)
    form = ObjectiveForm(
        request.POST or None,
        partnership=page.partnership,
        initial={"title": objective.title, "priority": objective.priority_id},
    )
    return form_page(
        request,
        page,
        form=form,
        write=lambda d: services.plan_objective_edit(
            actor=request.user, objective=objective, data=d
        ),
        success="Objective saved.",
        next_url=plan_url(plan),
        title="Change the objective",
        caption=plan.title,
        active="delivery_plans",
        breadcrumbs=_plan_crumbs(page, plan, ("Change an objective", "")),
    )


def _offset(request: HttpRequest) -> int:
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        raise Http404("Say up or down.")
    return -1 if direction == "up" else 1


@login_first
@require_POST
def objective_move(request: HttpRequest, slug: str, body: str, year: int, pk: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    objective = plan_selectors.access_objective(plan, pk)
    services.plan_objective_move(actor=request.user, objective=objective, offset=_offset(request))
    return redirect(plan_url(plan) + f"#objective-{objective.pk}")


@login_first
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, slug: str, body: str, year: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    if not plan.objectives.exists():
        messages.info(request, "Add an objective first: every action serves one.")
        return redirect(reverse("strategy:delivery_plan_objective_new", args=[slug, body, year]))
    initial = {}
    if request.GET.get("objective", "").isdigit():
        initial["objective"] = int(request.GET["objective"])
    form = PlanActionForm(request.POST or None, plan=plan, initial=initial)

    def write(d: dict):
        d = dict(d)
        d.pop("people", None)
        d.pop("organisations", None)
        return services.plan_action_add(actor=request.user, **d)

    return form_page(
        request,
        page,
        form=form,
        write=write,
        success="Action added to the plan.",
        next_url=lambda pa: plan_url(plan) + f"#plan-action-{pa.pk}",
        cancel_url=plan_url(plan),
        title="Add an action",
        caption=plan.title,
        active="delivery_plans",
        breadcrumbs=_plan_crumbs(page, plan, ("Add an action", "")),
    )


@login_first
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, body: str, year: int, pk: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    plan_action = plan_selectors.access_plan_action(page.viewer, plan, pk)
    action = plan_action.action
    owners = list(action.owners.all())
    form = PlanActionForm(
        request.POST or None,
        plan=plan,
        editing=True,
        initial={
            "objective": plan_action.objective_id,
            "description": action.description,
            "outcome": plan_action.outcome,
            "people": [o.person_id for o in owners if o.person_id],
            "organisations": [o.organisation_id for o in owners if o.organisation_id],
            "lead_note": plan_action.lead_note,
            "due_date": action.due_date,
            "due_note": plan_action.due_note,
            "rag": action.rag,
            "reference": action.reference,
        },
    )

    def write(d: dict):
        d = dict(d)
        d.pop("people", None)
        d.pop("organisations", None)
        return services.plan_action_edit(actor=request.user, plan_action=plan_action, data=d)

    return form_page(
        request,
        page,
        form=form,
        write=write,
        success="Action saved.",
        next_url=plan_url(plan) + f"#plan-action-{plan_action.pk}",
        title="Change the action",
        caption=plan.title,
        intro="Its status and progress updates are on the action’s own page.",
        active="delivery_plans",
        breadcrumbs=_plan_crumbs(page, plan, ("Change an action", "")),
    )


@login_first
@require_POST
def action_move(request: HttpRequest, slug: str, body: str, year: int, pk: int) -> HttpResponse:
    page, plan = _managed_plan(request, slug, body, year)
    plan_action = plan_selectors.access_plan_action(page.viewer, plan, pk)
    services.plan_action_move(actor=request.user, plan_action=plan_action, offset=_offset(request))
    return redirect(plan_url(plan) + f"#plan-action-{plan_action.pk}")


@login_first
@require_http_methods(["GET", "POST"])
def request_updates(request: HttpRequest, slug: str, body: str, year: int) -> HttpResponse:
    """GET: choose the quarter and reply-by date, and see who would be e-mailed.
    POST: send one e-mail per lead, then show what was sent and what was not."""
    page, plan = _managed_plan(request, slug, body, year)
    form = RequestUpdatesForm(request.POST or request.GET or None)
    preview = None
    if form.is_bound and form.is_valid():
        quarter = int(form.cleaned_data["quarter"])
        reply_by = form.cleaned_data["reply_by"]
        if request.method == "POST":
            result: dict = {}

            def send():
                result["report"] = services.plan_updates_request(
                    actor=request.user,
                    plan=plan,
                    quarter=quarter,
                    reply_by=reply_by,
                    base_url=site_root(request),
                )

            if attempt(form, send):
                report = result["report"]
                context = page.context(
                    "delivery_plans",
                    plan=plan,
                    report=report,
                    sent_recipients=[s.recipient for s in report.sent],
                    breadcrumbs=_plan_crumbs(page, plan, ("Updates requested", "")),
                )
                return render(request, "strategy/plans/requests_sent.html", context)
        else:
            preview = services.quarterly_requests_plan(plan, quarter, reply_by)
    context = page.context(
        "delivery_plans",
        plan=plan,
        form=form,
        preview=preview,
        link_days=link_days(),
        breadcrumbs=_plan_crumbs(page, plan, ("Request updates", "")),
    )
    return render(request, "strategy/plans/request_updates.html", context)
