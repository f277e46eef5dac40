"""Sending update requests and reminders, revoking them, and recording the use of a link.

Each e-mail sent is one `UpdateRequest` row and one audit event; tokens are never stored or
audited. What is sent to whom is planned by `actions.update_requests`.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor, actor_user
from csphub.audit.services import audit_record
from csphub.core import formats
from csphub.core.site_url import site_root
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Partnership

from ..links import link_days, make_token
from ..models import Action, UpdateRequest
from ..update_requests import (
    REQUEST,
    Plan,
    Progress,
    Recipient,
    Unreachable,
    action_line,
    overdue_reminders_plan,
    update_requests_plan,
)

log = logging.getLogger(__name__)


@dataclass
class Sent:
    recipient: Recipient
    update_request: UpdateRequest


@dataclass
class Failed:
    recipient: Recipient
    error: str


@dataclass
class SendReport:
    plan: Plan
    sent: list[Sent] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)

    @property
    def unreachable(self) -> list[Unreachable]:
        return self.plan.unreachable

    @property
    def emails_sent(self) -> int:
        return len(self.sent)

    @property
    def actions_requested(self) -> int:
        return len({a.pk for s in self.sent for a in s.recipient.actions})

    @property
    def actions_not_requested(self) -> list[Action]:
        asked = {a.pk for s in self.sent for a in s.recipient.actions}
        return [a for a in self.plan.actions if a.pk not in asked]

    def summary(self) -> str:
        """ "Sent 3 e-mails for 7 actions." """
        return (
            f"Sent {_plural(self.emails_sent, 'e-mail')} for "
            f"{_plural(self.actions_requested, 'action')}."
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _subject(plan: Plan, count: int) -> str:
    yours = "your action" if count == 1 else f"your {count} actions"
    meeting = plan.meeting
    if plan.kind == REQUEST and plan.purpose:
        return f"{plan.partnership.name}, {plan.purpose}: please update {yours}"
    if plan.kind == REQUEST and meeting is not None:
        return (
            f"{meeting.body.name_on(meeting.date)}, {formats.short_date(meeting.date)}: "
            f"please update {yours}"
        )
    overdue = "your overdue action" if count == 1 else f"your {count} overdue actions"
    return f"{plan.partnership.name}: please update {overdue}"


def _message(
    plan: Plan,
    recipient: Recipient,
    update_request: UpdateRequest,
    base_url: str,
    connection: Any,
) -> EmailMultiAlternatives:
    lines = []
    for action in recipient.actions:
        path = reverse("action_links:update", args=[make_token(update_request, action)])
        lines.append(action_line(action, url=base_url + path))
    first_token = make_token(update_request, recipient.actions[0])
    partnership = plan.partnership
    meeting = plan.meeting
    context = {
        "kind": plan.kind,
        "purpose": plan.purpose,
        "partnership": partnership,
        "person": recipient.person,
        "meeting_name": meeting.body.name_on(meeting.date) if meeting else "",
        "meeting_date": formats.long_date(meeting.date) if meeting else "",
        "reply_by": formats.long_date(plan.reply_by) if plan.reply_by else "",
        "expires": formats.long_date(timezone.localtime(update_request.expires_at).date()),
        "lines": lines,
        "count": len(lines),
        "mine_url": base_url + reverse("action_links:mine", args=[first_token]),
    }
    text = render_to_string("actions/email/update_request.txt", context)
    html = render_to_string("actions/email/update_request.html", context)
    message = EmailMultiAlternatives(
        subject=_subject(plan, len(lines)),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        reply_to=[partnership.contact_email] if partnership.contact_email else None,
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def _send(
    *,
    actor: Actor,
    plan: Plan,
    now: dt.datetime,
    base_url: str | None,
    progress: Progress | None,
) -> SendReport:
    base_url = (base_url or site_root()).rstrip("/")
    sent_by = actor_user(actor)
    report = SendReport(plan=plan)
    connection = get_connection()
    total = len(plan.recipients)
    for done, recipient in enumerate(plan.recipients, start=1):
        try:
            with transaction.atomic():
                update_request = UpdateRequest.objects.create(
                    partnership=plan.partnership,
                    person=recipient.person,
                    meeting=plan.meeting,
                    kind=plan.kind,
                    sent_at=now,
                    expires_at=now + dt.timedelta(days=link_days()),
                    sent_by=sent_by,
                )
                update_request.actions.set(recipient.actions)
                message = _message(plan, recipient, update_request, base_url, connection)
                audit_record(
                    actor=actor,
                    verb="update_request.send",
                    obj=update_request,
                    partnership=plan.partnership,
                    after={
                        "kind": plan.kind,
                        "to": recipient.email,
                        "person": recipient.person.display_name,
                        "meeting": plan.meeting.key if plan.meeting else "",
                        "actions": [a.pk for a in recipient.actions],
                        "expires_at": update_request.expires_at.isoformat(),
                        "subject": message.subject,
                    },
                )
                message.send()
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            # Nothing half-done: the request and its audit event go with the failed e-mail
            log.warning("update request to person %s not sent: %s", recipient.person.pk, exc)
            report.failed.append(Failed(recipient=recipient, error=str(exc) or type(exc).__name__))
        else:
            report.sent.append(Sent(recipient=recipient, update_request=update_request))
        if progress is not None:
            progress(done, total)
    return report


def update_requests_send(
    *,
    actor: Actor,
    meeting: Meeting,
    now: dt.datetime | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """E-mail every owner of the body's open actions from earlier meetings, once each."""
    ensure_can_manage(actor, meeting.body.partnership)
    now = now or timezone.now()
    plan = update_requests_plan(meeting=meeting, today=timezone.localtime(now).date())
    return _send(actor=actor, plan=plan, now=now, base_url=base_url, progress=progress)


