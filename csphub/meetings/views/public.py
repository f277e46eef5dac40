"""Meeting pages anyone may read, filtered to what the viewer may see."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from csphub.core.client_ip import client_ip
from csphub.core.stored_files import file_response
from csphub.documents import registry
from csphub.documents.responses import registered_response
from csphub.partnerships.pages import partnership_page

from .. import deadlines, lifecycle, services
from ..access import access_meeting, access_paper
from ..documents import MEETING, MeetingSubject
from ..forms import QuestionForm
from ..links import meeting_url
from ..selectors import meeting_record, next_meeting, previous_meeting, status_as_seen

security_log = logging.getLogger("csphub.security")


def meeting_detail(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    record = meeting_record(meeting, page.viewer)
    now = timezone.now()
    notice = ""
    if meeting.agenda_published_at is not None:
        notice = deadlines.notice_message(
            meeting.agenda_published_at, meeting.date, meeting.body.notice_clear_days
        )
    context = page.context(
        "home",
        meeting=meeting,
        record=record,
        previous=previous_meeting(meeting),
        next=next_meeting(meeting),
        question_deadline=services.question_deadline_for(meeting),
        takes_questions=lifecycle.takes_questions(meeting, now),
        status_label=status_as_seen(meeting, now),
        started=lifecycle.has_started(meeting, now),
        notice=notice,
    )
    return render(request, "meetings/detail.html", context)


def meeting_document(
    request: HttpRequest, slug: str, body: str, date: str, document: str, fmt: str
) -> HttpResponse:
    """``agenda.pdf``, ``minutes.docx``, ``matters-arising.pdf``...: any document registered
    as made from a meeting, whichever app builds it."""
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    try:
        entry = registry.get(document, source=MEETING.name)
    except LookupError:
        raise Http404("Not found.") from None
    subject = MeetingSubject(meeting=meeting, viewer=page.viewer)
    return registered_response(entry, subject, fmt, extras=False)


def paper_download(request: HttpRequest, slug: str, body: str, date: str, pk: int) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    paper = access_paper(viewer=page.viewer, meeting=meeting, pk=pk)
    if not paper.file:
        raise Http404("This paper has no file.")
    services.paper_opened(viewer_user=request.user, paper=paper)
    ext = (
        paper.original_filename.rsplit(".", 1)[-1].lower()
        if "." in paper.original_filename
        else "bin"
    )
    name = f"{meeting.body.slug}-{meeting.date.isoformat()}-paper-{paper.pk}.{ext}"
    return file_response(
        request,
        paper.file,
        filename=name,
        content_type=paper.content_type,
        as_attachment=True,
        contact=page.partnership.contact_email,
    )


@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    deadline = services.question_deadline_for(meeting)
    if not lifecycle.takes_questions(meeting, timezone.now()):
        # a past, held or cancelled meeting: say so, and take nothing (the service refuses too)
        return render(
            request,
            "meetings/question_closed.html",
            page.context("home", meeting=meeting),
        )
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and form.from_robot:
        # the honeypot was filled in: answer as if received, keep nothing
        security_log.info("question refused: honeypot filled, ip=%s", client_ip(request))
        messages.success(request, "Your question has been received.")
        return redirect(meeting_url(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_submit(
                meeting=meeting,
                actor=request.user,
                sender_address=client_ip(request),
                **form.question(),
            )
        except services.QuestionRateLimited as exc:
            security_log.info("question refused: rate limit, ip=%s", client_ip(request))
            form.add_error(None, exc)
            status = 429
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if question.is_late:
                messages.warning(
                    request,
                    "Your question arrived after the deadline. It has been received and "
                    "marked late; the chair will decide whether it is taken at the meeting.",
                )
            else:
                messages.success(request, "Your question has been received.")
            return redirect(meeting_url(meeting))
    return render(
        request,
        "meetings/question_new.html",
        page.context(
            "home", meeting=meeting, form=form, deadline=deadline, submit_text="Submit question"
        ),
        status=status,
    )


def attendance_report(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """Attendance rates for a body between two dates (default: the last 12 months)."""
    import datetime as dt

    from django.utils import timezone

    from csphub.partnerships.access import access_body

    from ..forms import AttendancePeriodForm
    from ..selectors import attendance_report as build_report

    page = partnership_page(request, slug)
    body_obj = access_body(partnership=page.partnership, slug=body)
    today = timezone.localdate()
    defaults = {"from": today - dt.timedelta(days=365), "to": today}
    asked = any(key.split("-")[0] in ("from", "to") for key in request.GET)
    form = AttendancePeriodForm(request.GET if asked else None, initial=defaults)
    dates = dict(defaults)
    if asked and form.is_valid():
        dates.update({k: v for k, v in form.cleaned_data.items() if v})
    report = build_report(body_obj, page.viewer, dates["from"], dates["to"])
    return render(
        request,
        "meetings/attendance_report.html",
        page.context(
            "bodies",
            body=body_obj,
            report=report,
            form=form,
        ),
    )
