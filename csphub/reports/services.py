"""Writes for sub-group reports: pro-formas, requests (send, remind, revoke), submissions.

Every function checks who is acting and records an audit event. A submission files the
report as the agenda item's paper through the meetings paper service, as the
"Sub-group reports" system actor: the submission itself (by the author through a link or
signed in) is what is authorised here, and the audit trail says who made it.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage, viewer_for
from csphub.audit.actors import Actor, LinkActor, SystemActor, actor_user
from csphub.audit.services import audit_record
from csphub.core import formats
from csphub.core.site_url import site_root
from csphub.documents.render_pdf import render_pdf
from csphub.meetings import lifecycle
from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Meeting, Paper
from csphub.partnerships.models import Body, Person

from . import documents, rules, selectors
from .links import link_days, make_token
from .models import ProForma, ProFormaSection, ReportAnswer, ReportRequest, SubmittedReport

log = logging.getLogger(__name__)

FILER = SystemActor("Sub-group reports")
REQUEST = "request"
REMINDER = "reminder"


# --- Pro-formas -----------------------------------------------------------------------------


@transaction.atomic
def pro_forma_set(*, actor: Actor, body: Body, sections: Sequence[rules.SectionSpec]) -> ProForma:
    """Make ``sections`` the body's current pro-forma, as a new version; earlier versions
    stay, so reports keep the sections they were written against."""
    ensure_can_manage(actor, body.partnership)
    sections = [
        rules.SectionSpec(" ".join(s.heading.split()), s.guidance.strip(), s.required, s.max_length)
        for s in sections
    ]
    errors = rules.check_pro_forma(sections)
    if errors:
        raise ValidationError(errors)
    previous = selectors.current_pro_forma(body)
    if previous is not None:
        ProForma.objects.filter(pk=previous.pk).update(is_current=False)
    version = (ProForma.objects.filter(body=body).aggregate(m=Max("version"))["m"] or 0) + 1
    pro_forma = ProForma.objects.create(
        body=body,
        version=version,
        is_current=True,
        created_at=timezone.now(),
        created_by=actor_user(actor),
    )
    ProFormaSection.objects.bulk_create(
        ProFormaSection(
            pro_forma=pro_forma,
            position=n,
            heading=s.heading,
            guidance=s.guidance,
            required=s.required,
            max_length=s.max_length,
        )
        for n, s in enumerate(sections, start=1)
    )
    audit_record(
        actor=actor,
        verb="pro_forma.set",
        obj=pro_forma,
        partnership=body.partnership,
        before={"version": previous.version} if previous else None,
        after={
            "body": body.slug,
            "version": version,
            "sections": [
                {"heading": s.heading, "required": s.required, "max_length": s.max_length}
                for s in sections
            ],
        },
    )
    return pro_forma


# --- Requests -------------------------------------------------------------------------------


def _default_title(item: AgendaItem, reporting_body: Body | None) -> str:
    if reporting_body is not None:
        return f"{reporting_body.name} report"
    return item.title


def _queue(report_request: ReportRequest, kind: str, base_url: str | None) -> None:
    from .tasks import deliver

    root = (base_url or site_root()).rstrip("/")
    pk = report_request.pk
    transaction.on_commit(lambda: deliver.enqueue(pk, root, kind))


@transaction.atomic
def report_request_create(
    *,
    actor: Actor,
    item: AgendaItem,
    author: Person,
    reporting_body: Body | None = None,
    title: str = "",
    deadline: dt.datetime | None = None,
    deadline_on: dt.date | None = None,
    send: bool = True,
    base_url: str | None = None,
    now: dt.datetime | None = None,
) -> ReportRequest:
    """Ask ``author`` for the report of ``item`` (by default, by the meeting's paper
    deadline; ``deadline_on`` moves it to another day at the same hour) and, with ``send``,
    e-mail them a signed link after the transaction commits."""
    meeting = item.meeting
    partnership = meeting.body.partnership
    ensure_can_manage(actor, partnership)
    now = now or timezone.now()
    if author.partnership_id != partnership.pk:
        raise ValidationError({"author": "Choose a person of this partnership."})
    if reporting_body is not None and reporting_body.partnership_id != partnership.pk:
        raise ValidationError({"reporting_body": "Choose a body of this partnership."})
    if meeting.status in {Meeting.Status.CANCELLED, Meeting.Status.MINUTES_APPROVED}:
        raise ValidationError("This meeting is not taking reports.")
    if selectors.current_pro_forma(meeting.body) is None:
        raise ValidationError(
            f"The {meeting.body.name} has no pro-forma yet: set its sections first."
        )
    if send and not author.email:
        raise ValidationError(
            {"author": f"No e-mail address is recorded for {author.display_name}."}
        )
    if ReportRequest.objects.filter(item=item, author=author, revoked_at__isnull=True).exists():
        raise ValidationError(
            {"author": f"{author.display_name} has already been asked for this item's report."}
        )
    default = selectors.default_deadline(meeting)
    if deadline is None and deadline_on is not None:
        hour = timezone.localtime(default).time()
        deadline = timezone.make_aware(dt.datetime.combine(deadline_on, hour))
    deadline = deadline or default
    report_request = ReportRequest.objects.create(
        partnership=partnership,
        item=item,
        reporting_body=reporting_body,
        author=author,
        title=(title.strip() or _default_title(item, reporting_body))[:300],
        deadline=deadline,
        created_at=now,
        sent_at=now if send else None,
        expires_at=max(deadline, now) + dt.timedelta(days=link_days()),
        requested_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        verb="report_request.create",
        obj=report_request,
        partnership=partnership,
        after={
            "meeting": meeting.key,
            "item": item.pk,
            "author": author.display_name,
            "title": report_request.title,
            "deadline": deadline.isoformat(),
            "sent": send,
        },
    )
    if send:
        _queue(report_request, REQUEST, base_url)
    return report_request


def _ensure_open(report_request: ReportRequest) -> None:
    if report_request.revoked_at is not None:
        raise ValidationError("This request has been withdrawn.")


@transaction.atomic
def report_request_send(
    *,
    actor: Actor,
    report_request: ReportRequest,
    base_url: str | None = None,
    now: dt.datetime | None = None,
) -> ReportRequest:
    """E-mail the author their link: first time ("send") or again ("remind")."""
    ensure_can_manage(actor, report_request.partnership)
    _ensure_open(report_request)
    if not report_request.author.email:
        raise ValidationError(
            f"No e-mail address is recorded for {report_request.author.display_name}."
        )
    now = now or timezone.now()
    kind = REQUEST if report_request.sent_at is None else REMINDER
    field = "sent_at" if kind == REQUEST else "reminded_at"
    setattr(report_request, field, now)
    report_request.expires_at = max(report_request.expires_at, now + dt.timedelta(days=link_days()))
    report_request.save(update_fields=[field, "expires_at"])
    audit_record(
        actor=actor,
        verb=f"report_request.{'send' if kind == REQUEST else 'remind'}",
        obj=report_request,
        partnership=report_request.partnership,
        after={"to": report_request.author.email, "at": now.isoformat()},
    )
    _queue(report_request, kind, base_url)
    return report_request


@transaction.atomic
def report_request_revoke(
    *, actor: Actor, report_request: ReportRequest, now: dt.datetime | None = None
) -> ReportRequest:
    """Withdraw a request: its link stops working at once. A report already filed stays."""
    ensure_can_manage(actor, report_request.partnership)
    if report_request.revoked_at is not None:
        return report_request
    report_request.revoked_at = now or timezone.now()
    report_request.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        verb="report_request.revoke",
        obj=report_request,
        partnership=report_request.partnership,
        before={"revoked_at": None},
        after={"revoked_at": report_request.revoked_at.isoformat()},
    )
    return report_request


def _message(report_request: ReportRequest, root: str, kind: str) -> EmailMessage:
    meeting = report_request.item.meeting
    body_name = meeting.body.name_on(meeting.date)
    deadline = timezone.localtime(report_request.deadline)
    due = f"{formats.clock(deadline.time())} on {formats.long_date(deadline.date())}"
    link = root + reverse("report_links:submit", args=[make_token(report_request)])
    lines = [
        f"Dear {report_request.author.display_name},",
        "",
        ("A reminder: we have not yet received" if kind == REMINDER else "Please write")
        + f" the {report_request.title} for the meeting of the {body_name} on "
        f"{formats.long_date(meeting.date)} (agenda item: {report_request.item.title}).",
        "",
        f"It is due by {due}. Reports received after that are marked as late papers.",
        "",
        "Write it on the partnership's pro-forma through this link (no account needed):",
        link,
        "",
        "The link works until "
        f"{formats.long_date(timezone.localtime(report_request.expires_at).date())}.",
        "",
        meeting.body.partnership.name,
    ]
    prefix = "Reminder: " if kind == REMINDER else ""
    contact = meeting.body.partnership.contact_email
    return EmailMessage(
        subject=(
            f"{prefix}{report_request.title} for the {body_name}, "
            f"due {formats.short_date(deadline.date())}"
        ),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[report_request.author.email],
        reply_to=[contact] if contact else None,
        headers={"Auto-Submitted": "auto-generated"},
    )


def report_request_deliver(*, request_id: int, root: str, kind: str) -> bool:
    """The queued half: send the e-mail and record that it went (or why it did not)."""
    report_request = ReportRequest.objects.select_related(
        "partnership", "author", "item__meeting__body__partnership"
    ).get(pk=request_id)
    if report_request.revoked_at is not None:
        return False
    try:
        get_connection().send_messages([_message(report_request, root, kind)])
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        log.warning("report request %s not e-mailed: %s", request_id, exc)
        sent = False
    else:
        sent = True
    audit_record(
        actor=FILER,
        verb="report_request.delivered" if sent else "report_request.failed",
        obj=report_request,
        partnership=report_request.partnership,
        after={"kind": kind, "sent": sent},
    )
    return sent


# --- Submissions ----------------------------------------------------------------------------


def _via(actor: Actor, report_request: ReportRequest) -> str:
    """How ``actor`` may submit this request's report, or PermissionDenied."""
    if isinstance(actor, LinkActor):
        if actor.person.pk == report_request.author_id:
            return SubmittedReport.Via.LINK
        raise PermissionDenied("This link is for another person's report.")
    if isinstance(actor, SystemActor):
        return SubmittedReport.Via.SYSTEM
    if getattr(actor, "is_authenticated", False):
        if report_request.author.user_id == getattr(actor, "pk", None):
            return SubmittedReport.Via.SIGNED_IN
        if viewer_for(actor, report_request.partnership).can_manage:
            return SubmittedReport.Via.SIGNED_IN
    raise PermissionDenied("Only the report's author can submit it.")


