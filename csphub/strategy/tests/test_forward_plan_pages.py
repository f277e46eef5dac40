"""The forward plan page: grouped by meeting, then not yet scheduled and slipped; members
read it, the public is asked to sign in, only the secretariat's buttons write; a fixed
number of queries however many items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory, ResolutionFactory
from csphub.partnerships.tests.factories import BodyFactory
from csphub.strategy.models import ForwardPlanItem
from csphub.strategy.services import forward_plan as fp
from csphub.strategy.tests.factories import (
    ForwardPlanItemFactory,
    PriorityFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db
Item = ForwardPlanItem


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="Board", slug="board")


@pytest.fixture
def world(partnership, board, users):
    strategy = StrategyFactory(partnership=partnership)
    for number in (1, 2, 3, 4):
        PriorityFactory(strategy=strategy, number=number, discussion_quarter=number)
    held = MeetingFactory(body=board, date=dt.date(2021, 4, 15), status=Meeting.Status.HELD)
    coming = MeetingFactory(body=board, date=dt.date(2021, 7, 8), status=Meeting.Status.SCHEDULED)
    fp.forward_plan_sync(actor=users["secretariat"], body=board, strategy=strategy, years=[2021])
    return {"strategy": strategy, "held": held, "coming": coming}


def url(partnership, name="forward_plan", *args):
    return reverse(f"strategy:{name}", args=[partnership.slug, "board", *args])


def test_the_public_is_asked_to_sign_in_and_outsiders_refused(world, partnership, users, client):
    response = client.get(url(partnership))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(users["outsider"])
    assert client.get(url(partnership)).status_code == 403


def test_members_read_the_plan_without_the_buttons(world, partnership, users, client):
    client.force_login(users["member"])
    page = client.get(url(partnership)).content.decode()
    assert "Thursday 8 July 2021" in page
    assert "Not yet scheduled" in page and "Slipped" in page
    assert "Priority 2:" in page
    assert "Add to agenda" not in page and "Plan from the strategy" not in page
    item = Item.objects.get(priority__number=2)
    response = client.post(url(partnership, "forward_to_agenda", item.pk))
    assert response.status_code == 403
    assert not AgendaItem.objects.filter(title=item.title).exists()


def test_the_page_groups_items(world, partnership, users, client):
    client.force_login(users["secretariat"])
    response = client.get(url(partnership))
    groups = response.context["groups"]
    assert [g.meeting for g in groups["meetings"]] == [world["coming"]]
    assert [r.item.priority.number for r in groups["slipped"]] == [1]  # held without it
    unscheduled = {r.item.priority.number if r.item.priority else 0 for r in groups["unscheduled"]}
    assert unscheduled == {3, 4, 0}
    page = response.content.decode()
    assert "Add to agenda" in page and "Plan from the strategy" in page


def test_add_to_agenda_move_drop_and_sync_buttons(world, partnership, users, client):
    client.force_login(users["secretariat"])
    item = Item.objects.get(priority__number=2)
    response = client.post(url(partnership, "forward_to_agenda", item.pk))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.ON_AGENDA
    assert AgendaItem.objects.get(pk=item.agenda_item_id).meeting == world["coming"]
    # Once only: the second press says so and adds nothing.
    client.post(url(partnership, "forward_to_agenda", item.pk))
    assert AgendaItem.objects.filter(title=item.title).count() == 1
    slipped = Item.objects.get(priority__number=1)
    client.post(url(partnership, "forward_move", slipped.pk), {"meeting": world["coming"].pk})
    slipped.refresh_from_db()
    assert slipped.meeting == world["coming"] and slipped.note.startswith("Moved by hand")
    end = Item.objects.get(source=Item.Source.END_OF_YEAR)
    client.post(url(partnership, "forward_drop", end.pk))
    end.refresh_from_db()
    assert end.status == Item.Status.DROPPED
    response = client.post(url(partnership, "forward_sync"), follow=True)
    assert "Planned from the strategy 2020-2023" in response.content.decode()
    assert Item.objects.filter(year=2021).count() == 5


def test_add_by_hand_with_govuk_errors(world, partnership, users, client):
    client.force_login(users["secretariat"])
    response = client.post(url(partnership, "forward_add"), {"source": "presentation"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the topic" in page and "Enter who will give the presentation" in page
    assert not Item.objects.filter(source=Item.Source.PRESENTATION).exists()
    response = client.post(
        url(partnership, "forward_add"),
        {
            "title": "Knife crime in the town centre",
            "source": "presentation",
            "presenter": "Chief Inspector",
            "meeting": world["coming"].pk,
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(title="Knife crime in the town centre")
    assert (item.meeting, item.presenter, item.quarter) == (world["coming"], "Chief Inspector", 2)


def test_a_resolution_asking_for_the_next_meeting_is_offered(world, partnership, users, client):
    resolution = ResolutionFactory(
        minute=MinuteFactory(meeting=world["held"]),
        text="RESOLVED that the Prevent update be provided at the next meeting.",
    )
    client.force_login(users["secretariat"])
    assert "Prevent update be provided" in client.get(url(partnership)).content.decode()
    client.post(url(partnership, "forward_from_resolution", resolution.pk))
    item = Item.objects.get(resolution=resolution)
    assert item.meeting == world["coming"]
    assert list(client.get(url(partnership)).context["requests"]) == []


def test_the_page_reads_a_fixed_number_of_queries(world, partnership, board, users, client):
    client.force_login(users["secretariat"])
    with CaptureQueriesContext(connection) as few:
        client.get(url(partnership))
    for n in range(15):
        day = dt.date(2022, 4, 7) + dt.timedelta(days=7 * n)
        meeting = MeetingFactory(body=board, date=day, status=Meeting.Status.SCHEDULED)
        ForwardPlanItemFactory(
            body=board, meeting=meeting, year=2022, quarter=1, presenter="Someone"
        )
        ForwardPlanItemFactory(body=board, year=2022, quarter=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(partnership))
    assert response.status_code == 200
    assert len(many) == len(few)
