"""Dispatching agenda packs and telling members: the publishing writes, each audited.

A dispatch compiles both variants from the meeting as it stands and keeps them for good;
a later dispatch (a late paper) is a supplementary pack beside the first, never over it.
E-mails go through the task queue after the transaction commits, one per member, so a slow
mail server never holds up the page and a failed dispatch sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor, SystemActor, actor_user
from csphub.audit.services import audit_record
from csphub.core.formats import long_date, short_date
from csphub.core.site_url import site_root
from csphub.core.stored_files import kept_only_if_saved
from csphub.meetings.models import Meeting

from .compile import PackError, compile_pack
from .models import Notification, PackVersion, Variant
from .selectors import Recipient, recipients

log = logging.getLogger(__name__)

# What each event needs before members can be told about it.
EVENT_READY = {
    Notification.Event.AGENDA_PUBLISHED: Meeting.AGENDA_PUBLIC,
    Notification.Event.PACK_DISPATCHED: Meeting.AGENDA_PUBLIC,
    Notification.Event.SUPPLEMENTARY_PACK: Meeting.AGENDA_PUBLIC,
    Notification.Event.DRAFT_MINUTES: Meeting.MINUTES_PUBLIC,
    Notification.Event.APPROVED_MINUTES: frozenset({Meeting.Status.MINUTES_APPROVED}),
}


@transaction.atomic
def pack_dispatch(
    *,
    actor: Actor,
    meeting: Meeting,
    note: str = "",
    notify: bool = False,
    base_url: str | None = None,
    now: dt.datetime | None = None,
) -> PackVersion:
    """Compile and keep the next version of the meeting's pack (public and members')."""
    ensure_can_manage(actor, meeting.body.partnership)
    if meeting.status not in Meeting.AGENDA_PUBLIC:
        raise ValidationError("Publish the agenda before dispatching its pack.")
    note = note.strip()
    if len(note) > 300:
        raise ValidationError("Say what the supplementary pack adds in 300 characters or fewer.")
    now = now or timezone.now()
    # Lock the meeting row so two dispatches at once cannot take the same number.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    number = PackVersion.objects.filter(meeting=meeting).count() + 1
    day = timezone.localdate(now)
    try:
        public = compile_pack(meeting, Variant.PUBLIC, dispatched_on=day, version=number, note=note)
        members = compile_pack(
            meeting, Variant.MEMBERS, dispatched_on=day, version=number, note=note
        )
    except PackError as exc:
        raise ValidationError(str(exc)) from exc
    pack = PackVersion(
        meeting=meeting,
        number=number,
        dispatched_at=now,
        dispatched_by=actor_user(actor),
        note=note,
        public_pages=public.page_count,
        members_pages=members.page_count,
        has_part_two=members.page_count != public.page_count
        or [i.label for i in members.flat_items()] != [i.label for i in public.flat_items()],
    )
    name = f"{meeting.body.slug}-{meeting.date.isoformat()}-pack-{number}"
    with kept_only_if_saved() as track:
        track(pack.public_file)
        pack.public_file.save(f"{name}.pdf", ContentFile(public.pdf), save=False)
        track(pack.members_file)
        pack.members_file.save(f"{name}-members.pdf", ContentFile(members.pdf), save=False)
        pack.save()
        audit_record(
            actor=actor,
            verb="pack.dispatch",
            obj=pack,
            partnership=meeting.body.partnership,
            after={
                "meeting": meeting.key,
                "number": number,
                "note": note,
                "public_pages": pack.public_pages,
                "members_pages": pack.members_pages,
            },
        )
    if notify:
        event = (
            Notification.Event.SUPPLEMENTARY_PACK
            if number > 1
            else Notification.Event.PACK_DISPATCHED
        )
        notification_send(
            actor=actor, meeting=meeting, event=event, pack=pack, base_url=base_url, now=now
        )
    return pack


@transaction.atomic
def notification_send(
    *,
    actor: Actor,
    meeting: Meeting,
    event: str,
    pack: PackVersion | None = None,
    base_url: str | None = None,
    now: dt.datetime | None = None,
) -> Notification:
    """Record that members are to be told of ``event``; the e-mails go after commit."""
    ensure_can_manage(actor, meeting.body.partnership)
    if event not in Notification.Event.values:
        raise ValidationError(f"Unknown publication event {event!r}.")
    if meeting.status not in EVENT_READY[Notification.Event(event)]:
        raise ValidationError(
            f"{Notification.Event(event).label} has not happened for this meeting yet."
        )
    if pack is None and event in (
        Notification.Event.PACK_DISPATCHED,
        Notification.Event.SUPPLEMENTARY_PACK,
    ):
        pack = PackVersion.objects.filter(meeting=meeting).order_by("-number").first()
        if pack is None:
            raise ValidationError("No pack has been dispatched for this meeting yet.")
    notification = Notification.objects.create(
        meeting=meeting,
        event=event,
        pack=pack,
        requested_at=now or timezone.now(),
        requested_by=actor_user(actor),
    )
    audit_record(
        actor=actor,
        verb="publication.notify",
        obj=notification,
        partnership=meeting.body.partnership,
        after={"meeting": meeting.key, "event": event, "pack": pack.number if pack else None},
    )
    from .tasks import deliver

    root = (base_url or site_root()).rstrip("/")
    transaction.on_commit(lambda: deliver.enqueue(notification.pk, root))
    return notification


def _message(notification: Notification, recipient: Recipient, root: str) -> EmailMessage:
    meeting = notification.meeting
    slug, body, day = meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat()
    name = meeting.body.name_on(meeting.date)
    page = root + reverse("meetings:detail", args=[slug, body, day])
    event = Notification.Event(notification.event)
    lines = [f"Dear {recipient.person.display_name},", ""]
    when = f"the meeting of the {name} on {long_date(meeting.date)}"
    pack = notification.pack
    if pack is not None:
        headline = (
            f"A supplementary pack for {when} was published on "
            f"{short_date(timezone.localtime(pack.dispatched_at).date())}"
            + (f": {pack.note}" if pack.note else ".")
            if pack.is_supplementary
            else f"The agenda pack for {when} has been published."
        )
        lines += [headline, ""]
        public = root + reverse("publishing:pack_public", args=[slug, body, day, pack.number])
        if recipient.cleared and pack.has_part_two:
            members = root + reverse("publishing:pack_members", args=[slug, body, day, pack.number])
            lines += [
                "Your pack, including the Part 2 (restricted) items (sign in to open it):",
                members,
                "",
                "The public pack:",
                public,
            ]
        else:
            lines += ["The pack:", public]
    else:
        lines += [f"{event.label}: {when}.", ""]
        if event in (Notification.Event.DRAFT_MINUTES, Notification.Event.APPROVED_MINUTES):
            lines += [
                "The minutes:",
                root + reverse("meetings:document", args=[slug, body, day, "minutes", "pdf"]),
            ]
        else:
            lines += [
                "The agenda:",
                root + reverse("meetings:document", args=[slug, body, day, "agenda", "pdf"]),
            ]
    lines += ["", "The meeting's page:", page, "", meeting.body.partnership.name]
    subject = f"{event.label}: {name}, {long_date(meeting.date)}"
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[recipient.person.email],
        reply_to=[meeting.body.partnership.contact_email]
        if meeting.body.partnership.contact_email
        else None,
    )


def notification_deliver(*, notification_id: int, root: str) -> Notification:
    """The queued half: one e-mail per member, each failure logged and the rest sent."""
    notification = Notification.objects.select_related("meeting__body__partnership", "pack").get(
        pk=notification_id
    )
    with_email, without = recipients(notification.meeting)
    connection = get_connection()
    sent = 0
    for recipient in with_email:
        try:
            connection.send_messages([_message(notification, recipient, root)])
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            log.warning("publication e-mail to person %s not sent: %s", recipient.person.pk, exc)
        else:
            sent += 1
    Notification.objects.filter(pk=notification.pk).update(
        recipients=len(with_email),
        sent=sent,
        without_email="; ".join(p.display_name for p in without),
    )
    audit_record(
        actor=SystemActor("publishing e-mails"),
        verb="publication.delivered",
        obj=notification,
        partnership=notification.meeting.body.partnership,
        after={"recipients": len(with_email), "sent": sent, "without_email": len(without)},
    )
    notification.refresh_from_db()
    return notification
