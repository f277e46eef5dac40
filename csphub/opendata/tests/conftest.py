"""A partnership with public and restricted business; the restricted carries a canary.

Safer Testshire's board met on 19 December 2017 (minutes published in draft): an open item
with a public paper, an exempt item with a restricted paper, a public minute with a
resolution, an exempt minute with a resolution, attendance, and actions from both minutes.
The canary is planted in every restricted thing: item, paper (title and text), minute,
resolution and action.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from csphub.actions.tests.factories import ActionFactory, ActionOwnerFactory
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import BodyFactory

CANARY = "CANARY-5d21c7"


def add_meeting(body, date: dt.date, *, restricted: bool = True) -> Meeting:
    """One held meeting with published minutes and a full public record; with `restricted`,
    an exempt item, paper, minute, resolution and action carrying the canary too."""
    meeting = MeetingFactory(body=body, date=date, status=Meeting.Status.DRAFT_MINUTES)
    item = AgendaItemFactory(meeting=meeting, title="Anti-social behaviour update")
    paper = PaperFactory(item=item, title="ASB report", reference="ASB/1")
    paper.file.save("asb.pdf", io.BytesIO(b"%PDF-1.4 public"), save=True)
    minute = MinuteFactory(meeting=meeting, item=item, title="Anti-social behaviour")
    ResolutionFactory(minute=minute, text="RESOLVED that the update be noted.")
    AttendanceFactory(meeting=meeting)
    ActionOwnerFactory(
        action=ActionFactory(
            body=body, meeting=meeting, minute=minute, description="Report back on ASB"
        )
    )
    if restricted:
        secret = AgendaItemFactory(
            meeting=meeting,
            title=f"Item {CANARY}",
            description=f"About {CANARY}",
            is_restricted=True,
            restricted_reason="para-7",
        )
        secret_paper = PaperFactory(
            item=secret,
            title=f"Paper {CANARY}",
            reference=f"R/{CANARY}",
            text=f"Text {CANARY}",
            security_marking="RESTRICTED",
            is_restricted=True,
        )
        secret_paper.file.save("s.pdf", io.BytesIO(CANARY.encode()), save=True)
        # A restricted paper on an open item: its metadata must not leak either.
        PaperFactory(item=item, title=f"Annex {CANARY}", is_restricted=True, text=CANARY)
        secret_minute = MinuteFactory(
            meeting=meeting,
            item=secret,
            title=f"Minute {CANARY}",
            text=f"Discussed {CANARY}",
            is_restricted=True,
            restricted_reason="para-7",
        )
        ResolutionFactory(minute=secret_minute, text=f"RESOLVED that {CANARY} be approved.")
        ActionFactory(
            body=body,
            meeting=meeting,
            minute=secret_minute,
            description=f"Action {CANARY}",
            is_restricted=True,
        )
    return meeting


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")


@pytest.fixture
def world(board):
    """The 19 December 2017 meeting with the canary; an upcoming one with only a date."""
    meeting = add_meeting(board, dt.date(2017, 12, 19))
    upcoming = MeetingFactory(
        body=board, date=dt.date(2018, 3, 26), status=Meeting.Status.SCHEDULED, venue="Room 2"
    )
    return {"meeting": meeting, "upcoming": upcoming, "board": board}


def grow(body, n: int, start: dt.date = dt.date(2015, 1, 5)) -> None:
    """n more meetings, each with the full public record (for query counts)."""
    for i in range(n):
        add_meeting(body, start + dt.timedelta(days=7 * i), restricted=i % 2 == 0)


def login(client, users, role: str | None) -> None:
    if role is not None:
        client.force_login(users[role])
