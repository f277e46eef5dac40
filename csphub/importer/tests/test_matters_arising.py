"""Done when: the minutes of 19 December 2017 (as a hand-written draft in the parser's
shape) committed into an empty partnership, then Matters Arising generated for the next
meeting, list the actions of minutes 180, 181, 183, 184, 186a, 186b, 187, 188 and 189 with
their owners."""

from __future__ import annotations

import datetime as dt

import pytest

from csphub.accounts.permissions import viewer_for
from csphub.actions.matters_arising import matters_arising_for
from csphub.importer import drafts, selectors, services
from csphub.importer.models import PersonMatch
from csphub.meetings import services as meeting_services
from csphub.partnerships.tests.factories import BodyFactory

from .factories import BODY_NAME, make_draft

pytestmark = pytest.mark.django_db

EXPECTED = {
    "180": ["Laurie Grasty", "Terry Gooding"],
    "181": ["Rob Vale"],
    "183": ["Lucien Spencer", "Jackie Baxter"],
    "184": ["Chris Hafford"],
    "186a": ["Lucien Spencer"],
    "186b": ["Justin Brett"],
    "187": ["Chris Hafford"],
    "188": ["Andrew Rogers"],
    "189": ["Amanda Mumford"],
}


def commit_and_report(partnership, actor, draft, body, overrides):
    """Match the names (automatically where sure, `overrides` for the rest), commit part
    one, schedule the next meeting and read its Matters Arising as the secretariat."""
    part = drafts.normalise_part(draft.edited["parts"][0])
    choices = selectors.auto_choices(partnership, drafts.names_to_match(part))
    choices.update(overrides)
    services.draft_match_people(actor=actor, draft=draft, choices=choices)
    result = services.draft_commit(actor=actor, draft=draft, index=0, body=body)
    following = meeting_services.meeting_schedule(
        actor=actor, body=body, date=dt.date(2018, 3, 8), start_time=dt.time(10, 0)
    )
    report = matters_arising_for(following, viewer_for(actor, partnership))
    return result, report


def lines_by_minute(report) -> dict[str, list[str]]:
    return {g.label: [n for line in g.lines for n in line.owner_names] for g in report.groups}


def test_the_december_2017_minutes_give_the_next_meetings_matters_arising(partnership, users):
    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    draft = make_draft(partnership)
    new = PersonMatch.Choice.NEW
    # 183's "JB" is Jackie Baxter (named in the resolution), whom the minutes do not list;
    # LG is Laurie Grasty, who wrote the report but was not there
    draft.edited["parts"][0]["actions"][2]["owners"] = ["LS", "Jackie Baxter"]
    draft.save()
    result, report = commit_and_report(
        partnership,
        users["secretariat"],
        draft,
        body,
        {
            "LG": selectors.Choice(new, new_name="Laurie Grasty"),
            "Jackie Baxter": selectors.Choice(new, new_name="Jackie Baxter"),
        },
    )
    assert lines_by_minute(report) == EXPECTED
    assert all(line.status == "open" for g in report.groups for line in g.lines)
    assert all(line.due == dt.date(2018, 3, 8) for g in report.groups for line in g.lines)
    assert report.groups[0].heading == ("Minute 180, 19 December 2017: Resilience update")
