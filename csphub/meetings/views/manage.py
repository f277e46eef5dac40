"""Secretariat pages: schedule, build the agenda, publish, attendance, minutes, approval."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.core.forms import attempt as _attempt
from csphub.partnerships.access import access_body
from csphub.partnerships.pages import crumbs, manage_page
from csphub.partnerships.selectors import bodies_of

from .. import services
from ..access import access_item, access_meeting, access_minute, access_question, access_resolution
from ..forms import (
    AgendaItemForm,
    AmendmentForm,
    AnswerForm,
    BodyChoiceForm,
    DeclarationForm,
    MeetingEditForm,
    MeetingForm,
    MinuteForm,
    NewMinuteForm,
    PaperForm,
    ResolutionForm,
)
from ..links import meeting_url
from ..models import Meeting
from ..selectors import (
    agenda_items_of,
    approval_meetings,
    later_meetings,
    meeting_record,
    next_sub_minute,
)


def _meeting(request, slug, body, date):
    page = manage_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    return page, meeting


def _status_action(request, meeting: Meeting, call, success: str):
    try:
        call()
        messages.success(request, success)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


@login_first
@require_http_methods(["GET"])
def meeting_schedule_choose(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Schedule a meeting" from the Meetings tab: choose the body, then its form."""
    page = manage_page(request, slug)
    bodies = list(bodies_of(page.partnership))
    asked = "chosen" in request.GET or "body" in request.GET  # Continue pressed
    form = BodyChoiceForm(request.GET if asked else None, bodies=bodies)
    if form.is_bound and form.is_valid():
        return redirect("meetings:new", slug, form.cleaned_data["body"])
    return render(
        request,
        "meetings/schedule_choose.html",
        page.context(
            "home",
            form=form,
            breadcrumbs=crumbs(
                page,
                ("Meetings", reverse("public:meetings", args=[slug])),
                ("Schedule a meeting", ""),
            ),
        ),
    )


@login_first
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    page = manage_page(request, slug)
    body_obj = access_body(partnership=page.partnership, slug=body)
    breadcrumbs = crumbs(
        page,
        ("Meetings", reverse("public:meetings", args=[slug])),
        (body_obj.name, reverse("partnerships:body", args=[slug, body_obj.slug])),
        ("Schedule a meeting", ""),
    )
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder = {}

        def call():
            holder["m"] = services.meeting_schedule(
                actor=request.user, body=body_obj, **form.cleaned_data
            )

        if _attempt(form, call):
            messages.success(
                request, "Meeting scheduled. Its agenda starts with the standing items."
            )
            return redirect(meeting_url(holder["m"], "meetings:agenda"))
    return render(
        request,
        "meetings/meeting_form.html",
        page.context("home", form=form, body=body_obj, breadcrumbs=breadcrumbs),
    )


@login_first
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    form = MeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting.refresh_from_db()
        if _attempt(
            form, lambda: services.meeting_update(actor=request.user, meeting=meeting, data=data)
        ):
            messages.success(request, "Meeting details saved.")
            return redirect(meeting_url(meeting))
    return render(
        request,
        "meetings/meeting_form.html",
        page.context("home", form=form, body=meeting.body, meeting=meeting),
    )


