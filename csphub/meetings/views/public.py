"""Meeting pages anyone may read, filtered to what the viewer may see."""

from __future__ import annotations

import base64
import hashlib
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csphub.documents.render import render as render_document
from csphub.partnerships.pages import partnership_page

from .. import services
from ..access import access_meeting, access_paper
from ..documents import DOCUMENTS
from ..forms import QuestionForm
from ..models import Meeting
from ..selectors import meeting_record, next_meeting, previous_meeting


def meeting_url(meeting: Meeting, name: str = "meetings:detail", *extra) -> str:
    return reverse(
        name,
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat(), *extra],
    )


def meeting_detail(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    record = meeting_record(meeting, page.viewer)
    context = page.context(
        "home",
        meeting=meeting,
        record=record,
        previous=previous_meeting(meeting),
        next=next_meeting(meeting),
        question_deadline=services.question_deadline_for(meeting),
        takes_questions=meeting.status
        in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED},
    )
    return render(request, "meetings/detail.html", context)


FORMATS = {"html", "pdf", "docx"}


def meeting_document(
    request: HttpRequest, slug: str, body: str, date: str, document: str, fmt: str
) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    if document not in DOCUMENTS or fmt not in FORMATS:
        raise Http404("Not found.")
    record = meeting_record(meeting, page.viewer)
    build = DOCUMENTS[document]
    doc = build(record)
    if doc is None:
        raise Http404("Not published yet.")
    content, content_type, extension = render_document(doc, fmt)
    filename = f"{meeting.body.slug}-{meeting.date.isoformat()}-{document}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if fmt == "html":  # the stand-alone page carries its own <style>: allow exactly that
        response._csp_update = {"style-src": _style_hashes(content)}
    return response


def _style_hashes(html: bytes) -> list[str]:
    """CSP hashes of a page's <style> blocks, so they apply without 'unsafe-inline'."""
    blocks = re.findall(rb"<style>(.*?)</style>", html, re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(b).digest()).decode()}'" for b in blocks]


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
    return FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=name, content_type=paper.content_type
    )


@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    page = partnership_page(request, slug)
    meeting = access_meeting(
        viewer=page.viewer, partnership=page.partnership, body_slug=body, date=date
    )
    deadline = services.question_deadline_for(meeting)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_submit(
                meeting=meeting, actor=request.user, **form.cleaned_data
            )
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
        page.context("home", meeting=meeting, form=form, deadline=deadline),
    )


def attendance_report(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """Attendance rates for a body between two dates (default: the last 12 months)."""
    import datetime as dt

    from django.utils import timezone

    from csphub.partnerships.access import access_body

    from ..selectors import attendance_report as build_report

    page = partnership_page(request, slug)
    body_obj = access_body(partnership=page.partnership, slug=body)
    today = timezone.localdate()
    errors = {}
    dates = {}
    for key, default in [("from", today - dt.timedelta(days=365)), ("to", today)]:
        raw = request.GET.get(key, "")
        try:
            dates[key] = dt.date.fromisoformat(raw) if raw else default
        except ValueError:
            errors[key] = f"Enter the {'start' if key == 'from' else 'end'} date as YYYY-MM-DD"
            dates[key] = default
    if dates["from"] > dates["to"]:
        errors["to"] = "The end date must be on or after the start date"
    report = build_report(body_obj, page.viewer, dates["from"], dates["to"])
    return render(
        request,
        "meetings/attendance_report.html",
        page.context(
            "bodies",
            body=body_obj,
            report=report,
            errors=errors,
            start=request.GET.get("from", dates["from"].isoformat()),
            end=request.GET.get("to", dates["to"].isoformat()),
        ),
    )
