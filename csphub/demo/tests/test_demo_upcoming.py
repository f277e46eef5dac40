"""The demo looks alive on any day it is loaded (issue 14): each body has meetings ahead,
the next with its agenda published, and the partnership's home page lists them."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.demo.upcoming import schedule_upcoming
from csphub.meetings import deadlines
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Body

pytestmark = pytest.mark.django_db

COMMAND = "csphub.demo.management.commands.load_demo"


@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 12, 4), dt.date(2027, 12, 20), dt.date(2031, 4, 11)],
    ids=["today-issue-14", "before-christmas", "easter-2031"],
)
def test_every_body_has_meetings_ahead_and_the_next_agenda_is_published(today):
    with time_machine.travel(dt.datetime(*today.timetuple()[:3], 15, 30), tick=False):
        load_fixture(FIXTURES / "safer-bromley.yaml")
        lines = list(schedule_upcoming())
        bodies = list(Body.objects.all())
        assert len(lines) == len(bodies)
        for body in bodies:
            ahead = list(Meeting.objects.filter(body=body, date__gte=today).order_by("date"))
            assert len(ahead) == 3, body
            first, *rest = ahead
            assert first.status == Meeting.Status.AGENDA_PUBLISHED
            assert first.agenda_notice_met, (body, first.date)
            assert first.agenda_published_at.date() == today
            assert all(m.status == Meeting.Status.SCHEDULED for m in rest)
            assert all(deadlines.is_working_day(m.date) for m in ahead)
            titles = [i.title for i in first.items.filter(parent=None).order_by("position")]
            assert titles[-2:] == ["Any other business", "Date of next meeting"]
        # the Board keeps its day: the last seed meeting (12 January 2023) was a Thursday
        board = Body.objects.get(slug="board")
        assert {m.date.weekday() for m in Meeting.objects.filter(body=board, date__gte=today)} == {
            3
        }
        # loading again adds nothing
        assert list(schedule_upcoming()) == []


def test_load_demo_fills_the_home_page(settings, tmp_path, monkeypatch, client):
    monkeypatch.setattr(f"{COMMAND}.fixture_paths", lambda: [FIXTURES / "safer-bromley.yaml"])
    with time_machine.travel(dt.datetime(2029, 6, 1, 10, 0), tick=False):
        out = io.StringIO()
        call_command("load_demo", "--no-police", stdout=out)
        assert "Upcoming: safer-bromley/board" in out.getvalue()
        html = client.get(reverse("partnerships:home", args=["safer-bromley"])).content
    text = html.decode()
    assert "No meetings are scheduled yet" not in text
    assert "2029" in text
