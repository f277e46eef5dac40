"""Asking action owners for updates: what each owner would be sent, and to whom.

One e-mail per owner lists all their open actions, each with its own signed link (see
`links`); reminders go to owners of overdue actions. Owners who cannot be e-mailed
(organisations, people with no address) are reported, never dropped, so the secretariat can
chase them another way. Sending is `services.update_requests`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from csphub.core import formats
from csphub.meetings import deadlines
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Organisation, Partnership, Person

from . import rules
from .links import link_days
from .models import Action, ActionOwner, ActionUpdate
from .representatives import Representatives

REQUEST = "request"


REMINDER = "reminder"


Progress = Callable[[int, int], None]


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
    purpose: str = ""
    """What the request is for when it is not a meeting's Matters Arising, e.g. "Children
    and Young People delivery plan 2017/18, quarter 2": it heads the e-mail."""

    @property
    def actions_not_requested(self) -> list[Action]:
        """Actions none of whose owners can be e-mailed: they need chasing by hand."""
        asked = {a.pk for r in self.recipients for a in r.actions}
        return [a for a in self.actions if a.pk not in asked]


def _group(actions: list[Action], today: dt.date) -> tuple[list[Recipient], list[Unreachable]]:
    """One recipient per person, with all their actions; an organisation's actions go to its
    lead representative (`representatives`). Who cannot be e-mailed is listed, not lost."""
    recipients: dict[int, Recipient] = {}
    unreachable: dict[tuple[str, int], Unreachable] = {}
    reps = Representatives(
        {o.organisation_id for a in actions for o in a.owners.all() if o.organisation_id}, today
    )
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
                    mine = recipients.setdefault(person.pk, Recipient(person=person, email=address))
                    if action not in mine.actions:
                        mine.actions.append(action)
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
                lead = reps.lead(org.pk, action.body_id)
                address = email_of(lead) if lead is not None else ""
                if lead is not None and address:
                    recipient = recipients.setdefault(
                        lead.pk, Recipient(person=lead, email=address)
                    )
                    if action not in recipient.actions:
                        recipient.actions.append(action)
                    continue
                entry = unreachable.setdefault(
                    ("organisation", org.pk),
                    Unreachable(
                        name=org.name,
                        reason=(
                            f"An organisation: its lead representative, {lead.display_name}, "
                            "has no e-mail address recorded."
                            if lead is not None
                            else "An organisation with no current member on any body to ask."
                        ),
                        organisation=org,
                    ),
                )
            entry.actions.append(action)
    by_name = sorted(recipients.values(), key=lambda r: (r.person.name.lower(), r.person.pk))
    return by_name, sorted(unreachable.values(), key=lambda u: u.name.lower())


def _reply_by(meeting: Meeting, today: dt.date) -> dt.date | None:
    """A working day before the agenda must go out, so updates reach Matters Arising; but
    never after the e-mail's links stop working (`rules.reply_by_date`)."""
    try:
        day = deadlines.subtract_working_days(
            deadlines.latest_publication_date(meeting.date, meeting.body.notice_clear_days), 1
        )
    except ValueError:  # a year the bank-holiday calendar does not know
        return None
    return rules.reply_by_date(day, rules.links_expire_on(today, link_days()), today)


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
    recipients, unreachable = _group(actions, today)
    return Plan(
        kind=REQUEST,
        partnership=body.partnership,
        meeting=meeting,
        actions=actions,
        recipients=recipients,
        unreachable=unreachable,
        reply_by=_reply_by(meeting, today),
    )


def actions_requests_plan(
    *,
    partnership: Partnership,
    actions,
    purpose: str,
    reply_by: dt.date | None = None,
    today: dt.date | None = None,
) -> Plan:
    """A request for updates on a given set of the partnership's open actions (a delivery
    plan's, say), one e-mail per owner. `reply_by` is kept only while the links still work
    (`rules.reply_by_date`)."""
    today = today or timezone.localdate()
    chosen = list(
        with_context(
            actions.filter(partnership=partnership, status__in=rules.OPEN_STATUSES)
        ).order_by("created_at", "id")
    )
    annotate_due(chosen, partnership)
    recipients, unreachable = _group(chosen, today)
    return Plan(
        kind=REQUEST,
        partnership=partnership,
        meeting=None,
        actions=chosen,
        recipients=recipients,
        unreachable=unreachable,
        reply_by=rules.reply_by_date(reply_by, rules.links_expire_on(today, link_days()), today),
        purpose=purpose,
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
    recipients, unreachable = _group(actions, today)
    return Plan(
        kind=REMINDER,
        partnership=partnership,
        meeting=None,
        actions=actions,
        recipients=recipients,
        unreachable=unreachable,
    )
