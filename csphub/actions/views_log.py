"""The action log, an owner's actions, one action's page, and the secretariat's forms.

Reads go through `selectors` (so every format shows the same, permitted, actions) and
writes through `services` (which check the role and write history and audit).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.core.forms import attempt as _attempt
from csphub.partnerships.access import access_body, access_person
from csphub.partnerships.models import Body, Person
from csphub.partnerships.pages import PartnershipPage, crumbs, manage_page, partnership_page

from . import exports, rules, selectors, services
from .access import access_action, access_action_update, access_minute_of, access_resolution_of
from .forms import (
    ActionFilterForm,
    ActionForm,
    DueForm,
    EditForm,
    ReassignForm,
    StatusForm,
    UpdateForm,
    WordingForm,
)
from .models import Action, ActionUpdate, InitialsToMatch

PER_PAGE = 50

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- the log ---------------------------------------------------------------------------------


@require_GET
def action_log(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    return _log(request, page, body=None)


@require_GET
def body_log(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = partnership_page(request, slug)
    return _log(request, page, body=access_body(partnership=page.partnership, slug=body))


def _log(request: HttpRequest, page: PartnershipPage, body: Body | None) -> HttpResponse:
    today = timezone.localdate()
    meeting = request.GET.get("meeting", "")
    choices = selectors.filter_choices(
        page.viewer, page.partnership, int(meeting) if meeting.isdigit() else None
    )
    plan = request.GET.get("layout") == "plan"
    data = request.GET.copy()
    if plan and not data.get("sort"):
        # The action plan reads in its own order (No. 1, 2, 3...); the log soonest due first.
        data["sort"] = "created"
    form = ActionFilterForm(data or None, choices=choices, with_body=body is None)
    filters = _filters(form, body)
    actions = selectors.action_log(page.viewer, page.partnership, filters, today)

    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(page, body, actions, today, fmt, plan)
    if fmt:
        raise Http404("No such format.")

    page_obj = Paginator(actions, PER_PAGE).get_page(request.GET.get("page"))
    slug = page.partnership.slug
    title, crumbs = _log_title(page, body, plan)
    new_url = reverse("actions:new", args=[slug]) + (f"?body={body.slug}" if body else "")
    context = page.context(
        "actions",
        title=title,
        body=body,
        form=form,
        plan=plan,
        show_body=body is None,
        page_obj=page_obj,
        # Built only when the list is rendered, not when the cached fragment is served
        rows=SimpleLazyObject(lambda: selectors.action_rows(page_obj, today)),
        filtered=bool(request.GET.get("q") or _has_filters(filters, body)),
        new_url=new_url,
        breadcrumbs=crumbs,
    )
    if page.viewer.can_manage:
        context["initials_to_match"] = InitialsToMatch.objects.filter(
            partnership=page.partnership, resolved_at__isnull=True
        ).count()
    return render(request, "actions/log.html", context)


def _filters(form: ActionFilterForm, body: Body | None) -> selectors.LogFilters:
    return selectors.LogFilters(
        owner=form.value_of("owner"),
        organisation=form.value_of("organisation"),
        statuses=form.value_of("status", []),
        overdue=form.value_of("overdue", False),
        meeting=form.value_of("meeting"),
        text=form.value_of("q", ""),
        body=body or form.value_of("body"),
        sort=form.value_of("sort", selectors.DEFAULT_SORT),
    )


def _log_title(page: PartnershipPage, body: Body | None, plan: bool) -> tuple[str, list[dict]]:
    """The page's title and breadcrumbs: the whole log, or one body's."""
    if body is None:
        title = "Action plan" if plan else "Actions"
        return title, crumbs(page, (title, ""))
    slug = page.partnership.slug
    title = f"{'Action plan' if plan else 'Actions'}: {body.name}"
    return title, crumbs(
        page,
        ("Bodies", reverse("partnerships:bodies", args=[slug])),
        (body.name, reverse("partnerships:body", args=[slug, body.slug])),
        ("Action plan" if plan else "Actions", ""),
    )


def _has_filters(filters: selectors.LogFilters, body: Body | None) -> bool:
    return any(
        [
            filters.owner,
            filters.organisation,
            filters.statuses,
            filters.overdue,
            filters.meeting,
            filters.text,
            filters.body is not None and body is None,
        ]
    )


def _export(page, body, actions, today, fmt: str, plan: bool) -> HttpResponse:
    rows = selectors.action_rows(actions, today)
    columns = exports.PLAN_COLUMNS if plan else exports.LOG_COLUMNS
    name = exports.safe_filename(
        page.partnership.slug,
        body.slug if body else "",
        "action-plan" if plan else "actions",
        today.isoformat(),
    )
    if fmt == "csv":
        content = exports.to_csv(rows, columns)
    else:
        content = exports.to_xlsx(rows, columns, title="Action plan" if plan else "Actions")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- an owner's actions -------------------------------------------------------------------


@require_GET
def owner(request: HttpRequest, slug: str, person: str) -> HttpResponse:
    page = partnership_page(request, slug)
    who: Person = access_person(partnership=page.partnership, slug=person)
    today = timezone.localdate()
    rows = selectors.action_rows(
        selectors.owner_open_actions(page.viewer, page.partnership, who, today), today
    )
    context = page.context(
        "actions",
        person=who,
        rows=rows,
        overdue_count=sum(1 for r in rows if r.overdue),
        log_url=reverse("actions:log", args=[slug]) + f"?owner={who.slug}",
        owns_any=selectors.owns_any(page.viewer, page.partnership, who),
        breadcrumbs=crumbs(
            page, ("Actions", reverse("actions:log", args=[slug])), (who.display_name, "")
        ),
    )
    return render(request, "actions/owner.html", context)


# --- one action ------------------------------------------------------------------------------


def _detail(request, page: PartnershipPage, action: Action, status: int = 200, **bound):
    """The action's page; `bound` carries a submitted form with errors to show again."""
    today = timezone.localdate()
    history = selectors.action_history(action)
    context = page.context(
        "actions",
        action=action,
        row=selectors.action_row(action, today),
        history=[
            {
                "entry": entry,
                "wording_form": _wording_form(entry, bound)
                if page.viewer.can_manage and entry.kind == ActionUpdate.Kind.UPDATE
                else None,
            }
            for entry in history
        ],
        breadcrumbs=crumbs(
            page,
            ("Actions", reverse("actions:log", args=[page.partnership.slug])),
            (f"Action {action.reference or action.pk}", ""),
        ),
        error_forms=list(bound.values()),
    )
    if bound:  # the page title then starts "Error:"
        context["form"] = next(iter(bound.values()))
    if page.viewer.can_manage:
        context.update(_manage_forms(page, action, bound))
        context["proposal"] = _pending_in(history, action)
    return render(request, "actions/detail.html", context, status=status)


