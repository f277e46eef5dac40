"""An owner proposes a status through their link; the secretariat accepts or rejects it
with one click, on the action's page or in Matters Arising (issue 11)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from csphub.actions import rules, selectors, services
from csphub.actions.models import Action, ActionUpdate, UpdateDigest
from csphub.audit.actors import LinkActor
from csphub.audit.models import AuditEvent
from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory, MinuteFactory
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partnership, users):
    body = BodyFactory(partnership=partnership, slug="board")
    dec = MeetingFactory(body=body, date=dt.date(2017, 12, 19), status=Meeting.Status.DRAFT_MINUTES)
    mar = MeetingFactory(
        body=body, date=dt.date(2018, 3, 26), status=Meeting.Status.AGENDA_PUBLISHED
    )
    AgendaItemFactory(
        meeting=mar, title="Matters arising", standing=AgendaItem.Standing.MATTERS_ARISING
    )
    owner = PersonFactory(partnership=partnership, name="Laurie Grasty", initials="LG")
    minute = MinuteFactory(meeting=dec, number=180, title="Knife crime")
    action = services.action_create(
        actor=users["secretariat"],
        body=body,
        description="Map knife crime hotspots",
        owners=[owner],
        minute=minute,
        source=Action.Source.MINUTE,
    )
    proposal = services.action_update_record(
        actor=LinkActor(owner), action=action, text="The map is done.", proposed_status="done"
    )
    return {"action": action, "owner": owner, "proposal": proposal, "mar": mar}


def test_the_rule_for_a_pending_proposal():
    pending = {"via_link": True, "proposed_status": "done", "decision": "", "status": "open"}
    assert rules.proposal_is_pending(**pending)
    assert not rules.proposal_is_pending(**{**pending, "via_link": False})
    assert not rules.proposal_is_pending(**{**pending, "proposed_status": ""})
    assert not rules.proposal_is_pending(**{**pending, "decision": "rejected"})
    assert not rules.proposal_is_pending(**{**pending, "status": "done"})


def test_a_proposal_does_not_change_the_status(world):
    world["action"].refresh_from_db()
    assert world["action"].status == "open"
    assert selectors.pending_proposal(world["action"]) == world["proposal"]


def test_accepting_sets_the_status_with_history_and_audit(world, users):
    services.proposal_decide(
        actor=users["secretariat"], update=world["proposal"], decision=services.ACCEPT
    )
    action = Action.objects.get(pk=world["action"].pk)
    assert action.status == "done" and action.closed_at is not None
    change = action.updates.get(kind=ActionUpdate.Kind.STATUS)
    assert change.text == "Accepted the status proposed by Laurie Grasty."
    world["proposal"].refresh_from_db()
    assert world["proposal"].proposal_decision == "accepted"
    assert world["proposal"].proposal_decided_by == users["secretariat"]
    assert AuditEvent.objects.filter(verb="action.proposal_accept").exists()
    assert selectors.pending_proposal(action) is None
    with pytest.raises(ValidationError):
        services.proposal_decide(
            actor=users["secretariat"], update=world["proposal"], decision=services.ACCEPT
        )


def test_rejecting_keeps_the_status(world, users):
    services.proposal_decide(
        actor=users["secretariat"], update=world["proposal"], decision=services.REJECT
    )
    action = Action.objects.get(pk=world["action"].pk)
    assert action.status == "open"
    assert not action.updates.filter(kind=ActionUpdate.Kind.STATUS).exists()
    assert AuditEvent.objects.filter(verb="action.proposal_reject").exists()
    assert selectors.pending_proposal(action) is None


def test_only_the_secretariat_decides(world, users):
    for role in ["member", "cleared", "other_secretariat"]:
        with pytest.raises(PermissionDenied):
            services.proposal_decide(
                actor=users[role], update=world["proposal"], decision=services.ACCEPT
            )
    with pytest.raises(PermissionDenied):
        services.proposal_decide(
            actor=LinkActor(world["owner"]), update=world["proposal"], decision=services.ACCEPT
        )


def _ma_url(meeting):
    return reverse("matters_arising:report", args=["safer-testshire", "board", "2018-03-26"])


def test_matters_arising_shows_the_proposal_until_accepted(world, users, client):
    client.force_login(users["secretariat"])
    page = client.get(_ma_url(world["mar"])).content.decode()
    assert "Done (proposed)" in page
    assert "Laurie Grasty proposed: Done" in page
    assert "Accept done" in page
    target = reverse("actions:proposal", args=["safer-testshire", world["proposal"].pk])
    response = client.post(target, {"decision": "accept", "next": _ma_url(world["mar"])})
    assert response["Location"] == _ma_url(world["mar"])
    page = client.get(response["Location"]).content.decode()
    assert "Accepted: the action is now done." in page
    assert "Done (proposed)" not in page and "Accept done" not in page


def test_the_action_page_offers_accept_and_reject(world, users, client):
    client.force_login(users["secretariat"])
    detail = reverse("actions:detail", args=["safer-testshire", world["action"].pk])
    page = client.get(detail).content.decode()
    assert "Laurie Grasty proposed: Done" in page and "Reject" in page
    target = reverse("actions:proposal", args=["safer-testshire", world["proposal"].pk])
    response = client.post(target, {"decision": "reject"})
    assert response["Location"] == detail + "#history"
    page = client.get(detail).content.decode()
    assert "Rejected Laurie Grasty’s proposal (done)." in page
    assert "Proposed status: Done (rejected" in page
    assert client.post(target, {"decision": "maybe"}).status_code == 400


def test_members_see_no_buttons(world, users, client):
    client.force_login(users["member"])
    page = client.get(_ma_url(world["mar"])).content.decode()
    assert "Accept done" not in page
    target = reverse("actions:proposal", args=["safer-testshire", world["proposal"].pk])
    assert client.post(target, {"decision": "accept"}).status_code == 403


# --- the secretariat's daily digest ------------------------------------------------------------


def test_the_digest_lists_updates_once(world, users, partnership, mailoutbox):
    from django.core.management import call_command

    users["secretariat"].email = "cso@testshire.gov.uk"
    users["secretariat"].save()
    out = io.StringIO()
    call_command("send_update_digest", "safer-testshire", stdout=out)
    assert "Sent a digest of 1 update to cso@testshire.gov.uk" in out.getvalue()
    [mail] = mailoutbox
    assert mail.to == ["cso@testshire.gov.uk"]
    assert mail.subject == "Safer Testshire Partnership: 1 action update received"
    assert "The map is done." in mail.body
    assert "Proposed status: Done (now Open)" in mail.body
    assert f"/p/safer-testshire/actions/{world['action'].pk}/" in mail.body
    assert UpdateDigest.objects.get().update_count == 1
    assert AuditEvent.objects.filter(verb="update_digest.send").exists()
    # a second run sends nothing twice
    out = io.StringIO()
    call_command("send_update_digest", stdout=out)
    assert "nothing sent" in out.getvalue()
    assert len(mailoutbox) == 1
    # a new update goes in the next digest, alone
    services.action_update_record(
        actor=LinkActor(world["owner"]), action=world["action"], text="Shared with the police."
    )
    call_command("send_update_digest", "safer-testshire", stdout=io.StringIO())
    assert len(mailoutbox) == 2
    assert "Shared with the police." in mailoutbox[1].body
    assert "The map is done." not in mailoutbox[1].body


def test_the_digest_is_the_secretariats(world, users, partnership):
    from csphub.actions.services.digest import update_digest_send

    with pytest.raises(PermissionDenied):
        update_digest_send(actor=users["member"], partnership=partnership)


def test_the_digest_command_names_unknown_partnerships(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No partnership nowhere"):
        call_command("send_update_digest", "nowhere")
