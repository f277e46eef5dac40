"""Initials in the minutes' Action-by column become actions (decision 0019).

The pure resolver first (unique, unknown and ambiguous initials), then the service through
the meetings services that send the signal, then the Initials to match page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from csphub.actions import rules, services
from csphub.actions.models import Action, ActionUpdate, InitialsToMatch
from csphub.audit.actors import SystemActor
from csphub.audit.models import AuditEvent
from csphub.meetings import services as meeting_services
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import AttendanceFactory, MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)


def person(id: int, name: str, *initials: str) -> rules.Candidate:
    return rules.Candidate("person", id, name, frozenset(initials or {rules.name_initials(name)}))


LG = person(1, "Laurie Grasty")
TG = person(2, "Tony Gough")
JS1 = person(3, "Jane Smith")
JS2 = person(4, "John Stevens")
LFB = rules.Candidate("organisation", 9, "London Fire Brigade", frozenset({"LFB"}))
CANDIDATES = [LG, TG, JS1, JS2, LFB]


# --- the pure rules ---------------------------------------------------------------------------


def test_name_initials_are_first_and_last_name():
    assert rules.name_initials("Laurie Grasty") == "LG"
    assert rules.name_initials("Mary-Jane van der Berg") == "MB"
    assert rules.name_initials("Cher") == "C"
    assert rules.name_initials("") == ""


def test_groups_are_separated_by_semicolons_and_lines():
    assert rules.split_groups("LG/TG") == [["LG", "TG"]]
    assert rules.split_groups("LG/TG; RV") == [["LG", "TG"], ["RV"]]
    assert rules.split_groups("LG\nLFB") == [["LG"], ["LFB"]]
    assert rules.split_groups(" ; ") == []


def test_initials_name_exactly_one_candidate():
    found = rules.resolve_initials("LG", CANDIDATES)
    assert found.candidate == LG and not found.reason


def test_initials_are_compared_as_people_type_them():
    assert rules.resolve_initials("l.g.", CANDIDATES).candidate == LG
    assert rules.resolve_initials(" lfb ", CANDIDATES).candidate == LFB


def test_organisation_abbreviations_resolve():
    assert rules.resolve_initials("LFB", CANDIDATES).candidate == LFB


def test_unknown_initials_resolve_to_nobody_with_a_reason():
    found = rules.resolve_initials("XY", CANDIDATES)
    assert found.candidate is None
    assert "Nobody" in found.reason


def test_ambiguous_initials_resolve_to_nobody_and_name_the_candidates():
    found = rules.resolve_initials("JS", CANDIDATES)
    assert found.candidate is None
    assert found.matches == (JS1, JS2)
    assert found.reason == "More than one match: Jane Smith, John Stevens."


def test_a_person_and_an_organisation_with_the_same_letters_are_ambiguous():
    fire = rules.Candidate("organisation", 10, "Fire", frozenset({"TG"}))
    assert rules.resolve_initials("TG", [*CANDIDATES, fire]).candidate is None


def test_a_candidate_known_by_two_initials_is_one_match():
    both = person(5, "Anna Maria Brown", "AMB", "AB")
    assert rules.resolve_initials("AB", [both]).candidate == both
    assert rules.resolve_initials("AMB", [both]).candidate == both


def test_a_group_resolves_each_initials():
    found = rules.resolve_group(["LG", "JS"], CANDIDATES)
    assert [f.candidate for f in found] == [LG, None]


# --- the service, through the meetings services ---------------------------------------------


@pytest.fixture
def world(partnership):
    body = BodyFactory(partnership=partnership, slug="board")
    meeting = MeetingFactory(body=body, date=dt.date(2018, 3, 26), status=Meeting.Status.HELD)
    fire = OrganisationFactory(
        partnership=partnership, name="London Fire Brigade", short_name="LFB"
    )
    lg = MembershipFactory(
        body=body, person__name="Laurie Grasty", person__initials="LG", organisation=fire
    ).person
    tg = AttendanceFactory(meeting=meeting, person__name="Tony Gough", person__initials="TG").person
    js1 = MembershipFactory(body=body, person__name="Jane Smith", person__initials="JS").person
    js2 = MembershipFactory(body=body, person__name="John Stevens", person__initials="JS").person
    # Someone of the partnership who is not on this body and not at the meeting.
    PersonFactory(partnership=partnership, name="Rita Vale", initials="RV")
    minute = MinuteFactory(meeting=meeting, number=180, title="Knife crime")
    return {
        "body": body,
        "meeting": meeting,
        "minute": minute,
        "fire": fire,
        "lg": lg,
        "tg": tg,
        "js1": js1,
        "js2": js2,
    }


def _owners(action: Action) -> list:
    return [o.person or o.organisation for o in action.owners.all()]


@pytest.mark.django_db
def test_saving_a_minute_with_initials_creates_one_action_per_group(world, users):
    sec = users["secretariat"]
    meeting_services.minute_update(
        actor=sec, minute=world["minute"], data={"action_by": "LG/TG; LFB"}
    )
    actions = list(Action.objects.order_by("initials_key"))
    assert [a.initials_key for a in actions] == [
        f"minute:{world['minute'].pk}:0",
        f"minute:{world['minute'].pk}:1",
    ]
    assert _owners(actions[0]) == [world["lg"], world["tg"]]
    assert _owners(actions[1]) == [world["fire"]]
    first = actions[0]
    assert first.minute == world["minute"] and first.meeting == world["meeting"]
    assert first.source == Action.Source.MINUTE and first.due_next_meeting
    assert first.description == "Knife crime"
    assert not InitialsToMatch.objects.exists()


@pytest.mark.django_db
def test_saving_again_updates_rather_than_duplicates(world, users):
    sec = users["secretariat"]
    minute = world["minute"]
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "LG"})
    action = Action.objects.get()
    services.action_edit(actor=sec, action=action, data={"description": "Report on knives"})
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "LG"})
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "LG/TG"})
    action = Action.objects.get()
    assert _owners(action) == [world["lg"], world["tg"]]
    assert action.description == "Report on knives", "the secretariat's edit is kept"
    change = action.updates.get(kind=ActionUpdate.Kind.OWNERS)
    assert change.after == {"owners": ["Laurie Grasty", "Tony Gough"], "initials": ["LG", "TG"]}
    assert AuditEvent.objects.filter(verb="action.owners_from_initials").count() == 1


@pytest.mark.django_db
def test_a_resolution_with_initials_creates_its_own_action(world, users):
    sec = users["secretariat"]
    resolution = meeting_services.resolution_add(
        actor=sec, minute=world["minute"], text="RESOLVED that LFB report back.", action_by="LFB"
    )
    action = Action.objects.get()
    assert action.resolution == resolution and action.source == Action.Source.RESOLUTION
    assert action.description == "RESOLVED that LFB report back."
    assert action.initials_key == f"resolution:{resolution.pk}:0"


@pytest.mark.django_db
def test_unresolved_initials_wait_to_be_matched(world, users):
    sec = users["secretariat"]
    meeting_services.minute_update(
        actor=sec, minute=world["minute"], data={"action_by": "LG/JS; RV"}
    )
    assert not Action.objects.exists()
    rows = list(InitialsToMatch.objects.order_by("key"))
    assert [r.group for r in rows] == ["LG/JS", "RV"]
    assert rows[0].unmatched == [
        {"initials": "JS", "reason": "More than one match: Jane Smith, John Stevens."}
    ]
    assert rows[0].matched == [{"kind": "person", "id": world["lg"].pk}]
    assert "Nobody" in rows[1].unmatched[0]["reason"], "RV is not on the body nor at the meeting"
    # Saving again does not list them twice
    meeting_services.minute_update(
        actor=sec, minute=world["minute"], data={"action_by": "LG/JS; RV"}
    )
    assert InitialsToMatch.objects.count() == 2


@pytest.mark.django_db
def test_matching_creates_the_action_and_it_stays_matched(world, users):
    sec = users["secretariat"]
    minute = world["minute"]
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "LG/JS"})
    row = InitialsToMatch.objects.get()
    action = services.initials_match(actor=sec, to_match=row, chosen={"JS": world["js2"]})
    assert _owners(action) == [world["lg"], world["js2"]]
    row.refresh_from_db()
    assert row.resolved_at is not None and row.action == action
    assert AuditEvent.objects.filter(verb="initials.match").exists()
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "LG/JS"})
    assert Action.objects.count() == 1
    assert _owners(Action.objects.get()) == [world["lg"], world["js2"]]
    with pytest.raises(ValidationError):
        services.initials_match(actor=sec, to_match=row, chosen={"JS": world["js1"]})


@pytest.mark.django_db
def test_resolving_the_initials_later_clears_the_pending_match(world, users):
    sec = users["secretariat"]
    minute = world["minute"]
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "XY"})
    assert InitialsToMatch.objects.count() == 1
    meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": "TG"})
    assert not InitialsToMatch.objects.exists()
    assert _owners(Action.objects.get()) == [world["tg"]]


@pytest.mark.django_db
def test_matching_needs_every_initials_and_the_secretariat(world, users):
    meeting_services.minute_update(
        actor=users["secretariat"], minute=world["minute"], data={"action_by": "JS"}
    )
    row = InitialsToMatch.objects.get()
    with pytest.raises(ValidationError):
        services.initials_match(actor=users["secretariat"], to_match=row, chosen={})
    with pytest.raises(PermissionDenied):
        services.initials_match(actor=users["member"], to_match=row, chosen={"JS": world["js1"]})


@pytest.mark.django_db
def test_a_batch_job_brings_its_own_actions(world):
    """The demo loader writes Action-by cells and then loads the real action log."""
    meeting_services.resolution_add(
        actor=SystemActor("demo loader"), minute=world["minute"], text="RESOLVED", action_by="LG"
    )
    assert not Action.objects.exists() and not InitialsToMatch.objects.exists()


# --- the Initials to match page ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretariat_matches_initials_on_the_page(world, users, client, partnership):
    sec = users["secretariat"]
    meeting_services.minute_update(actor=sec, minute=world["minute"], data={"action_by": "JS"})
    row = InitialsToMatch.objects.get()
    client.force_login(sec)
    url = reverse("actions:initials", args=[partnership.slug])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Initials to match" in html and "More than one match" in html
    response = client.post(url, {"row": row.pk, f"owner_{row.pk}_0": f"person:{world['js1'].pk}"})
    assert response.status_code == 302
    action = Action.objects.get()
    assert _owners(action) == [world["js1"]]
    assert "There are no initials to match" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_page_is_for_the_secretariat_only(users, client, partnership):
    client.force_login(users["member"])
    assert client.get(reverse("actions:initials", args=[partnership.slug])).status_code == 403


@pytest.mark.django_db
def test_the_page_reads_a_fixed_number_of_queries(world, users, client, partnership):
    sec = users["secretariat"]
    client.force_login(sec)
    url = reverse("actions:initials", args=[partnership.slug])
    meeting_services.minute_update(actor=sec, minute=world["minute"], data={"action_by": "XY"})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        minute = MinuteFactory(meeting=world["meeting"], number=190 + n)
        meeting_services.minute_update(actor=sec, minute=minute, data={"action_by": f"Q{n}; JS"})
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("More than one match") == 4
    assert len(many) == len(one)


@pytest.mark.django_db
def test_matching_with_nobody_chosen_says_so(world, users, client, partnership):
    sec = users["secretariat"]
    meeting_services.minute_update(actor=sec, minute=world["minute"], data={"action_by": "JS"})
    row = InitialsToMatch.objects.get()
    client.force_login(sec)
    response = client.post(reverse("actions:initials", args=[partnership.slug]), {"row": row.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Initials to match" in html and "Choose who JS means." in html
    assert not Action.objects.exists()
