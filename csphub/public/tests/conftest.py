"""A partnership's public business for the public pages' tests: a board (with a former
name) and a sub-group, past meetings with published minutes, decisions and attendance, an
upcoming and a cancelled meeting, and a canary planted in everything restricted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from csphub.meetings.models import Attendance, Meeting
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.models import BodyName, Membership
from csphub.partnerships.tests.factories import BodyFactory, MembershipFactory, PersonFactory

CANARY = "CANARY-7d13fe"
DECISION = "RESOLVED that the night-time economy plan be adopted"


@pytest.fixture
def world(partnership, users):
    board = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    BodyName.objects.create(body=board, name="Strategic Group", until=dt.date(2017, 12, 31))
    group = BodyFactory(partnership=partnership, slug="asb", name="ASB Group", kind="subgroup")
    december = MeetingFactory(
        body=board, date=dt.date(2017, 12, 19), status=Meeting.Status.MINUTES_APPROVED
    )
    march = MeetingFactory(
        body=board, date=dt.date(2018, 3, 26), status=Meeting.Status.DRAFT_MINUTES
    )
    held = MeetingFactory(body=group, date=dt.date(2018, 2, 5), status=Meeting.Status.HELD)
    public_minute = MinuteFactory(meeting=december, number=180, title="Night-time economy")
    ResolutionFactory(minute=public_minute, text=DECISION)
    ResolutionFactory(
        minute=MinuteFactory(meeting=march, number=190, title="Budget"),
        text="RESOLVED that the budget be approved",
    )
    # Not yet public: the minutes of the held meeting are still being written.
    ResolutionFactory(
        minute=MinuteFactory(meeting=held, number=5, title="Draft"),
        text="RESOLVED that unpublished drafts stay unpublished",
    )
    secret_item = AgendaItemFactory(
        meeting=march, title=f"Item {CANARY}", is_restricted=True, restricted_reason="para-7"
    )
    PaperFactory(item=secret_item, title=f"Paper {CANARY}", security_marking="RESTRICTED")
    secret_minute = MinuteFactory(
        meeting=march,
        item=secret_item,
        number=191,
        title=f"Minute {CANARY}",
        text=f"Text {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    ResolutionFactory(minute=secret_minute, text=f"RESOLVED that {CANARY}")
    today = timezone.localdate()
    upcoming = MeetingFactory(
        body=board, date=today + dt.timedelta(days=30), status=Meeting.Status.SCHEDULED
    )
    cancelled = MeetingFactory(
        body=group, date=today + dt.timedelta(days=40), status=Meeting.Status.CANCELLED
    )
    # Attendance: two members of the board, one at both 2017 and 2018 meetings.
    ann = PersonFactory(partnership=partnership, name="Ann Attender", slug="ann")
    bob = PersonFactory(partnership=partnership, name="Bob Absent", slug="bob")
    MembershipFactory(body=board, person=ann, start=dt.date(2017, 1, 1))
    MembershipFactory(body=board, person=bob, start=dt.date(2017, 1, 1))
    MembershipFactory(body=group, person=ann, start=dt.date(2017, 1, 1), role=Membership.Role.CHAIR)
    for meeting in (december, march):
        AttendanceFactory(meeting=meeting, person=ann)
        AttendanceFactory(meeting=meeting, person=bob, status=Attendance.Status.APOLOGIES)
    return {
        "board": board,
        "group": group,
        "december": december,
        "march": march,
        "held": held,
        "upcoming": upcoming,
        "cancelled": cancelled,
    }