@login_first
@require_http_methods(["GET", "POST"])
def agenda(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form,
            lambda: services.agenda_item_add(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
        ):
            messages.success(request, f"Added “{form.cleaned_data['title']}” to the agenda.")
            return redirect(meeting_url(meeting, "meetings:agenda"))
    record = meeting_record(meeting, page.viewer)
    return render(
        request,
        "meetings/agenda_edit.html",
        page.context("home", meeting=meeting, record=record, form=form),
    )


@login_first
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    item = access_item(viewer=page.viewer, meeting=meeting, pk=pk)
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item.refresh_from_db()
        if _attempt(
            form, lambda: services.agenda_item_update(actor=request.user, item=item, data=data)
        ):
            messages.success(request, "Agenda item saved.")
            return redirect(meeting_url(meeting, "meetings:agenda"))
    return render(
        request,
        "meetings/item_form.html",
        page.context("home", meeting=meeting, item=item, form=form),
    )


MOVES = {
    "up": lambda actor, item: services.agenda_item_move(actor=actor, item=item, direction="up"),
    "down": lambda actor, item: services.agenda_item_move(actor=actor, item=item, direction="down"),
    "indent": lambda actor, item: services.agenda_item_indent(actor=actor, item=item),
    "outdent": lambda actor, item: services.agenda_item_outdent(actor=actor, item=item),
    "delete": lambda actor, item: services.agenda_item_delete(actor=actor, item=item),
}


@login_first
@require_POST
def item_action(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    item = access_item(viewer=page.viewer, meeting=meeting, pk=pk)
    action = MOVES.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Choose what to do with the item.")
    else:
        _status_action(request, meeting, lambda: action(request.user, item), "Agenda updated.")
    return redirect(meeting_url(meeting, "meetings:agenda") + f"#item-{item.pk}")


@login_first
@require_http_methods(["GET", "POST"])
def paper_new(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    item = access_item(viewer=page.viewer, meeting=meeting, pk=pk)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        if _attempt(
            form,
            lambda: services.paper_add(actor=request.user, item=item, file=upload, **data),
        ):
            messages.success(request, f"Added the paper “{data['title']}”.")
            return redirect(meeting_url(meeting, "meetings:agenda"))
    return render(
        request,
        "meetings/paper_form.html",
        page.context("home", meeting=meeting, item=item, form=form),
    )


@login_first
@require_http_methods(["GET", "POST"])
def minutes(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    form = NewMinuteForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "start":
            _status_action(
                request,
                meeting,
                lambda: services.minutes_start(actor=request.user, meeting=meeting),
                "Minutes started: one for each agenda item.",
            )
            return redirect(meeting_url(meeting, "meetings:minutes"))
        if form.is_valid():
            kwargs = next_sub_minute(meeting) if form.cleaned_data["sub_minute"] else {}
            if _attempt(
                form,
                lambda: services.minute_create(
                    actor=request.user, meeting=meeting, title=form.cleaned_data["title"], **kwargs
                ),
            ):
                messages.success(request, "Minute added.")
                return redirect(meeting_url(meeting, "meetings:minutes"))
    record = meeting_record(meeting, page.viewer)
    return render(
        request,
        "meetings/minutes_edit.html",
        page.context(
            "home",
            meeting=meeting,
            record=record,
            form=form,
            can_approve=approval_meetings(meeting).exists(),
        ),
    )


@login_first
@require_http_methods(["GET", "POST"])
def minute_edit(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    minute = access_minute(viewer=page.viewer, meeting=meeting, pk=pk)
    form = MinuteForm(
        None if request.POST.get("form") == "resolution" else request.POST or None, instance=minute
    )
    rform = ResolutionForm(
        request.POST if request.POST.get("form") == "resolution" else None, prefix="resolution"
    )
    if request.method == "POST":
        if request.POST.get("form") == "resolution" and rform.is_valid():
            if _attempt(
                rform,
                lambda: services.resolution_add(
                    actor=request.user, minute=minute, **rform.cleaned_data
                ),
            ):
                messages.success(request, "Resolution added.")
                return redirect(meeting_url(meeting, "meetings:minute_edit", minute.pk))
        elif request.POST.get("form") != "resolution" and form.is_valid():
            data = form.cleaned_data
            minute.refresh_from_db()
            if _attempt(
                form, lambda: services.minute_update(actor=request.user, minute=minute, data=data)
            ):
                messages.success(request, f"Minute {minute.label} saved.")
                return redirect(meeting_url(meeting, "meetings:minutes") + f"#minute-{minute.pk}")
    return render(
        request,
        "meetings/minute_form.html",
        page.context(
            "home",
            meeting=meeting,
            minute=minute,
            form=form,
            rform=rform,
            resolutions=list(minute.resolutions.visible_to(page.viewer)),
        ),
    )


@login_first
@require_POST
def resolution_delete(
    request: HttpRequest, slug: str, body: str, date: str, pk: int
) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    resolution = access_resolution(viewer=page.viewer, meeting=meeting, pk=pk)
    minute_pk = resolution.minute_id
    _status_action(
        request,
        meeting,
        lambda: services.resolution_delete(actor=request.user, resolution=resolution),
        "Resolution removed.",
    )
    return redirect(meeting_url(meeting, "meetings:minute_edit", minute_pk))


@login_first
@require_http_methods(["GET", "POST"])
def minute_amend(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    minute = access_minute(viewer=page.viewer, meeting=meeting, pk=pk)
    form = AmendmentForm(request.POST or None, meetings=later_meetings(meeting))
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form,
            lambda: services.minute_amend(actor=request.user, minute=minute, **form.cleaned_data),
        ):
            messages.success(request, f"Correction to minute {minute.label} recorded.")
            return redirect(meeting_url(meeting) + f"#minute-{minute.pk}")
    return render(
        request,
        "meetings/amend_form.html",
        page.context("home", meeting=meeting, minute=minute, form=form),
    )


@login_first
@require_http_methods(["GET", "POST"])
def question_answer(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    question = access_question(viewer=page.viewer, meeting=meeting, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form,
            lambda: services.question_answer(
                actor=request.user, question=question, **form.cleaned_data
            ),
        ):
            messages.success(request, "Answer saved.")
            return redirect(meeting_url(meeting) + "#questions")
    return render(
        request,
        "meetings/answer_form.html",
        page.context("home", meeting=meeting, question=question, form=form),
    )


@login_first
@require_http_methods(["GET", "POST"])
def declaration_new(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    form = DeclarationForm(
        request.POST or None,
        people=page.partnership.person_set.order_by("name"),
        items=agenda_items_of(meeting, page.viewer),
    )
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form,
            lambda: services.declaration_add(
                actor=request.user, meeting=meeting, **form.cleaned_data
            ),
        ):
            messages.success(request, "Declaration recorded.")
            return redirect(meeting_url(meeting))
    return render(
        request, "meetings/declaration_form.html", page.context("home", meeting=meeting, form=form)
    )
