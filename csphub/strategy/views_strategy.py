"""Strategy pages: the partnership's strategies (every version readable), a strategy, a
priority; and the secretariat's forms. Views stay thin: reads in `queries`, each POST calls
one service, a refusal comes back into the form with the GOV.UK error summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.partnerships.models import Body
from csphub.partnerships.pages import (
    PartnershipPage,
    crumbs,
    form_page,
    manage_page,
    partnership_page,
    posted,
)

from . import queries
from .forms import (
    CommitmentForm,
    IndicatorsForm,
    PriorityForm,
    StrategyForm,
    SupportingDocumentForm,
    SurveyResultForm,
)
from .models import Commitment, Priority, Strategy, SupportingDocument, SurveyResult
from .services import strategies as services

ACTIVE = "strategy"


def _version(request: HttpRequest) -> int | None:
    value = request.GET.get("version", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("No such version.")
    return int(value)


def strategy_url(strategy: Strategy, current: bool | None = None) -> str:
    """The address of a strategy version: the plain period for the current one."""
    url = reverse("strategy:strategy", args=[strategy.partnership.slug, strategy.period])
    if current is None:
        current = strategy.status == Strategy.Status.CURRENT
    return url if current else f"{url}?version={strategy.version}"


def version_query(strategy: Strategy) -> str:
    return "" if strategy.status == Strategy.Status.CURRENT else f"?version={strategy.version}"


def priority_url(priority: Priority, name: str = "strategy:priority") -> str:
    strategy = priority.strategy
    url = reverse(name, args=[strategy.partnership.slug, strategy.period, priority.number])
    return url + version_query(strategy)


def _list_url(page: PartnershipPage) -> str:
    return reverse("strategy:list", args=[page.partnership.slug])


def _crumbs(page: PartnershipPage, *trail: tuple[str, str]) -> list[dict[str, str]]:
    return crumbs(page, ("Strategy", _list_url(page)), *trail)


def found_strategy(request: HttpRequest, page: PartnershipPage, period: str) -> Strategy:
    strategy = queries.strategy_find(page.viewer, page.partnership, period, _version(request))
    if strategy is None:
        raise Http404("No such strategy.")
    return strategy


@require_GET
def strategy_list(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    rows = [
        {"strategy": s, "url": strategy_url(s)}
        for s in queries.strategies_visible(page.viewer, page.partnership)
    ]
    return render(
        request,
        "strategy/strategy_list.html",
        page.context(
            ACTIVE,
            rows=rows,
            new_url=reverse("strategy:strategy_new", args=[slug]),
            breadcrumbs=crumbs(page, ("Strategy", "")),
            # The forward plans (issue 12 part 4) are members' business: links for them only.
            forward_bodies=(
                list(Body.objects.filter(partnership=page.partnership).order_by("name"))
                if page.viewer.is_member
                else []
            ),
        ),
    )


@require_GET
def strategy_detail(request: HttpRequest, slug: str, period: str) -> HttpResponse:
    page = partnership_page(request, slug)
    strategy = found_strategy(request, page, period)
    view = queries.strategy_view(page.viewer, strategy)
    priorities = [
        {
            "view": p,
            "url": priority_url(p.priority),
            "progress_url": priority_url(p.priority, "strategy:progress"),
            "manage": _priority_manage(p.priority) if page.viewer.can_manage else None,
        }
        for p in view.priorities
    ]
    return render(
        request,
        "strategy/strategy_detail.html",
        page.context(
            ACTIVE,
            view=view,
            strategy=strategy,
            priorities=priorities,
            versions=[{"strategy": s, "url": strategy_url(s)} for s in view.versions],
            removable=page.viewer.can_manage and strategy.status != Strategy.Status.SUPERSEDED,
            manage=_strategy_manage(strategy) if page.viewer.can_manage else None,
            breadcrumbs=_crumbs(page, (strategy.title, "")),
        ),
    )


def _strategy_manage(strategy: Strategy) -> dict[str, str]:
    slug, pk = strategy.partnership.slug, strategy.pk
    return {
        name: reverse(f"strategy:{name}", args=[slug, pk])
        for name in (
            "strategy_edit",
            "strategy_make_current",
            "strategy_refresh",
            "priority_new",
            "supporting_new",
            "survey_new",
        )
    }


def _priority_manage(priority: Priority) -> dict[str, str]:
    slug, pk = priority.strategy.partnership.slug, priority.pk
    return {
        name: reverse(f"strategy:{name}", args=[slug, pk])
        for name in (
            "priority_edit",
            "priority_move",
            "priority_indicators",
            "commitment_new",
            "progress_attach",
        )
    }


@require_GET
def priority_detail(request: HttpRequest, slug: str, period: str, number: int) -> HttpResponse:
    page = partnership_page(request, slug)
    strategy = found_strategy(request, page, period)
    found = queries.priority_view(strategy, number)
    if found is None:
        raise Http404("No such priority.")
    view, figures = found
    priority = view.priority
    manage = None
    if page.viewer.can_manage:
        manage = _priority_manage(priority)
        manage["commitments"] = [  # type: ignore[assignment]
            {
                "commitment": c,
                "edit": reverse("strategy:commitment_edit", args=[slug, c.pk]),
                "move": reverse("strategy:commitment_move", args=[slug, c.pk]),
                "delete": reverse("strategy:commitment_delete", args=[slug, c.pk]),
            }
            for c in view.commitments
        ]
    return render(
        request,
        "strategy/priority_detail.html",
        page.context(
            ACTIVE,
            view=view,
            strategy=strategy,
            priority=priority,
            figures=figures,
            progress_url=priority_url(priority, "strategy:progress"),
            manage=manage,
            breadcrumbs=_crumbs(
                page,
                (strategy.title, strategy_url(strategy)),
                (f"Priority {priority.number}", ""),
            ),
        ),
    )


# --- the secretariat's forms -----------------------------------------------------------------


def _strategy(page: PartnershipPage, pk: int) -> Strategy:
    return get_object_or_404(Strategy, pk=pk, partnership=page.partnership)


def _priority(page: PartnershipPage, pk: int) -> Priority:
    return get_object_or_404(
        Priority.objects.select_related("strategy__partnership"),
        pk=pk,
        strategy__partnership=page.partnership,
    )


def _commitment(page: PartnershipPage, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("priority__strategy__partnership"),
        pk=pk,
        priority__strategy__partnership=page.partnership,
    )


@login_first
@require_http_methods(["GET", "POST"])
def strategy_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    return form_page(
        request,
        page,
        form=StrategyForm(posted(request)),
        write=lambda d: services.strategy_create(
            actor=request.user, partnership=page.partnership, **d
        ),
        success=lambda s: f"Added “{s.title}” as a draft.",
        next_url=lambda s: strategy_url(s),
        cancel_url=_list_url(page),
        title="Add a strategy",
        active=ACTIVE,
        breadcrumbs=_crumbs(page),
        intro="It starts as a draft that only the secretariat sees; make it current to publish it.",
    )


@login_first
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    strategy = _strategy(page, pk)
    initial = {f: getattr(strategy, f) for f in services.STRATEGY_FIELDS}
    return form_page(
        request,
        page,
        form=StrategyForm(posted(request), initial=initial, editing=True),
        write=lambda d: services.strategy_update(actor=request.user, strategy=strategy, data=d),
        success="Saved the strategy.",
        next_url=strategy_url(strategy),
        title="Edit the strategy",
        caption=str(strategy),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (strategy.title, strategy_url(strategy))),
    )


def _confirm(
    request: HttpRequest,
    page: PartnershipPage,
    *,
    title: str,
    text: str,
    button: str,
    back: str,
    trail: list[tuple[str, str]],
) -> HttpResponse:
    return render(
        request,
        "strategy/confirm.html",
        page.context(
            ACTIVE,
            title=title,
            text=text,
            button=button,
            cancel_url=back,
            errors=[],
            breadcrumbs=[*_crumbs(page, *trail), {"text": title, "href": ""}],
        ),
    )


@login_first
@require_http_methods(["GET", "POST"])
def strategy_make_current(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    strategy = _strategy(page, pk)
    back = strategy_url(strategy)
    if request.method == "POST":
        try:
            services.strategy_make_current(actor=request.user, strategy=strategy)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, f"“{strategy.title}” version {strategy.version} is current.")
        return redirect(strategy_url(strategy, current=True))
    return _confirm(
        request,
        page,
        title="Make this version current",
        text=(
            f"Version {strategy.version} of “{strategy.title}” will be published as the "
            "partnership’s strategy. The strategy that is current now becomes superseded; it "
            "stays readable as it is."
        ),
        button="Make current",
        back=back,
        trail=[(strategy.title, back)],
    )


@login_first
@require_http_methods(["GET", "POST"])
def strategy_refresh(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    strategy = _strategy(page, pk)
    back = strategy_url(strategy)
    if request.method == "POST":
        try:
            new = services.strategy_refresh(actor=request.user, strategy=strategy)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, f"Version {new.version} is a draft copy of this strategy.")
        return redirect(strategy_url(new))
    return _confirm(
        request,
        page,
        title="Refresh the strategy",
        text=(
            f"A new draft, version {strategy.version + 1}, is made with this version’s "
            "priorities, commitments, indicators, supporting strategies and survey results. "
            "This version stays as it is until the new one is made current."
        ),
        button="Make a new version",
        back=back,
        trail=[(strategy.title, back)],
    )


@login_first
@require_http_methods(["GET", "POST"])
def priority_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    strategy = _strategy(page, pk)
    return form_page(
        request,
        page,
        form=PriorityForm(posted(request), partnership=page.partnership),
        write=lambda d: services.priority_add(actor=request.user, strategy=strategy, **d),
        success=lambda p: f"Added priority {p.number}.",
        next_url=lambda p: priority_url(p),
        cancel_url=strategy_url(strategy),
        title="Add a priority",
        caption=str(strategy),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (strategy.title, strategy_url(strategy))),
    )


@login_first
@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    priority = _priority(page, pk)
    initial = {f: getattr(priority, f) for f in services.PRIORITY_FIELDS}
    return form_page(
        request,
        page,
        form=PriorityForm(posted(request), partnership=page.partnership, initial=initial),
        write=lambda d: services.priority_update(actor=request.user, priority=priority, data=d),
        success="Saved the priority.",
        next_url=priority_url(priority),
        title="Edit the priority",
        caption=str(priority),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (priority.strategy.title, strategy_url(priority.strategy))),
    )


@login_first
@require_http_methods(["GET", "POST"])
def priority_indicators(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    priority = _priority(page, pk)
    initial = {"indicators": list(priority.indicators.all())}
    return form_page(
        request,
        page,
        form=IndicatorsForm(posted(request), partnership=page.partnership, initial=initial),
        write=lambda d: services.priority_indicators_set(
            actor=request.user, priority=priority, indicators=d["indicators"]
        ),
        success="Saved the priority’s indicators.",
        next_url=priority_url(priority),
        title="Indicators that show progress",
        caption=str(priority),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (priority.strategy.title, strategy_url(priority.strategy))),
    )


@login_first
@require_POST
def priority_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    priority = _priority(page, pk)
    try:
        services.priority_move(
            actor=request.user, priority=priority, up=request.POST.get("to") == "up"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(strategy_url(priority.strategy))


@login_first
@require_http_methods(["GET", "POST"])
def commitment_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    priority = _priority(page, pk)
    return form_page(
        request,
        page,
        form=CommitmentForm(posted(request)),
        write=lambda d: services.commitment_add(actor=request.user, priority=priority, **d),
        success="Added the commitment.",
        next_url=priority_url(priority),
        title="Add a commitment",
        caption=str(priority),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (priority.strategy.title, strategy_url(priority.strategy))),
    )


@login_first
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    commitment = _commitment(page, pk)
    priority = commitment.priority
    return form_page(
        request,
        page,
        form=CommitmentForm(posted(request), initial={"text": commitment.text}),
        write=lambda d: services.commitment_update(actor=request.user, commitment=commitment, **d),
        success="Saved the commitment.",
        next_url=priority_url(priority),
        title="Edit the commitment",
        caption=str(priority),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (priority.strategy.title, strategy_url(priority.strategy))),
    )


@login_first
@require_POST
def commitment_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    commitment = _commitment(page, pk)
    try:
        services.commitment_move(
            actor=request.user, commitment=commitment, up=request.POST.get("to") == "up"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(priority_url(commitment.priority))


@login_first
@require_POST
def commitment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    commitment = _commitment(page, pk)
    back = priority_url(commitment.priority)
    try:
        services.commitment_delete(actor=request.user, commitment=commitment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Removed the commitment.")
    return redirect(back)


@login_first
@require_http_methods(["GET", "POST"])
def supporting_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    strategy = _strategy(page, pk)
    return form_page(
        request,
        page,
        form=SupportingDocumentForm(posted(request)),
        write=lambda d: services.supporting_document_add(
            actor=request.user, strategy=strategy, **d
        ),
        success="Added the supporting strategy or plan.",
        next_url=strategy_url(strategy) + "#supporting",
        title="Add a supporting strategy or plan",
        caption=str(strategy),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (strategy.title, strategy_url(strategy))),
    )


@login_first
@require_POST
def supporting_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    document = get_object_or_404(SupportingDocument, pk=pk, strategy__partnership=page.partnership)
    try:
        services.supporting_document_delete(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(strategy_url(document.strategy) + "#supporting")


@login_first
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    strategy = _strategy(page, pk)
    return form_page(
        request,
        page,
        form=SurveyResultForm(posted(request)),
        write=lambda d: services.survey_result_add(actor=request.user, strategy=strategy, **d),
        success="Added the survey result.",
        next_url=strategy_url(strategy) + "#survey",
        title="Add a resident-survey result",
        caption=str(strategy),
        active=ACTIVE,
        breadcrumbs=_crumbs(page, (strategy.title, strategy_url(strategy))),
    )


@login_first
@require_POST
def survey_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    result = get_object_or_404(SurveyResult, pk=pk, strategy__partnership=page.partnership)
    try:
        services.survey_result_delete(actor=request.user, result=result)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(strategy_url(result.strategy) + "#survey")