def _file_paper(
    report_request: ReportRequest, report: SubmittedReport, content: bytes, late: bool
) -> Paper:
    item = report_request.item
    previous = (
        SubmittedReport.objects.filter(request=report_request, paper__isnull=False)
        .exclude(pk=report.pk)
        .values_list("paper_id", flat=True)
    )
    replaced = list(
        Paper.objects.filter(item=item).filter(pk__in=list(previous))
        | Paper.objects.filter(item=item, title=report_request.title)
    )
    for old in replaced:
        meeting_services.paper_delete(actor=FILER, paper=old)
    name = f"{item.meeting.body.partnership.slug}-report-{report_request.pk}.pdf"
    return meeting_services.paper_add(
        actor=FILER,
        item=item,
        title=report_request.title,
        file=ContentFile(content, name=name),
        author=report_request.author.display_name,
        date_filed=timezone.localtime(report.submitted_at).date(),
        reference="Late paper" if late else "",
        is_restricted=item.is_restricted,
    )


@transaction.atomic
def report_submit(
    *,
    actor: Actor,
    report_request: ReportRequest,
    answers: Mapping[int, str],
    now: dt.datetime | None = None,
) -> SubmittedReport:
    """Submit the report (``answers`` by section id of the body's current pro-forma).

    Late submissions are accepted and marked late; a resubmission before the meeting
    starts replaces the paper. Refused: someone other than the author (or the
    secretariat), a withdrawn request, a meeting that has started, missing or over-long
    answers (ValidationError by section id).
    """
    via = _via(actor, report_request)
    now = now or timezone.now()
    _ensure_open(report_request)
    meeting = report_request.item.meeting
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled.")
    if lifecycle.has_started(meeting, now):
        raise ValidationError("The meeting has started: send any late report to the secretariat.")
    pro_forma = selectors.current_pro_forma(meeting.body)
    if pro_forma is None:
        raise ValidationError(f"The {meeting.body.name} has no pro-forma.")
    sections = list(pro_forma.sections.all())
    answers = {s.pk: (answers.get(s.pk) or "").strip() for s in sections}
    errors = rules.check_answers(
        selectors.section_specs(pro_forma), {i: answers[s.pk] for i, s in enumerate(sections)}
    )
    if errors:
        raise ValidationError(
            {selectors.section_field(sections[i]): message for i, message in errors.items()}
        )
    late = rules.is_late(
        timezone.localtime(now).replace(tzinfo=None),
        timezone.localtime(report_request.deadline).replace(tzinfo=None),
    )
    earlier = report_request.reports.count()
    report = SubmittedReport.objects.create(
        request=report_request, pro_forma=pro_forma, submitted_at=now, via=via, is_late=late
    )
    ReportAnswer.objects.bulk_create(
        ReportAnswer(report=report, section=s, text=answers[s.pk]) for s in sections
    )
    # No "Page N" footer of its own: the agenda pack numbers every page of its papers
    content = render_pdf(
        documents.report_document(report_request, pro_forma, answers, now, late),
        page_numbers=False,
    )
    report.paper = _file_paper(report_request, report, content, late)
    report.save(update_fields=["paper"])
    audit_record(
        actor=actor,
        verb="report.resubmit" if earlier else "report.submit",
        obj=report,
        partnership=report_request.partnership,
        after={
            "request": report_request.pk,
            "via": via,
            "late": late,
            "paper": report.paper.pk,
            "submission": earlier + 1,
        },
        note=f"{report_request.title} for “{report_request.item.title}” of {meeting}",
    )
    return report
