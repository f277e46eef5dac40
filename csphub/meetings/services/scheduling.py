"""Scheduling a meeting, editing it, and moving it through its statuses."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import model_create, model_update
from csphub.core.formats import long_date
from csphub.partnerships.models import Body

from .. import deadlines
from ..models import (
    AgendaItem,
    Meeting,
)
from ..signals import meeting_moved, meeting_records_bulk_created
from ._shared import check_held, check_transition, partnership_of

STANDING_ITEMS: list[tuple[str, str]] = [
    (AgendaItem.Standing.APOLOGIES, "Apologies for absence"),
    (AgendaItem.Standing.DECLARATIONS, "Declarations of interest"),
    (AgendaItem.Standing.PREVIOUS_MINUTES, "Minutes of the previous meeting"),
    (AgendaItem.Standing.MATTERS_ARISING, "Matters arising"),
    (AgendaItem.Standing.QUESTIONS, "Questions from councillors and members of the public"),
    (AgendaItem.Standing.AOB, "Any other business"),
    (AgendaItem.Standing.NEXT_MEETING, "Date of next meeting"),
]


PREVIOUS_MINUTES_TITLE = "Minutes of the previous meeting"


def _previous_minutes_title(previous: dt.date | None) -> str:
    """The standing item's title, naming the meeting whose minutes are to be approved
    ("Minutes of the previous meeting held on Thursday 21 June 2018"), so members know
    which minutes are meant without opening the pack; plain when there is none yet."""
    if previous is None:
        return PREVIOUS_MINUTES_TITLE
    return f"{PREVIOUS_MINUTES_TITLE} held on {long_date(previous)}"


def _retitle_previous_minutes(body: Body) -> None:
    """Keep each unpublished agenda's "Minutes of the previous meeting" item naming the
    body's previous (not cancelled) meeting, after a meeting is scheduled, moved or
    cancelled. Published agendas are public documents and are left as they went out; an
    item whose title the secretariat rewrote is left alone. Part of the scheduling write
    that calls it, which records the audit event."""
    dates = list(
        Meeting.objects.filter(body=body)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
        .values_list("pk", "date", "status")
    )
    expected = {}
    previous: dt.date | None = None
    for pk, date, status in dates:
        if status == Meeting.Status.SCHEDULED:
            expected[pk] = _previous_minutes_title(previous)
        previous = date
    items = AgendaItem.objects.filter(
        meeting_id__in=list(expected),
        standing=AgendaItem.Standing.PREVIOUS_MINUTES,
        title__startswith=PREVIOUS_MINUTES_TITLE,
    )
    changed = []
    for item in items:
        title = expected[item.meeting_id]
        if item.title != title:
            item.title = title
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["title"])


# Items added by the secretariat go before these, so the agenda still ends with them.
TRAILING_STANDING = {AgendaItem.Standing.AOB, AgendaItem.Standing.NEXT_MEETING}


# What each edit may change: the fields of the form that edits it, and no others.
MEETING_FIELDS = ("date", "start_time", "venue")


@transaction.atomic
def meeting_schedule(
    *,
    actor: Actor,
    body: Body,
    date: dt.date,
    start_time: dt.time,
    venue: str = "",
    with_standing_items: bool = True,
) -> Meeting:
    """Schedule a meeting; its agenda starts from the body's standing items."""
    ensure_can_manage(actor, body.partnership)
    if Meeting.objects.filter(body=body, date=date).exists():
        raise ValidationError(f"{body} already has a meeting on {date:%-d %B %Y}.")
    meeting = model_create(
        actor=actor,
        model=Meeting,
        partnership=body.partnership,
        verb="meeting.schedule",
        body=body,
        date=date,
        start_time=start_time,
        venue=venue,
    )
    if with_standing_items:
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=i, title=title, standing=standing)
            for i, (standing, title) in enumerate(STANDING_ITEMS, start=1)
        )
        meeting_records_bulk_created.send(sender=Meeting, meeting=meeting)
    _retitle_previous_minutes(body)
    return meeting


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, data: dict) -> Meeting:
    ensure_can_manage(actor, partnership_of(meeting))
    if "date" in data and data["date"] != meeting.date:
        clash = Meeting.objects.filter(body=meeting.body, date=data["date"]).exclude(pk=meeting.pk)
        if clash.exists():
            raise ValidationError("The body already has a meeting on that day.")
    if any(name in data and data[name] != getattr(meeting, name) for name in MEETING_FIELDS):
        data = {**data, "sequence": meeting.sequence + 1}  # moved: calendars must update
    old_start = dt.datetime.combine(meeting.date, meeting.start_time)
    updated = model_update(
        actor=actor,
        instance=meeting,
        data=data,
        partnership=partnership_of(meeting),
        verb="meeting.update",
        fields=(*MEETING_FIELDS, "letter_date", "sequence"),
    )
    _retitle_previous_minutes(meeting.body)
    if updated.date != old_start.date():
        meeting_moved.send(
            sender=Meeting,
            actor=actor,
            meeting=updated,
            old_start=old_start,
            new_start=dt.datetime.combine(updated.date, updated.start_time),
        )
    return updated


@transaction.atomic
def agenda_publish(
    *,
    actor: Actor,
    meeting: Meeting,
    at: dt.datetime | None = None,
    letter_date: dt.date | None = None,
    dated: bool = True,
) -> Meeting:
    """Publish the agenda: record when, and whether the body's notice period was met.

    The agenda letter carries ``letter_date`` when given, else the day of publishing (a
    letter date already set by hand is kept); ``dated=False`` is for a partnership whose
    agendas carry no date of issue (Barking and Dagenham's print the meeting's date only).
    """
    ensure_can_manage(actor, partnership_of(meeting))
    check_transition(meeting, Meeting.Status.AGENDA_PUBLISHED)
    at = at or timezone.now()
    met = deadlines.notice_met(at, meeting.date, meeting.body.notice_clear_days)
    if not dated:
        letter = None
    else:
        letter = letter_date or meeting.letter_date or timezone.localtime(at).date()
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=partnership_of(meeting),
        verb="agenda.publish",
        data={
            "status": Meeting.Status.AGENDA_PUBLISHED,
            "agenda_published_at": at,
            "agenda_notice_met": met,
            "letter_date": letter,
        },
        note="" if met else "Published with less than the required notice.",
        fields=("status", "agenda_published_at", "agenda_notice_met", "letter_date"),
    )


@transaction.atomic
def meeting_mark_held(*, actor: Actor, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """Record that the meeting took place: only from its start (``now`` defaults to now)."""
    ensure_can_manage(actor, partnership_of(meeting))
    check_transition(meeting, Meeting.Status.HELD)
    check_held(meeting, now or timezone.now())
    return model_update(
        actor=actor,
        instance=meeting,
        partnership=partnership_of(meeting),
        verb="meeting.held",
        data={"status": Meeting.Status.HELD},
        fields=("status",),
    )


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting) -> Meeting:
    ensure_can_manage(actor, partnership_of(meeting))
    check_transition(meeting, Meeting.Status.CANCELLED)
    cancelled = model_update(
        actor=actor,
        instance=meeting,
        partnership=partnership_of(meeting),
        verb="meeting.cancel",
        data={"status": Meeting.Status.CANCELLED, "sequence": meeting.sequence + 1},
        fields=("status", "sequence"),
    )
    _retitle_previous_minutes(meeting.body)
    return cancelled
