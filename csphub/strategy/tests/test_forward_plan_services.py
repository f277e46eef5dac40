"""Forward plan services: the sync lays the strategy's schedule on the body's meetings (once),
a moved meeting re-plans its items and says so, an item becomes an agenda item once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.audit.models import AuditEvent
from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.services.scheduling import meeting_update
from csphub.meetings.tests.factories import MeetingFactory, MinuteFactory, ResolutionFactory
from csphub.partnerships.tests.factories import BodyFactory
from csphub.strategy.models import ForwardPlanItem
from csphub.strategy.services import forward_plan as fp
from csphub.strategy.tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db
Item = ForwardPlanItem


@pytest.fixture
def sec(users):
    return users["secretariat"]


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="Board", slug="board")


@pytest.fixture
def strategy(partnership):
    strategy = StrategyFactory(partnership=partnership)
    for number, quarter in ((1, 1), (2, 2), (3, 3), (4, 4)):
        PriorityFactory(strategy=strategy, number=number, discussion_quarter=quarter)
    return strategy


def meeting(board, day, status=Meeting.Status.SCHEDULED):
    return MeetingFactory(body=board, date=day, status=status)


@pytest.fixture
def year_2021(board):
    """One meeting in each quarter of 2021/22, two in Q1 (the first wins)."""
    return [
        meeting(board, dt.date(2021, 4, 15)),
        meeting(board, dt.date(2021, 6, 30)),
        meeting(board, dt.date(2021, 7, 1)),
        meeting(board, dt.date(2021, 10, 14)),
        meeting(board, dt.date(2022, 3, 31)),
    ]


def plan_of(board, year):
    return {
        (i.priority.number if i.priority else 0): i
        for i in Item.objects.filter(body=board, year=year).select_related("priority", "meeting")
    }


def test_sync_lands_each_priority_on_the_first_meeting_of_its_quarter(
    sec, board, strategy, year_2021
):
    counts = fp.forward_plan_sync(actor=sec, body=board, strategy=strategy)
    assert counts == {"created": 15, "moved": 0, "unchanged": 0}  # (4 + end of year) x 3 years
    plan = plan_of(board, 2021)
    assert plan[1].meeting.date == dt.date(2021, 4, 15)
    assert plan[2].meeting.date == dt.date(2021, 7, 1)
    assert plan[3].meeting.date == dt.date(2021, 10, 14)
    assert plan[4].meeting.date == dt.date(2022, 3, 31)
    end = plan[0]
    assert end.source == Item.Source.END_OF_YEAR and end.quarter == 4
    assert end.meeting.date == dt.date(2022, 3, 31)
    assert "2021/22" in end.title
    # No meetings in 2020/21: unscheduled, due in their quarters.
    assert all(i.meeting is None for i in plan_of(board, 2020).values())
    assert AuditEvent.objects.filter(verb="forward_item.plan").count() == 15


def test_sync_is_idempotent_and_leaves_settled_items_alone(sec, board, strategy, year_2021):
    fp.forward_plan_sync(actor=sec, body=board, strategy=strategy)
    plan = plan_of(board, 2021)
    fp.forward_item_to_agenda(actor=sec, item=plan[1])
    fp.forward_item_drop(actor=sec, item=plan[2])
    again = fp.forward_plan_sync(actor=sec, body=board, strategy=strategy)
    assert again == {"created": 0, "moved": 0, "unchanged": 15}
    assert Item.objects.filter(body=board).count() == 15
    # A new meeting earlier in Q3 takes Q3's item on the next sync.
    meeting(board, dt.date(2021, 10, 1))
    assert fp.forward_plan_sync(actor=sec, body=board, strategy=strategy)["moved"] == 1
    assert plan_of(board, 2021)[3].meeting.date == dt.date(2021, 10, 1)
    assert plan_of(board, 2021)[2].status == Item.Status.DROPPED


def test_sync_is_for_the_secretariat_and_the_strategy_years(users, board, strategy):
    with pytest.raises(PermissionDenied):
        fp.forward_plan_sync(actor=users["member"], body=board, strategy=strategy)
    with pytest.raises(ValidationError, match="2025/26 is outside the strategy 2020-2023"):
        fp.forward_plan_sync(
            actor=users["secretariat"], body=board, strategy=strategy, years=[2025]
        )
    assert not Item.objects.exists()


def test_moving_a_meeting_to_another_quarter_moves_its_items_and_says_so(
    sec, board, strategy, year_2021
):
    fp.forward_plan_sync(actor=sec, body=board, strategy=strategy)
    first = year_2021[0]
    meeting_update(actor=sec, meeting=first, data={"date": dt.date(2021, 7, 8)})
    item = plan_of(board, 2021)[1]
    assert item.meeting.date == dt.date(2021, 6, 30)  # the other Q1 meeting
    assert item.note.startswith(
        "Moved from Thursday 15 April 2021: that meeting moved to Thursday 8 July 2021, "
        "outside Q1 2021/22."
    )
    assert "Now planned on Wednesday 30 June 2021" in item.note
    # With no other meeting in the quarter it becomes unscheduled.
    meeting_update(actor=sec, meeting=year_2021[3], data={"date": dt.date(2022, 1, 6)})
    item = plan_of(board, 2021)[3]
    assert item.meeting is None
    assert "Not yet scheduled: Board has no other meeting in Q3 2021/22." in item.note
    assert AuditEvent.objects.filter(verb="forward_item.replan").count() == 2


def test_moving_a_meeting_within_its_quarter_keeps_its_items(sec, board, strategy, year_2021):
    fp.forward_plan_sync(actor=sec, body=board, strategy=strategy)
    meeting_update(actor=sec, meeting=year_2021[2], data={"date": dt.date(2021, 9, 30)})
    item = plan_of(board, 2021)[2]
    assert item.meeting == year_2021[2] and item.note == ""


def test_a_meeting_moved_into_a_quarter_takes_its_unscheduled_items(sec, board, strategy):
    fp.forward_plan_sync(actor=sec, body=board, strategy=strategy, years=[2021])
    assert plan_of(board, 2021)[2].meeting is None
    m = meeting(board, dt.date(2021, 12, 2))
    meeting_update(actor=sec, meeting=m, data={"date": dt.date(2021, 8, 5)})
    item = plan_of(board, 2021)[2]
    assert item.meeting == m
    assert item.note == "Planned on Thursday 5 August 2021: that meeting moved into Q2 2021/22."


def test_to_agenda_creates_the_item_once_and_is_audited(users, sec, board, strategy, year_2021):
    fp.forward_plan_sync(actor=sec, body=board, strategy=strategy, years=[2021])
    item = plan_of(board, 2021)[2]
    with pytest.raises(PermissionDenied):
        fp.forward_item_to_agenda(actor=users["member"], item=item)
    item = fp.forward_item_to_agenda(actor=sec, item=item)
    agenda = AgendaItem.objects.get(pk=item.agenda_item_id)
    assert agenda.meeting == year_2021[2] and agenda.title == item.title
    assert item.status == Item.Status.ON_AGENDA
    with pytest.raises(ValidationError, match="already on the agenda"):
        fp.forward_item_to_agenda(actor=sec, item=item)
    assert AgendaItem.objects.filter(title=item.title).count() == 1
    assert AuditEvent.objects.filter(verb="forward_item.to_agenda").count() == 1
    assert AuditEvent.objects.filter(verb="agenda_item.add").count() == 1


def test_to_agenda_refuses_unscheduled_and_held_meetings(sec, board):
    unscheduled = fp.forward_item_add(actor=sec, body=board, title="Knife crime")
    with pytest.raises(ValidationError, match="Plan the item on a meeting"):
        fp.forward_item_to_agenda(actor=sec, item=unscheduled)
    held = meeting(board, dt.date(2021, 5, 6), Meeting.Status.HELD)
    on_held = fp.forward_item_add(actor=sec, body=board, title="Hate crime", meeting=held)
    with pytest.raises(ValidationError, match="held or cancelled"):
        fp.forward_item_to_agenda(actor=sec, item=on_held)


def test_add_from_a_resolution_plans_it_on_the_next_meeting(sec, board):
    resolved = meeting(board, dt.date(2017, 3, 9), Meeting.Status.HELD)
    meeting(board, dt.date(2017, 3, 1), Meeting.Status.HELD)
    cancelled = meeting(board, dt.date(2017, 6, 8), Meeting.Status.CANCELLED)
    nxt = meeting(board, dt.date(2017, 7, 6))
    resolution = ResolutionFactory(
        minute=MinuteFactory(meeting=resolved),
        text="RESOLVED that an update on the Prevent Action Plan be provided at the next meeting.",
    )
    item = fp.forward_item_add(
        actor=sec, body=board, source=Item.Source.RESOLUTION, resolution=resolution
    )
    assert item.meeting == nxt != cancelled
    assert (item.year, item.quarter) == (2017, 2)
    assert item.title.startswith("RESOLVED that an update on the Prevent")
    assert item.description == "Asked for at the meeting of Thursday 9 March 2017."


def test_add_checks_its_input(sec, board, partnership):
    with pytest.raises(ValidationError) as err:
        fp.forward_item_add(actor=sec, body=board, source=Item.Source.PRESENTATION, title="CCTV")
    assert "presenter" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        fp.forward_item_add(actor=sec, body=board, title="  ")
    assert "title" in err.value.message_dict
    other = MeetingFactory(body=BodyFactory(partnership=partnership))
    with pytest.raises(ValidationError, match="is not a meeting of Board"):
        fp.forward_item_add(actor=sec, body=board, title="CCTV", meeting=other)
    presentation = fp.forward_item_add(
        actor=sec, body=board, source=Item.Source.PRESENTATION, title="CCTV", presenter="Ms Lee"
    )
    assert presentation.presenter == "Ms Lee" and presentation.meeting is None
    assert Item.objects.count() == 1


def test_move_by_hand(sec, board, strategy, year_2021):
    fp.forward_plan_sync(actor=sec, body=board, strategy=strategy, years=[2021])
    item = fp.forward_item_move(actor=sec, item=plan_of(board, 2021)[1], meeting=year_2021[2])
    assert item.meeting == year_2021[2] and item.quarter == 1
    assert item.note == "Moved by hand from Thursday 15 April 2021 to Thursday 1 July 2021."
    manual = fp.forward_item_add(actor=sec, body=board, title="Knife crime")
    manual = fp.forward_item_move(actor=sec, item=manual, meeting=year_2021[3])
    assert (manual.year, manual.quarter) == (2021, 3)
