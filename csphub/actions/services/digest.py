"""The secretariat's daily digest of updates owners sent through their links, so nobody has
to watch the action log to learn that an update (or a proposed "Done") arrived.

Each digest covers from where the previous one ended to now, and is recorded
(`UpdateDigest`) in the same transaction as its audit event before the e-mail goes, so a
second run the same day sends nothing twice; a failed send rolls the record back and the
next run covers the same updates again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.core import formats
from csphub.core.site_url import site_root
from csphub.partnerships.models import Partnership

from .. import rules
from ..models import Action, ActionUpdate, UpdateDigest

FIRST_DIGEST_COVERS = dt.timedelta(days=1)


@dataclass
class DigestReport:
    partnership: Partnership
    since: dt.datetime
    updates: list[ActionUpdate] = field(default_factory=list)
    to: list[str] = field(default_factory=list)
    digest: UpdateDigest | None = None

    def summary(self) -> str:
        if self.digest is not None:
            n = len(self.updates)
            return f"Sent a digest of {n} update{'s' if n != 1 else ''} to {', '.join(self.to)}."
        if not self.updates:
            return "No updates since the last digest: nothing sent."
        return "No secretariat e-mail address is recorded: nothing sent."


def digest_recipients_of(partnership: Partnership) -> list[str]:
    """The secretariat's addresses: its users' and the partnership's contact address."""
    User = get_user_model()
    addresses = list(
        User.objects.filter(
            is_active=True,
            partnership_roles__partnership=partnership,
            partnership_roles__role="secretariat",
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )
    if partnership.contact_email:
        addresses.append(partnership.contact_email)
    return list(dict.fromkeys(a.lower() for a in addresses))


@transaction.atomic
def update_digest_send(
    *,
    actor: Actor,
    partnership: Partnership,
    now: dt.datetime | None = None,
    base_url: str | None = None,
) -> DigestReport:
    """E-mail the secretariat every link update received since the previous digest."""
    ensure_can_manage(actor, partnership)
    now = now or timezone.now()
    last = (
        UpdateDigest.objects.select_for_update()
        .filter(partnership=partnership)
        .order_by("-covered_to")
        .first()
    )
    since = last.covered_to if last is not None else now - FIRST_DIGEST_COVERS
    updates = list(
        ActionUpdate.objects.filter(
            action__partnership=partnership,
            kind=ActionUpdate.Kind.UPDATE,
            via_link=True,
            at__gt=since,
            at__lte=now,
        )
        .select_related("action", "action__body", "action__minute", "action__meeting")
        .order_by("at", "id")
    )
    report = DigestReport(partnership=partnership, since=since, updates=updates)
    if not updates:
        return report
    report.to = digest_recipients_of(partnership)
    if not report.to:
        return report
    root = (base_url or site_root()).rstrip("/")
    lines = [
        {
            "update": u,
            "action": u.action,
            "proposed": Action.Status(u.proposed_status).label
            if u.proposed_status in rules.STATUSES
            else "",
            "current": u.action.get_status_display(),
            "url": root + reverse("actions:detail", args=[partnership.slug, u.action_id]),
        }
        for u in updates
    ]
    proposals = sum(1 for line in lines if line["proposed"])
    context = {
        "partnership": partnership,
        "lines": lines,
        "since": formats.long_date(timezone.localtime(since).date()),
        "proposals": proposals,
        "log_url": root + reverse("actions:log", args=[partnership.slug]),
    }
    n = len(updates)
    report.digest = UpdateDigest.objects.create(
        partnership=partnership,
        sent_at=now,
        covered_from=since,
        covered_to=now,
        update_count=n,
        to=report.to,
    )
    audit_record(
        actor=actor,
        verb="update_digest.send",
        obj=report.digest,
        partnership=partnership,
        after={"to": report.to, "updates": [u.pk for u in updates], "since": since.isoformat()},
    )
    message = EmailMultiAlternatives(
        subject=f"{partnership.name}: {n} action update{'s' if n != 1 else ''} received",
        body=render_to_string("actions/email/update_digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=report.to,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send()
    return report
