"""Done when (issue 13): seed 000 read by the parser, its minutes of 19 December 2017
committed into an empty partnership, then Matters Arising generated for the next meeting
lists the actions of minutes 180, 181, 183, 184, 186a, 186b, 187, 188 and 189 with their
owners: the parser and the commit together, on the real seed."""

from __future__ import annotations

import datetime as dt

import pytest

from csphub.accounts.permissions import viewer_for
from csphub.actions.matters_arising import matters_arising_for
from csphub.importer import drafts, parsing, selectors, services
from csphub.importer.models import PersonMatch
from csphub.importer.tests.factories import make_draft
from csphub.meetings import services as meeting_services
from csphub.partnerships.tests.factories import BodyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.seeds]

EXPECTED_INITIALS = {
    "180": ["LG", "TG"],
    "181": ["RV"],
    "183": ["LS", "JB"],
    "184": ["CH"],
    "186a": ["LS"],
    "186b": ["JB"],
    "187": ["CH"],
    "188": ["AR"],
    "189": ["AM"],
}
# Initials in the Action column for people the minutes do not list as there
NOT_THERE = {"LG": "Laurie Grasty", "JB": "Jackie Baxter"}


def test_seed_000_minutes_give_the_next_meetings_matters_arising(seeds_dir, partnership, users):
    parsed = parsing.parse_path(next(seeds_dir.glob("000_*.txt")))
    index = next(
        i
        for i, p in enumerate(parsed["parts"])
        if p["kind"] == "minutes" and p["meeting_date"] == "2017-12-19"
    )
    part = drafts.normalise_part(parsed["parts"][index])
    assert part["body"], "the parser names the body"
    body = BodyFactory(partnership=partnership, slug="strategic-group", name=part["body"])
    draft = make_draft(partnership, parsed)
    actor = users["secretariat"]

    names = drafts.names_to_match(part)
    choices = selectors.auto_choices(partnership, names)
    for name in names:
        if name not in choices:  # initials of someone not recorded as there
            new_name = NOT_THERE.get(name.replace(".", "").upper(), name)
            choices[name] = selectors.Choice(PersonMatch.Choice.NEW, new_name=new_name)
    services.draft_match_people(actor=actor, draft=draft, choices=choices)
    services.draft_commit(actor=actor, draft=draft, index=index, body=body)

    following = meeting_services.meeting_schedule(
        actor=actor, body=body, date=dt.date(2018, 3, 8), start_time=dt.time(10, 0)
    )
    report = matters_arising_for(following, viewer_for(actor, partnership))
    found = {
        g.label: sorted(o.initials for line in g.lines for o in line.owners) for g in report.groups
    }
    assert found == {k: sorted(v) for k, v in EXPECTED_INITIALS.items()}
    assert all(line.is_open for g in report.groups for line in g.lines)
