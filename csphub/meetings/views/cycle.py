"""Confirmation pages for the steps of the meeting cycle that cannot be taken back.

Why: publishing an agenda makes it public, marking a meeting held and approving its minutes
change the record for good, and cancelling tells every subscriber's calendar. Each was one
click; now each is the GOV.UK "Are you sure" pattern: a page that says what will happen (a
summary and a warning), and a button that does it. The rules themselves stay in the
services (lifecycle.py); a step the rules refuse says why here, before anyone presses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from csphub.accounts.decorators import login_first
from csphub.core.formats import clock, long_date
from csphub.core.forms import attempt

from .. import deadlines, lifecycle, services
from ..forms import ApproveForm
from ..links import meeting_url
from ..models import Meeting
from ..selectors import approval_meetings, status_as_seen
from .manage import _meeting


class ConfirmForm(forms.Form):
    """No fields: carries the CSRF token and any refusal from the service."""


@dataclass
class Step:
    """One step of the cycle: what the page asks, shows and warns, and what it does."""

    status: str  # the status the step moves the meeting to
    question: str  # the page's heading
    button: str
    warning: str
    perform: Callable[[HttpRequest, Meeting, dict[str, Any], dt.datetime], object]
    done: Callable[[Meeting, dt.datetime], tuple[str, str]]  # (level, message) after it
    extra_rows: Callable[[Meeting, dt.datetime], list[dict[str, str]]] = field(
        default=lambda m, now: []
    )
    refusal: Callable[[Meeting, dt.datetime], str | None] = field(default=lambda m, now: None)
    button_classes: str = ""


def _notice_rows(meeting: Meeting, now: dt.datetime) -> list[dict[str, str]]:
    clear = meeting.body.notice_clear_days
    return [
        {
            "key": "Notice",
            "value": deadlines.notice_message(now, meeting.date, clear, before=True),
        }
    ]


def _published(meeting: Meeting, now: dt.datetime) -> tuple[str, str]:
    clear = meeting.body.notice_clear_days
    at = meeting.agenda_published_at or now
    level = "success" if meeting.agenda_notice_met else "warning"
    return level, deadlines.notice_message(at, meeting.date, clear)


STEPS: dict[str, Step] = {
    "publish_agenda": Step(
        status=Meeting.Status.AGENDA_PUBLISHED,
        question="Are you sure you want to publish the agenda?",
        button="Publish agenda",
        warning="The agenda and its public papers will be on the public website straight away.",
        perform=lambda request, meeting, data, now: services.agenda_publish(
            actor=request.user, meeting=meeting, at=now
        ),
        done=_published,
        extra_rows=_notice_rows,
    ),
    "mark_held": Step(
        status=Meeting.Status.HELD,
        question="Are you sure the meeting has been held?",
        button="Mark as held",
        warning="A meeting marked as held cannot be cancelled or moved.",
        perform=lambda request, meeting, data, now: services.meeting_mark_held(
            actor=request.user, meeting=meeting, now=now
        ),
        done=lambda meeting, now: ("success", "Meeting marked as held."),
        refusal=lifecycle.held_refusal,
    ),
    "cancel": Step(
        status=Meeting.Status.CANCELLED,
        question="Are you sure you want to cancel the meeting?",
        button="Cancel meeting",
        warning="A cancelled meeting cannot be reinstated: schedule a new meeting instead. "
        "Calendar subscribers will see it cancelled.",
        perform=lambda request, meeting, data, now: services.meeting_cancel(
            actor=request.user, meeting=meeting
        ),
        done=lambda meeting, now: ("success", "Meeting cancelled."),
        button_classes="govuk-button--warning",
    ),
    "publish_minutes": Step(
        status=Meeting.Status.DRAFT_MINUTES,
        question="Are you sure you want to publish the draft minutes?",
        button="Publish draft minutes",
        warning="The draft minutes will be on the public website straight away, marked as "
        "a draft until they are approved.",
        perform=lambda request, meeting, data, now: services.minutes_publish_draft(
            actor=request.user, meeting=meeting, at=now
        ),
        done=lambda meeting, now: ("success", "Draft minutes published."),
        refusal=lambda meeting, now: (
            lifecycle.held_refusal(meeting, now)
            if meeting.status == Meeting.Status.AGENDA_PUBLISHED
            else None
        ),
    ),
    "approve": Step(
        status=Meeting.Status.MINUTES_APPROVED,
        question="Are you sure you want to approve the minutes?",
        button="Approve and lock minutes",
        warning="Approved minutes are locked for good: any later correction is recorded as "
        "an amendment beside the minute.",
        perform=lambda request, meeting, data, now: services.minutes_approve(
            actor=request.user, meeting=meeting, at_meeting=data["at_meeting"], at=now
        ),
        done=lambda meeting, now: (
            "success",
            "Minutes approved. They are now locked; corrections are recorded as amendments.",
        ),
    ),
}


def _can_move(meeting: Meeting, step: Step) -> str | None:
    """Why the step is not open to this meeting now, in words, or None."""
    status = step.status
    if status == Meeting.Status.DRAFT_MINUTES and meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        status = Meeting.Status.HELD  # publishing draft minutes records it held on the way
    if status == Meeting.Status.MINUTES_APPROVED and meeting.status == Meeting.Status.HELD:
        status = Meeting.Status.DRAFT_MINUTES
    try:
        lifecycle.assert_transition(meeting.status, status)
    except lifecycle.TransitionError as exc:
        return str(exc)
    return None


def _confirm(request: HttpRequest, slug: str, body: str, date: str, name: str) -> HttpResponse:
    page, meeting = _meeting(request, slug, body, date)
    step = STEPS[name]
    now = timezone.now()
    choices = approval_meetings(meeting) if name == "approve" else None
    data = request.POST if request.method == "POST" else None  # an empty POST is bound
    form: forms.Form = (
        ApproveForm(data, meetings=choices) if choices is not None else ConfirmForm(data)
    )
    refusal = _can_move(meeting, step) or step.refusal(meeting, now)
    if name == "approve" and not refusal and not choices:
        refusal = (
            "The minutes are approved at a later meeting of the same body once it has been "
            "held: mark that meeting as held first."
        )
    if request.method == "POST" and not refusal and form.is_valid():
        cleaned = form.cleaned_data
        if attempt(form, lambda: step.perform(request, meeting, cleaned, now)):
            meeting.refresh_from_db()
            level, text = step.done(meeting, now)
            getattr(messages, level)(request, text)
            return redirect(meeting_url(meeting))
    rows = [
        {"key": "Meeting", "value": f"{meeting.body.name_on(meeting.date)}"},
        {"key": "Date", "value": f"{long_date(meeting.date)}, {clock(meeting.start_time)}"},
        {"key": "Status now", "value": status_as_seen(meeting, now)},
        *step.extra_rows(meeting, now),
    ]
    return render(
        request,
        "meetings/confirm.html",
        page.context(
            "home",
            meeting=meeting,
            step=step,
            form=form,
            rows=rows,
            refusal=refusal,
            late=name == "publish_agenda"
            and not deadlines.notice_met(now, meeting.date, meeting.body.notice_clear_days),
        ),
    )


def _view(name: str):
    @login_first
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
        return _confirm(request, slug, body, date, name)

    view.__name__ = name
    view.__doc__ = f"Confirm, then {STEPS[name].button.lower()}."
    return view


publish_agenda = _view("publish_agenda")
mark_held = _view("mark_held")
cancel = _view("cancel")
publish_minutes = _view("publish_minutes")
approve = _view("approve")