def update_requests_send_for(
    *,
    actor: Actor,
    plan: Plan,
    now: dt.datetime | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Send a request planned by another app for its own set of actions (a delivery plan's
    quarterly updates: `update_requests.actions_requests_plan`), with the same links, e-mail
    and audit as a meeting's."""
    ensure_can_manage(actor, plan.partnership)
    if plan.kind != REQUEST or not plan.purpose:
        raise ValueError("Only a request with a purpose can be sent this way.")
    now = now or timezone.now()
    return _send(actor=actor, plan=plan, now=now, base_url=base_url, progress=progress)


def overdue_reminders_send(
    *,
    actor: Actor,
    partnership: Partnership,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
) -> SendReport:
    """Remind every owner of an overdue open action in the partnership, once each."""
    ensure_can_manage(actor, partnership)
    now = now or timezone.now()
    today = today or timezone.localtime(now).date()
    plan = overdue_reminders_plan(partnership=partnership, today=today)
    return _send(actor=actor, plan=plan, now=now, base_url=base_url, progress=progress)


@transaction.atomic
def update_request_revoke(
    *, actor: Actor, request: UpdateRequest, now: dt.datetime | None = None
) -> UpdateRequest:
    """Withdraw a request: every link in its e-mail stops working at once."""
    ensure_can_manage(actor, request.partnership)
    if request.revoked_at is not None:
        return request
    request.revoked_at = now or timezone.now()
    request.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        verb="update_request.revoke",
        obj=request,
        partnership=request.partnership,
        before={"revoked_at": None},
        after={"revoked_at": request.revoked_at.isoformat(), "person": str(request.person)},
    )
    return request


def update_link_opened(*, update_request: UpdateRequest, action: Action | None, page: str) -> None:
    """Audit that an owner opened their link (`page`: "update", "mine" or "thanks")."""
    audit_record(
        actor=f"{update_request.person.display_name} (update link)",
        verb="update_link.open",
        obj=action if action is not None else update_request,
        partnership=update_request.partnership,
        after={"update_request": update_request.pk, "page": page},
    )


def update_link_refused(*, update_request: UpdateRequest, reason: str) -> None:
    """Audit an attempt to use a link that no longer works (expired, withdrawn, reassigned)."""
    audit_record(
        actor=f"{update_request.person.display_name} (update link)",
        verb="update_link.refused",
        obj=update_request,
        partnership=update_request.partnership,
        note=reason,
    )
