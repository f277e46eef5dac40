"""Demo Bromley's forward plan and the done-when of issue 12 part 4: `csphub forward-plan
safer-bromley/board --format json` lists each priority's substantive discussion on a Board
meeting in the right quarter and the end-of-year updates in Q4; moving a meeting to another
quarter moves the item and says so."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from csphub.demo.forward_plan import load_forward_plan
from csphub.demo.loader import FIXTURES, load_fixture
from csphub.demo.values import ACTOR
from csphub.meetings.models import Meeting
from csphub.meetings.services.scheduling import meeting_update
from csphub.partnerships.models import Body
from csphub.partnerships.tests.factories import BodyFactory
from csphub.strategy import quarters
from csphub.strategy.models import ForwardPlanItem


@pytest.fixture
def bromley(db):
    return load_fixture(FIXTURES / "safer-bromley.yaml")


def forward_plan(*args):
    out = StringIO()
    call_command("forward_plan", "safer-bromley/board", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_board_has_each_priority_in_its_quarter_of_2022_23(bromley):
    plan = forward_plan("--year", "2022")
    assert plan["strategy"] == "2020-2023"
    [year] = plan["years"]
    assert year["financial_year"] == "2022/23"
    by_priority = {item["priority"]: item for item in year["items"]}
    for number in (1, 2, 3, 4):
        item = by_priority[number]
        assert item["source"] == "strategy" and item["quarter"] == number
        day = dt.date.fromisoformat(item["meeting"])
        assert quarters.financial_quarter(day) == (2022, number)
    end = by_priority[None]
    assert end["source"] == "end_of_year" and end["quarter"] == 4
    assert end["meeting"] == "2023-01-12"
    assert by_priority[1]["status"] == "done"  # on the agenda of a held meeting
    assert by_priority[4]["status"] == "done"  # linked to the 12 January 2023 progress item
    assert by_priority[3]["status"] == "slipped"  # 27 October 2022: not on its agenda
    # Without --year: every year of the strategy; the Board had no meetings in 2020-2022.
    everything = forward_plan()
    assert [y["financial_year"] for y in everything["years"]] == ["2020/21", "2021/22", "2022/23"]
    assert all(i["meeting"] is None for i in everything["years"][0]["items"])
    assert all(i["status"] == "unscheduled" for i in everything["years"][0]["items"])
    assert load_forward_plan(bromley) == 0  # loaded once
    text = StringIO()
    call_command("forward_plan", "safer-bromley/board", "--year", "2022", stdout=text)
    assert "Q1  2022-06-16         done" in text.getvalue()
    assert "Q3  2022-10-27         slipped" in text.getvalue()


def test_moving_a_meeting_to_another_quarter_moves_the_item_and_says_so(bromley):
    board = Body.objects.get(partnership=bromley, slug="board")
    meeting = Meeting.objects.create(body=board, date=dt.date(2021, 4, 15), start_time=dt.time(10))
    call_command(
        "forward_plan", "safer-bromley/board", "--sync", "--year", "2021", stdout=StringIO()
    )
    meeting_update(actor=ACTOR, meeting=meeting, data={"date": dt.date(2021, 7, 8)})
    year = forward_plan("--year", "2021")["years"][0]
    first = next(i for i in year["items"] if i["priority"] == 1)
    assert first["meeting"] is None and first["status"] == "unscheduled"
    assert first["note"].startswith(
        "Moved from Thursday 15 April 2021: that meeting moved to Thursday 8 July 2021, "
        "outside Q1 2021/22."
    )
    second = next(i for i in year["items"] if i["priority"] == 2)
    assert second["meeting"] == "2021-07-08"  # Q2's topic now has a meeting
    assert ForwardPlanItem.objects.filter(body=board, year=2021).count() == 5


def test_the_command_names_what_it_cannot_find(bromley):
    BodyFactory(partnership=bromley, slug="extra")
    with pytest.raises(CommandError, match="no partnership 'nowhere'"):
        call_command("forward_plan", "nowhere/board")
    with pytest.raises(CommandError, match="has no body 'cabinet'"):
        call_command("forward_plan", "safer-bromley/cabinet")
    with pytest.raises(CommandError, match="no strategy for '2030-2033'.*2020-2023"):
        call_command("forward_plan", "safer-bromley/board", "--strategy", "2030-2033")
    with pytest.raises(CommandError, match="outside the strategy 2020-2023"):
        call_command("forward_plan", "safer-bromley/board", "--year", "2019")
    with pytest.raises(CommandError, match="PARTNERSHIP/BODY"):
        call_command("forward_plan", "safer-bromley")
