"""A meeting's publication record, as one viewer may see it, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from csphub.accounts.models import PartnershipRole
from csphub.accounts.permissions import Viewer
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Person
from csphub.partnerships.selectors import memberships_on

from .access import may_read_members_pack
from .models import Notification, PackVersion


@dataclass(frozen=True)
class Event:
    """One line of the record: what was published, when, and how members may be told."""

    label: str
    at: dt.datetime
    event: str  # a Notification.Event value
    pack: PackVersion | None = None


@dataclass
class PublicationRecord:
    meeting: Meeting
    packs: list[PackVersion]  # newest first
    members: bool  # the viewer may read the members' packs
    manage: bool
    events: list[Event] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)

    @property
    def latest(self) -> PackVersion | None:
        return self.packs[0] if self.packs else None

    @property
    def can_dispatch(self) -> bool:
        return self.manage and self.meeting.status in Meeting.AGENDA_PUBLIC


def publication_record(meeting: Meeting, viewer: Viewer) -> PublicationRecord:
    packs = list(PackVersion.objects.visible_to(viewer).filter(meeting=meeting).order_by("-number"))
    manage = viewer.can_manage and may_read_members_pack(viewer, meeting)
    record = PublicationRecord(
        meeting=meeting,
        packs=packs,
        members=may_read_members_pack(viewer, meeting),
        manage=manage,
    )
    E = Notification.Event
    events = []
    if meeting.agenda_published_at and meeting.shows_agenda_to(viewer):
        events.append(Event("Agenda published", meeting.agenda_published_at, E.AGENDA_PUBLISHED))
    for pack in packs:
        kind = E.SUPPLEMENTARY_PACK if pack.is_supplementary else E.PACK_DISPATCHED
        label = f"{pack.label} dispatched" + (f": {pack.note}" if pack.note else "")
        events.append(Event(label, pack.dispatched_at, kind, pack))
    if meeting.minutes_published_at and meeting.shows_minutes_to(viewer):
        events.append(
            Event("Draft minutes published", meeting.minutes_published_at, E.DRAFT_MINUTES)
        )
    if meeting.minutes_approved_at and meeting.minutes_locked:
        events.append(
            Event("Approved minutes published", meeting.minutes_approved_at, E.APPROVED_MINUTES)
        )
    record.events = sorted(events, key=lambda e: e.at)
    if manage:
        record.notifications = list(
            Notification.objects.visible_to(viewer)
            .filter(meeting=meeting)
            .select_related("pack", "requested_by")
            .order_by("requested_at", "id")
        )
    return record


@dataclass(frozen=True)
class Recipient:
    person: Person
    cleared: bool  # the person's account may read Part 2 in this partnership


def recipients(meeting: Meeting) -> tuple[list[Recipient], list[Person]]:
    """The body's members on the meeting day: those with an address, and those without."""
    by_pk: dict[int, Person] = {}
    for membership in memberships_on(meeting.body, meeting.date):
        if membership.person is not None:  # vacant seats are left out already
            by_pk.setdefault(membership.person.pk, membership.person)  # one e-mail per person
    unique = list(by_pk.values())
    user_ids = [p.user_id for p in unique if p.user_id]
    # Who may read Part 2 is the Viewer's rule, asked of each member's role here in one query
    partnership_id = meeting.body.partnership_id
    roles = PartnershipRole.objects.filter(
        partnership_id=partnership_id, user_id__in=user_ids, user__is_active=True
    ).values_list("user_id", "role", "cleared_for_restricted")
    cleared_users = {
        user_id
        for user_id, role, cleared in roles
        if Viewer(
            user=None, partnership_id=partnership_id, role=role, cleared=cleared
        ).can_see_restricted
    }
    with_email = [Recipient(p, p.user_id in cleared_users) for p in unique if p.email]
    return with_email, [p for p in unique if not p.email]
