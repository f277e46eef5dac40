"""Asking action owners for updates: one e-mail per owner listing all their open actions,
each with its own signed link (see `links`), and reminders to owners of overdue actions.

Owners who cannot be e-mailed (organisations, people with no address) are reported, never
dropped, so the secretariat can chase them another way. Each e-mail sent is one
`UpdateRequest` row and one audit event; tokens are never stored or audited.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.core import formats
from csphub.meetings import deadlines
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Organisation, Partnership, Person

from . import rules
from .links import link_days, make_token
from .models import Action, ActionOwner, ActionUpdate, UpdateRequest

log = logging.getLogger(__name__)

REQUEST = "request"
REMINDER = "reminder"
Progress = Callable[[int, int], None]


# --- Describing an action to its owner ---------------------------------------------------


@dataclass
class ActionLine:
    """An action as an owner sees it in an e-mail or on their link page."""

    action: Action
    source: str  # "Minute 180, Tuesday 19 December 2017" or "Action plan, number 7"
    due: str  # "Friday 30 March 2018", "By the next meeting (Monday 26 March 2018)"
    status: str
    rag: str
    latest_update: ActionUpdate | None
    url: str = ""


def _source(action: Action) -> str:
    minute = action.minute
    if minute is not None:
        return f"Minute {minute.label}, {formats.long_date(minute.meeting.date)}: {minute.title}"
    if action.meeting is not None:
        return f"Meeting of {formats.long_date(action.meeting.date)}"
    if action.reference:
        return f"{action.get_source_display()}, number {action.reference}"
    return action.get_source_display()


def _due_text(action: Action) -> str:
    due_on = getattr(action, "due_on", None)
    if action.due_date is not None:
        return formats.long_date(action.due_date)
    if action.due_next_meeting and due_on:
        return f"By the next meeting ({formats.long_date(due_on)})"
    if action.due_next_meeting:
        return "By the next meeting"
    return "No date set"


def action_line(action: Action, url: str = "") -> ActionLine:
    """Needs `minute__meeting` and `meeting` selected, and `latest_updates` prefetched
    (see `with_context`) to stay one query per list."""
    updates = getattr(action, "latest_updates", None)
    if updates is None:
        updates = list(
            action.updates.filter(kind=ActionUpdate.Kind.UPDATE).order_by("-at", "-id")[:1]
        )
    return ActionLine(
        action=action,
        source=_source(action),
        due=_due_text(action),
        status=action.get_status_display(),
        rag=rules.rag_label(action.rag),
        latest_update=updates[0] if updates else None,
        url=url,
    )


def with_context(queryset):
    """What an `ActionLine` reads, fetched in a fixed number of queries."""
    return queryset.select_related(
        "body", "partnership", "meeting", "minute", "minute__meeting"
    ).prefetch_related(
        Prefetch(
            "owners",
            queryset=ActionOwner.objects.select_related("person", "person__user", "organisation"),
        ),
        Prefetch(
            "updates",
            queryset=ActionUpdate.objects.filter(kind=ActionUpdate.Kind.UPDATE).order_by(
                "-at", "-id"
            ),
            to_attr="latest_updates",
        ),
    )


def annotate_due(actions: list[Action], partnership: Partnership) -> None:
    """Set `due_on` on each action: its own date, or its body's next meeting after the one
    that set it (one query for all the bodies' meeting dates)."""
    dates: dict[int, list[dt.date]] = {}
    rows = (
        Meeting.objects.filter(body__partnership=partnership)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .values_list("body_id", "date")
    )
    for body_id, day in rows:
        dates.setdefault(body_id, []).append(day)
    for action in actions:
        next_meeting = None
        if action.due_date is None and action.due_next_meeting:
            if action.meeting is not None:
                after = action.meeting.date
            else:
                after = timezone.localtime(action.created_at).date()
            body_dates = dates.get(action.body_id, [])
            i = bisect.bisect_right(body_dates, after)
            next_meeting = body_dates[i] if i < len(body_dates) else None
        action.due_on = rules.effective_due(action.due_date, action.due_next_meeting, next_meeting)


def person_open_actions(person: Person) -> list[Action]:
    """A person's own open actions across the partnership's bodies, oldest first."""
    actions = list(
        with_context(
            Action.objects.filter(
                partnership_id=person.partnership_id,
                owners__person=person,
                status__in=rules.OPEN_STATUSES,
            ).distinct()
        ).order_by("body__name", "created_at", "id")
    )
    annotate_due(actions, person.partnership)
    return actions


# --- Who is asked --------------------------------------------------------------------------


def email_of(person: Person) -> str:
    """Where to write to a person: their own address, else their user account's."""
    if person.email:
        return person.email
    user = person.user if person.user_id else None
    return (user.email or "") if user is not None and user.is_active else ""


@dataclass
class Recipient:
    person: Person
    email: str
    actions: list[Action] = field(default_factory=list)


@dataclass
class Unreachable:
    """An owner who cannot be e-mailed, with the actions they were not asked about."""

    name: str
    reason: str
    actions: list[Action] = field(default_factory=list)
    person: Person | None = None
    organisation: Organisation | None = None


@dataclass
class Plan:
    """Who would be e-mailed, before anything is sent (the secretariat's preview)."""

    kind: str
    partnership: Partnership
    meeting: Meeting | None
    actions: list[Action]
    recipients: list[Recipient]
    unreachable: list[Unreachable]
    reply_by: dt.date | None = None

    @property
    def actions_not_requested(self) -> list[Action]:
        """Actions none of whose owners can be e-mailed: they need chasing by hand."""
        asked = {a.pk for r in self.recipients for a in r.actions}
        return [a for a in self.actions if a.pk not in asked]


def _group(actions: list[Action]) -> tuple[list[Recipient], list[Unreachable]]:
    recipients: dict[int, Recipient] = {}
    unreachable: dict[tuple[str, int], Unreachable] = {}
    for action in actions:
        owners = list(action.owners.all())
        if not owners:
            entry = unreachable.setdefault(
                ("none", 0), Unreachable(name="No owner", reason="No owner is recorded.")
            )
            entry.actions.append(action)
        for owner in owners:
            if owner.person_id:
                person = owner.person
                address = email_of(person)
                if address:
                    recipients.setdefault(
                        person.pk, Recipient(person=person, email=address)
                    ).actions.append(action)
                    continue
                entry = unreachable.setdefault(
                    ("person", person.pk),
                    Unreachable(
                        name=person.display_name,
                        reason="No e-mail address is recorded for them.",
                        person=person,
                    ),
                )
            else:
                org = owner.organisation
                entry = unreachable.setdefault(
                    ("organisation", org.pk),
                    Unreachable(
                        name=org.name,
                        reason="An organisation, not a person: ask its representative.",
                        organisation=org,
                    ),
                )
            entry.actions.append(action)
    by_name = sorted(recipients.values(), key=lambda r: (r.person.name.lower(), r.person.pk))
    return by_name, sorted(unreachable.values(), key=lambda u: u.name.lower())


def _reply_by(meeting: Meeting, today: dt.date) -> dt.date | None:
    """A working day before the agenda must go out, so updates reach Matters Arising."""
    try:
        day = deadlines.subtract_working_days(
            deadlines.latest_publication_date(meeting.date, meeting.body.notice_clear_days), 1
        )
    except ValueError:  # a year the bank-holiday calendar does not know
        return None
    return day if day >= today else None


def update_requests_plan(*, meeting: Meeting, today: dt.date | None = None) -> Plan:
    """Open actions of the meeting's body from earlier meetings (and those of the body that
    came from no meeting, e.g. its action plan), grouped by the person who owns them."""
    today = today or timezone.localdate()
    body = meeting.body
    actions = list(
        with_context(
            Action.objects.filter(body=body, status__in=rules.OPEN_STATUSES).filter(
                Q(meeting__isnull=True) | Q(meeting__date__lt=meeting.date)
            )
        ).order_by(
            F("meeting__date").asc(nulls_last=True),
            F("minute__number").asc(nulls_last=True),
            "minute__suffix",
            "created_at",
            "id",
        )
    )
    annotate_due(actions, body.partnership)
    recipients, unreachable = _group(actions)
    return Plan(
        kind=REQUEST,
        partnership=body.partnership,
        meeting=meeting,
        actions=actions,
        recipients=recipients,
        unreachable=unreachable,
        reply_by=_reply_by(meeting, today),
    )


def overdue_reminders_plan(*, partnership: Partnership, today: dt.date | None = None) -> Plan:
    """Open actions across the partnership whose due date, or the next meeting they were
    due by, has passed."""
    today = today or timezone.localdate()
    candidates = list(
        with_context(
            Action.objects.filter(partnership=partnership, status__in=rules.OPEN_STATUSES).filter(
                Q(due_date__lt=today) | Q(due_date__isnull=True, due_next_meeting=True)
            )
        ).order_by("body__name", "created_at", "id")
    )
    annotate_due(candidates, partnership)
    actions = [a for a in candidates if rules.is_overdue(a.status, a.due_on, today)]
    recipients, unreachable = _group(actions)
    return Plan(
        kind=REMINDER,
        partnership=partnership,
        meeting=None,
        actions=actions,
        recipients=recipients,
        unreachable=unreachable,
    )


# --- Sending -------------------------------------------------------------------------------


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
    if plan.kind == REQUEST:
        meeting = plan.meeting
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
    base_url = (base_url or settings.CSPHUB_BASE_URL).rstrip("/")
    sent_by = actor if getattr(actor, "is_authenticated", False) else None
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


# --- Use of a link -----------------------------------------------------------------------


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


def requests_of(partnership: Partnership) -> Iterable[UpdateRequest]:
    """Past requests, newest first, for the secretariat's list (fixed number of queries)."""
    return (
        UpdateRequest.objects.filter(partnership=partnership)
        .select_related("person", "meeting", "meeting__body", "sent_by")
        .annotate(action_count=Count("actions"))
        .order_by("-sent_at", "-id")
    )
