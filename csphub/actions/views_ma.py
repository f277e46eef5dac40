"""Matters Arising pages: the report (HTML, PDF, DOCX) and the secretariat's one-click
close and carry-forward at the meeting, and the wording of updates before publishing."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.core.formats import short_date
from csphub.meetings.access import access_meeting
from csphub.meetings.links import meeting_url
from csphub.meetings.models import Meeting
from csphub.partnerships.pages import crumbs, form_page, manage_page, partnership_page, posted

from . import services
from .access import access_reported_action, access_reported_update
from .documents import NAME
from .forms import CoverDefaultsForm, CoverOverrideForm
from .matters_arising import matters_arising_for, report_is_published
from .models import Action, CoverSheet, CoverSheetDefaults, CoverSheetOverride

DOWNLOADS = {"pdf", "docx"}
OUTCOMES = {
    Action.Status.DONE: "marked done",
    Action.Status.CARRIED_FORWARD: "carried forward",
}


class WordingForm(forms.Form):
    published_text = forms.CharField(
        label="Wording for the report",
        help_text="The owner’s own words stay in the action’s history.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )


def report_url(meeting: Meeting) -> str:
    return reverse(
        "matters_arising:report",
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat()],
    )


def _meeting(page, body: str, date: str) -> Meeting:
    return access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )


def report(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = _meeting(page, body, date)
    if not report_is_published(meeting, page.viewer):
        raise Http404("Not published yet.")
    fmt = request.GET.get("format", "")
    if fmt:  # links published before the downloads moved to .../matters-arising.pdf
        if fmt not in DOWNLOADS:
            raise Http404("Not found.")
        return redirect(meeting_url(meeting, "meetings:document", NAME, fmt), permanent=True)
    # Built only when the page's cached fragment is not there (decision 0030)
    the_report = SimpleLazyObject(lambda: matters_arising_for(meeting, page.viewer))
    return render(
        request,
        "actions/matters_arising.html",
        page.context(
            "home",
            meeting=meeting,
            report=the_report,
            body_name=meeting.body.name_on(meeting.date),  # the title, outside the fragment
            next_url=report_url(meeting),
        ),
    )


def _back(request: HttpRequest, meeting: Meeting, anchor: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return report_url(meeting) + anchor


@login_first
@require_POST
def close(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    """One click at the meeting: mark a line done, or carry it forward."""
    page = manage_page(request, slug)
    meeting = _meeting(page, body, date)
    action = access_reported_action(page.viewer, meeting, pk)
    outcome = request.POST.get("outcome", "")
    if outcome not in OUTCOMES:
        return HttpResponseBadRequest("Choose done or carried forward.")
    try:
        services.action_set_status(
            actor=request.user,
            action=action,
            status=outcome,
            note=f"At the meeting on {short_date(meeting.date)}.",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{_short(action.description)}” {OUTCOMES[outcome]}.")
    return redirect(_back(request, meeting, f"#action-{action.pk}"))


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


@login_first
@require_http_methods(["GET", "POST"])
def edit_wording(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    """The secretariat tidies an owner's update for the published report (audited)."""
    page = manage_page(request, slug)
    meeting = _meeting(page, body, date)
    update = access_reported_update(page.viewer, meeting, pk)
    form = WordingForm(request.POST or None, initial={"published_text": update.shown_text})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_publish_wording(
                actor=request.user,
                update=update,
                published_text=form.cleaned_data["published_text"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The wording for the report has been saved.")
            return redirect(report_url(meeting) + f"#action-{update.action_id}")
    return render(
        request,
        "actions/matters_arising_wording.html",
        page.context(
            "home",
            meeting=meeting,
            update=update,
            form=form,
            back_url=report_url(meeting) + f"#action-{update.action_id}",
        ),
    )


@login_first
@require_http_methods(["GET", "POST"])
def cover_defaults(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's Matters Arising cover sheet, printed unless a report says otherwise."""
    page = manage_page(request, slug)
    row = CoverSheetDefaults.objects.filter(partnership=page.partnership).first()
    form = CoverDefaultsForm(posted(request), instance=copy.copy(row) if row else None)
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.cover_defaults_update(
            actor=request.user, partnership=page.partnership, data=_cover(data)
        ),
        success="The cover sheet defaults have been saved.",
        next_url=reverse("matters_arising:cover_defaults", args=[page.partnership.slug]),
        title="Matters Arising cover sheet",
        caption=page.partnership.name,
        intro="What every Matters Arising report prints on its cover sheet, unless the "
        "report of a meeting gives its own wording. Leave a section blank to print "
        "“Not applicable”; write “None” where the seeds say None.",
        active="home",
        breadcrumbs=crumbs(page),
    )


@login_first
@require_http_methods(["GET", "POST"])
def cover_edit(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    """One report's own cover-sheet wording; blank fields print the partnership's default."""
    page = manage_page(request, slug)
    meeting = _meeting(page, body, date)
    row = CoverSheetOverride.objects.filter(meeting=meeting).first()
    form = CoverOverrideForm(posted(request), instance=copy.copy(row) if row else None)
    back = report_url(meeting)
    return form_page(
        request,
        page,
        form=form,
        write=lambda data: services.cover_override_update(
            actor=request.user, meeting=meeting, data=_cover(data)
        ),
        success="The report’s cover sheet has been saved.",
        next_url=back + "#cover-sheet",
        title="Cover sheet of this report",
        caption=f"Matters arising: {meeting}",
        intro="Leave a field blank to print the partnership’s default.",
        active="home",
        breadcrumbs=crumbs(page, ("Matters arising", back)),
    )


def _cover(data: dict) -> dict[str, str]:
    return {name: (data.get(name) or "").strip() for name in CoverSheet.FIELDS}
