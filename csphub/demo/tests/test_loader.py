"""The demo partnerships load through the services and say what the seeds say."""

import datetime as dt

import pytest

from csphub.audit.models import AuditEvent
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.meetings.models import Meeting, Minute
from csphub.partnerships.models import Partnership


@pytest.fixture
def barking(db):
    return load_fixture(FIXTURES / "barking-dagenham.yaml")


def test_barking_dagenham_loads_with_board_and_five_subgroups(barking):
    assert barking.slug == "barking-dagenham"
    bodies = {b.slug: b for b in barking.body_set.all()}
    assert "board" in bodies
    assert sum(1 for b in bodies.values() if b.kind == "subgroup") == 5
    sept = Meeting.objects.get(body=bodies["board"], date=dt.date(2017, 9, 12))
    # held: the June minutes were approved at it, and only a held meeting approves minutes
    assert sept.status == Meeting.Status.HELD
    items = sept.items.filter(parent=None)
    assert items.filter(presenter__gt="").exists()
    assert items.filter(minutes_allowed__isnull=False).exists()
    june = Meeting.objects.get(body=bodies["board"], date=dt.date(2017, 6, 12))
    assert june.status == Meeting.Status.MINUTES_APPROVED
    assert june.approved_at_meeting == sept
    assert Minute.objects.filter(meeting=june).count() >= 10


def test_loading_records_audit_events_and_is_idempotent(barking):
    assert AuditEvent.objects.filter(partnership=barking).count() > 100
    assert load_fixture(FIXTURES / "barking-dagenham.yaml") is None
    assert Partnership.objects.filter(slug="barking-dagenham").count() == 1