def _pending_in(history: list[ActionUpdate], action: Action) -> ActionUpdate | None:
    """The owner's proposed status still waiting for a decision, from the history already
    read (the latest proposal through a link counts)."""
    proposals = [e for e in history if e.kind == ActionUpdate.Kind.UPDATE and e.via_link]
    proposals = [e for e in proposals if e.proposed_status]
    latest = proposals[-1] if proposals else None
    if latest is not None and rules.proposal_is_pending(
        via_link=True,
        proposed_status=latest.proposed_status,
        decision=latest.proposal_decision,
        status=action.status,
    ):
        return latest
    return None


def _wording_form(entry: ActionUpdate, bound: dict) -> WordingForm:
    form = bound.get(f"wording_{entry.pk}")
    if form is None:
        form = WordingForm(
            prefix=f"wording-{entry.pk}", initial={"published_text": entry.shown_text}
        )
    return form


def _manage_forms(page: PartnershipPage, action: Action, bound: dict) -> dict:
    """The secretariat's forms, blank or as submitted (with their errors)."""
    owners = list(action.owners.all())
    blank = {
        "update_form": lambda: UpdateForm(prefix="update"),
        "status_form": lambda: StatusForm(prefix="status", initial={"status": action.status}),
        "due_form": lambda: DueForm(
            prefix="due",
            initial={"due_date": action.due_date, "due_next_meeting": action.due_next_meeting},
        ),
        "reassign_form": lambda: ReassignForm(
            prefix="reassign",
            partnership=page.partnership,
            initial={
                "people": [o.person_id for o in owners if o.person_id],
                "organisations": [o.organisation_id for o in owners if o.organisation_id],
            },
        ),
        "edit_form": lambda: EditForm(
            prefix="edit",
            initial={
                "description": action.description,
                "reference": action.reference,
                "others": action.others,
                "rag": action.rag,
                "start_date": action.start_date,
            },
        ),
    }
    return {name: bound[name] if name in bound else make() for name, make in blank.items()}


@require_GET
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = partnership_page(request, slug)
    action = access_action(page.viewer, page.partnership, pk)
    return _detail(request, page, action)


def _managed_action(request: HttpRequest, slug: str, pk: int) -> tuple[PartnershipPage, Action]:
    page = manage_page(request, slug)
    return page, access_action(page.viewer, page.partnership, pk)


def _done(request: HttpRequest, action: Action, text: str, anchor: str = "history"):
    messages.success(request, text)
    url = reverse("actions:detail", args=[action.partnership.slug, action.pk])
    return redirect(f"{url}#{anchor}")


@login_first
@require_POST
def post_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, action = _managed_action(request, slug, pk)
    form = UpdateForm(request.POST, prefix="update")
    if form.is_valid() and _attempt(
        form,
        lambda: services.action_update_record(
            actor=request.user,
            action=action,
            text=form.cleaned_data["text"],
            proposed_status=form.cleaned_data["status"],
        ),
    ):
        return _done(request, action, "Update added.")
    return _detail(request, page, action, status=400, update_form=form)


@login_first
@require_POST
def set_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, action = _managed_action(request, slug, pk)
    form = StatusForm(request.POST, prefix="status")
    if form.is_valid() and _attempt(
        form,
        lambda: services.action_set_status(
            actor=request.user,
            action=action,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        ),
    ):
        return _done(request, action, f"Status: {action.get_status_display()}.")
    return _detail(request, page, action, status=400, status_form=form)


