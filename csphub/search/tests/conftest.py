"""A board meeting with public and restricted records, each carrying findable phrases."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csphub.actions.tests.factories import ActionFactory
from csphub.meetings import services
from csphub.meetings.models import Meeting
from csphub.meetings.tests.documents import pdf_with
from csphub.partnerships.tests.factories import BodyFactory

SECRET = "zebracrossing quokkagate"  # planted only in restricted records
PUBLIC = "lanternfish"  # planted only in public records


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, slug="board")


@pytest.fixture
def meeting(users, board):
    """Minutes published in draft: the public reads everything not restricted."""
    sec = users["secretariat"]
    meeting = services.meeting_schedule(
        actor=sec, body=board, date=dt.date(2017, 12, 19), start_time=dt.time(10)
    )
    item = services.agenda_item_add(
        actor=sec, meeting=meeting, title=f"Open item on {PUBLIC} patrols"
    )
    secret_item = services.agenda_item_add(
        actor=sec,
        meeting=meeting,
        title="Exempt item",
        description=f"Discussion of {SECRET} in the item",
        is_restricted=True,
        restricted_reason="para-7",
    )
    services.paper_add(
        actor=sec,
        item=item,
        title="Operational report",
        is_restricted=True,
        file=SimpleUploadedFile("op.pdf", pdf_with(f"The paper names {SECRET} suspects")),
    )
    services.paper_add(
        actor=sec,
        item=item,
        title="Public report",
        file=SimpleUploadedFile("pub.pdf", pdf_with(f"Annual {PUBLIC} figures")),
    )
    minute = services.minute_create(
        actor=sec, meeting=meeting, title="Patrols", text=f"The {PUBLIC} patrols <b>went</b> well."
    )
    services.resolution_add(actor=sec, minute=minute, text=f"RESOLVED that {PUBLIC} be noted.")
    services.minute_create(
        actor=sec,
        meeting=meeting,
        item=secret_item,
        title="Exempt minute",
        text=f"Members discussed {SECRET} at length.",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT_MINUTES)
    ActionFactory(
        body=board, meeting=meeting, minute=minute, description=f"Report back on {PUBLIC} lighting"
    )
    return meeting
