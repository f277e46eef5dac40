"""Progress against the strategy: a priority's report as a page, its PDF, DOCX and HTML
downloads (the registered document), and filing it as the paper of an agenda item."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from csphub.accounts.decorators import login_first
from csphub.documents import registry
from csphub.documents.render_html import render_html
from csphub.documents.responses import registered_response
from csphub.meetings.models import AgendaItem
from csphub.partnerships.pages import crumbs, form_page, manage_page, partnership_page, posted
from csphub.performance.pack_papers import attachable_items

from .forms import AttachForm
from .models import Priority
from .progress import NAME, ProgressSubject, build_document, progress_for
from .services.progress import progress_report_attach
from .views_strategy import (
    ACTIVE,
    _priority,
    found_strategy,
    priority_url,
    strategy_url,
    version_query,
)

FORMATS = ("pdf", "docx", "html")


def _found(request: HttpRequest, slug: str, period: str, number: int):
    page = partnership_page(request, slug)
    strategy = found_strategy(request, page, period)
    priority = (
        strategy.priorities.select_related("lead_body", "strategy__partnership")
        .filter(number=number)
        .first()
    )
    if priority is None:
        raise Http404("No such priority.")
    return page, strategy, priority


@require_GET
def progress_page(request: HttpRequest, slug: str, period: str, number: int) -> HttpResponse:
    page, strategy, priority = _found(request, slug, period, number)
    report = progress_for(priority, page.viewer)
    fragment = mark_safe(render_html(build_document(report), standalone=False))  # noqa: S308
    downloads = [
        (
            label,
            reverse("strategy:progress_download", args=[slug, period, number, fmt])
            + version_query(strategy),
        )
        for fmt, label in (("pdf", "PDF"), ("docx", "Word (DOCX)"), ("html", "Web page (HTML)"))
    ]
    return render(
        request,
        "strategy/progress.html",
        page.context(
            ACTIVE,
            report=report,
            fragment=fragment,
            downloads=downloads,
            attach_url=reverse("strategy:progress_attach", args=[slug, priority.pk])
            if page.viewer.can_manage
            else "",
            breadcrumbs=crumbs(
                page,
                ("Strategy", reverse("strategy:list", args=[slug])),
                (strategy.title, strategy_url(strategy)),
                (f"Priority {priority.number}", priority_url(priority)),
                ("Progress", ""),
            ),
        ),
    )


@require_GET
def progress_download(
    request: HttpRequest, slug: str, period: str, number: int, fmt: str
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Not found.")
    page, _strategy, priority = _found(request, slug, period, number)
    return registered_response(
        registry.get(NAME), ProgressSubject(priority=priority, viewer=page.viewer), fmt
    )


def _attach(actor, priority: Priority, item: AgendaItem):
    try:
        return progress_report_attach(actor=actor, priority=priority, agenda_item=item)
    except ValidationError as exc:
        raise ValidationError({"item": exc.messages}) from None


@login_first
@require_http_methods(["GET", "POST"])
def progress_attach(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    priority = _priority(page, pk)
    back = priority_url(priority, "strategy:progress")
    return form_page(
        request,
        page,
        form=AttachForm(posted(request), items=attachable_items(page.partnership)),
        write=lambda d: _attach(request.user, priority, d["item"]),
        success=lambda paper: f"Filed “{paper.title}” as a paper of {paper.item.meeting}.",
        next_url=back,
        cancel_url=back,
        title="File the report as a paper",
        caption=str(priority),
        intro=(
            "The report is filed as a PDF paper of the agenda item, as members read it: "
            "restricted actions are left out. If it lists delivery-plan actions it is for "
            "members only (not on the website), as the plans are."
        ),
        active=ACTIVE,
        button="File the report",
        breadcrumbs=crumbs(
            page,
            ("Strategy", reverse("strategy:list", args=[slug])),
            (f"Priority {priority.number}", back),
        ),
    )