@login_first
@require_POST
def set_due(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, action = _managed_action(request, slug, pk)
    form = DueForm(request.POST, prefix="due")
    if form.is_valid() and _attempt(
        form,
        lambda: services.action_set_due(
            actor=request.user,
            action=action,
            due_date=form.cleaned_data["due_date"],
            due_next_meeting=form.cleaned_data["due_next_meeting"],
            note=form.cleaned_data["note"],
        ),
    ):
        return _done(request, action, "Due date changed.")
    return _detail(request, page, action, status=400, due_form=form)


@login_first
@require_POST
def reassign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, action = _managed_action(request, slug, pk)
    form = ReassignForm(request.POST, prefix="reassign", partnership=page.partnership)
    if form.is_valid() and _attempt(
        form,
        lambda: services.action_reassign(
            actor=request.user,
            action=action,
            owners=form.cleaned_data["owners"],
            note=form.cleaned_data["note"],
        ),
    ):
        return _done(request, action, "Action reassigned.")
    return _detail(request, page, action, status=400, reassign_form=form)


@login_first
@require_POST
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, action = _managed_action(request, slug, pk)
    form = EditForm(request.POST, prefix="edit")
    if form.is_valid() and _attempt(
        form,
        lambda: services.action_edit(actor=request.user, action=action, data=form.cleaned_data),
    ):
        return _done(request, action, "Action details saved.", anchor="main-content")
    return _detail(request, page, action, status=400, edit_form=form)


@login_first
@require_POST
def update_wording(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit the published wording of one update (`pk` is the update's)."""
    page = manage_page(request, slug)
    entry = access_action_update(page.viewer, page.partnership, pk)
    action = access_action(page.viewer, page.partnership, entry.action_id)
    form = WordingForm(request.POST, prefix=f"wording-{entry.pk}")
    if form.is_valid() and _attempt(
        form,
        lambda: services.action_update_publish_wording(
            actor=request.user, update=entry, published_text=form.cleaned_data["published_text"]
        ),
    ):
        return _done(request, action, "Published wording saved.", anchor=f"update-{entry.pk}")
    return _detail(request, page, action, status=400, **{f"wording_{entry.pk}": form})


# --- a new action ----------------------------------------------------------------------------


def _pk(value: str) -> int:
    if not value.isdigit():
        raise Http404("Not found.")
    return int(value)


@login_first
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an action by hand, or from a minute (`?minute=`) or resolution (`?resolution=`)."""
    page = manage_page(request, slug)
    minute, resolution = _raised_from(request, page)
    form = ActionForm(
        request.POST or None,
        partnership=page.partnership,
        fixed_body=minute is not None,
        initial=_new_initial(request, page, minute, resolution),
    )
    if request.method == "POST" and form.is_valid():
        created: dict = {}

        def call():
            created["action"] = _create(request, form.cleaned_data, minute, resolution)

        if _attempt(form, call):
            messages.success(request, "Action added.")
            return redirect("actions:detail", slug, created["action"].pk)
    return render(
        request,
        "actions/new.html",
        page.context(
            "actions",
            form=form,
            minute=minute,
            resolution=resolution,
            breadcrumbs=crumbs(
                page, ("Actions", reverse("actions:log", args=[slug])), ("Add an action", "")
            ),
        ),
    )


def _raised_from(request: HttpRequest, page: PartnershipPage) -> tuple:
    """The (minute, resolution) the action is raised from, if any, from the query string."""
    if request.GET.get("resolution"):
        resolution = access_resolution_of(
            page.viewer, page.partnership, _pk(request.GET["resolution"])
        )
        return resolution.minute, resolution
    if request.GET.get("minute"):
        return access_minute_of(page.viewer, page.partnership, _pk(request.GET["minute"])), None
    return None, None


def _new_initial(request: HttpRequest, page: PartnershipPage, minute, resolution) -> dict:
    """The form's starting values: the minute's or resolution's wording and owners."""
    initial: dict = {}
    if minute is not None:
        initial["description"] = resolution.text if resolution else minute.title
        initial["people"] = selectors.owners_suggested_by(
            page.partnership, (resolution.action_by if resolution else "") or minute.action_by
        )
    elif request.GET.get("body"):
        initial["body"] = access_body(partnership=page.partnership, slug=request.GET["body"])
    return initial


def _create(request: HttpRequest, cleaned: dict, minute, resolution) -> Action:
    data = dict(cleaned)
    data.pop("people", None)
    data.pop("organisations", None)
    body = minute.meeting.body if minute is not None else data.pop("body")
    data.pop("body", None)
    source = (
        Action.Source.RESOLUTION
        if resolution
        else Action.Source.MINUTE
        if minute
        else Action.Source.MANUAL
    )
    return services.action_create(
        actor=request.user,
        body=body,
        source=source,
        minute=minute,
        resolution=resolution,
        **data,
    )
