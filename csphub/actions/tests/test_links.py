"""Signed update links: a link opens only its own action, until it expires or is withdrawn,
and every use is audited."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from csphub.actions import services
from csphub.actions.links import (
    SALT,
    LinkExpired,
    LinkInvalid,
    LinkNotOwner,
    LinkRevoked,
    make_token,
    read_token,
)
from csphub.actions.models import Action, ActionUpdate, UpdateRequest
from csphub.audit.models import AuditEvent

from .update_world import SYSTEM, build_world

NOW = timezone.make_aware(dt.datetime(2030, 2, 1, 9, 0))


@pytest.fixture
def world(partnership):
    return build_world(partnership)


@pytest.fixture
def sent(world, users):
    """Update requests sent for the target meeting; Alice's request and her tokens."""
    services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    request = UpdateRequest.objects.get(person=world.alice)
    return request, make_token(request, world.a1), make_token(request, world.a2)


def _url(token: str, name: str = "action_links:update") -> str:
    return reverse(name, args=[token])


def _tamper_action(token: str, action_id: int) -> str:
    """Swap the action id in a token's payload, keeping its (now wrong) signature."""
    payload, stamp, signature = token.split(":")
    values = signing.b64_decode(payload.encode()).decode()
    request_id, _, person_id = values.strip("[]").split(",")
    new = base64.urlsafe_b64encode(f"[{request_id},{action_id},{person_id}]".encode())
    return f"{new.decode().rstrip('=')}:{stamp}:{signature}"


# --- Reading tokens ----------------------------------------------------------------------------


def test_token_opens_its_own_action(world, sent):
    request, t1, t2 = sent
    assert read_token(t1) == (request, world.a1)
    assert read_token(t2)[1] == world.a2
    assert len(t1) < 100


def test_token_cannot_be_pointed_at_another_action(world, sent):
    request, t1, _ = sent
    with pytest.raises(LinkInvalid):
        read_token(_tamper_action(t1, world.a5.pk))
    # signed properly, but for an action that was not in this person's request
    with pytest.raises(LinkNotOwner):
        read_token(make_token(request, world.a5))
    # a token for another person's request cannot be re-addressed to this one
    forged = signing.dumps([request.pk, world.a1.pk, world.bob.pk], salt=SALT, compress=True)
    with pytest.raises(LinkInvalid):
        read_token(forged)
    # signed with another salt (e.g. another feature's token)
    with pytest.raises(LinkInvalid):
        read_token(signing.dumps([request.pk, world.a1.pk, world.alice.pk], compress=True))


@pytest.mark.parametrize(
    "alter",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t[:-5],
        lambda t: "x" + t,
        lambda t: "",
        lambda t: "not-a-token",
        lambda t: t * 10,
    ],
)
def test_altered_token_is_refused(sent, alter):
    _, t1, _ = sent
    with pytest.raises(LinkInvalid):
        read_token(alter(t1))


def test_expired_token_is_refused(sent):
    request, t1, _ = sent
    with pytest.raises(LinkExpired) as exc:
        read_token(t1, now=request.expires_at + dt.timedelta(seconds=1))
    assert exc.value.update_request == request
    with time_machine.travel(request.expires_at + dt.timedelta(days=1)), pytest.raises(LinkExpired):
        read_token(t1)


def test_revoked_token_is_refused(world, users, sent):
    request, t1, _ = sent
    services.update_request_revoke(actor=users["secretariat"], request=request)
    with pytest.raises(LinkRevoked):
        read_token(t1)


def test_token_stops_working_when_the_action_is_reassigned(world, users, sent):
    _, t1, t2 = sent
    services.action_reassign(
        actor=users["secretariat"], action=world.a1, owners=[world.bob], note="Alice has left."
    )
    with pytest.raises(LinkNotOwner):
        read_token(t1)
    assert read_token(t2)[1] == world.a2


# --- The owner's page ---------------------------------------------------------------------------


def test_link_page_shows_the_action_and_audits_the_visit(world, sent, client):
    request, t1, _ = sent
    services.action_update_record(actor=SYSTEM, action=world.a1, text="Mapping started in May.")
    response = client.get(_url(t1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Update your action" in page
    assert "Map knife crime hotspots with the police" in page
    assert "Minute 101, Tuesday 15 January 2030: Knife crime" in page
    assert "Thursday 28 February 2030" in page
    assert "Mapping started in May." in page
    assert "Report on hate crime reporting centres" not in page  # another action
    assert 'name="proposed_status"' in page
    assert "noindex" in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(verb="update_link.open")
    assert event.object_id == str(world.a1.pk)
    assert event.actor_label == "Alice Owner (update link)"
    assert event.partnership == world.partnership
    assert t1 not in f"{event.after} {event.note}"


def test_posting_an_update_through_the_link(world, sent, client):
    request, t1, _ = sent
    response = client.post(
        _url(t1), {"text": "Hotspot map shared with the police.", "proposed_status": "done"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(t1, "action_links:thanks")
    update = ActionUpdate.objects.get(action=world.a1, kind=ActionUpdate.Kind.UPDATE)
    assert update.text == "Hotspot map shared with the police."
    assert update.via_link is True
    assert update.author_person == world.alice
    assert update.author is None
    assert update.proposed_status == "done"
    world.a1.refresh_from_db()
    assert world.a1.status == Action.Status.OPEN  # only proposed: the secretariat confirms
    event = AuditEvent.objects.get(verb="action.update_link")
    assert event.object_id == str(world.a1.pk)
    assert event.after["text"] == "Hotspot map shared with the police."

    page = client.get(response["Location"]).content.decode()
    assert "Update sent" in page
    assert "Hotspot map shared with the police." in page
    assert "You proposed the status: <strong>Done</strong>" in page


def test_a_link_cannot_post_to_another_action(world, sent, client):
    _, t1, _ = sent
    response = client.post(
        _url(t1),
        {"text": "Sneaky", "action": world.a5.pk, "action_id": world.a5.pk, "pk": world.a5.pk},
    )
    assert response.status_code == 302
    assert not ActionUpdate.objects.filter(action=world.a5, kind="update").exists()
    assert ActionUpdate.objects.get(action=world.a1, kind="update").text == "Sneaky"
    # and a token re-addressed to another action is refused outright
    response = client.post(_url(_tamper_action(t1, world.a5.pk)), {"text": "Sneaky"})
    assert response.status_code == 404
    assert not ActionUpdate.objects.filter(action=world.a5, kind="update").exists()


def test_an_update_is_required(world, sent, client):
    _, t1, _ = sent
    response = client.post(_url(t1), {"text": "  ", "proposed_status": "nonsense"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Write your update." in page
    assert not ActionUpdate.objects.filter(action=world.a1, kind="update").exists()


def test_altered_link_shows_a_clear_page(sent, client):
    _, t1, _ = sent
    response = client.get(_url(t1[:-3] + "abc"))
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link does not work" in page
    assert "copied the whole web address" in page
    assert client.post(_url(t1[:-3] + "abc"), {"text": "x"}).status_code == 404
    assert not ActionUpdate.objects.filter(kind="update").exists()


def test_expired_link_shows_a_clear_page(world, sent, client):
    request, t1, _ = sent
    with time_machine.travel(request.expires_at + dt.timedelta(hours=1)):
        response = client.get(_url(t1))
        assert response.status_code == 410
        page = response.content.decode()
        assert "This link has expired" in page
        assert "community.safety@testshire.gov.uk" in page
        assert "020 7946 0000" in page
        response = client.post(_url(t1), {"text": "Too late"})
        assert response.status_code == 410
    assert not ActionUpdate.objects.filter(kind="update").exists()
    assert AuditEvent.objects.filter(verb="update_link.refused").count() == 2


def test_request_expired_in_the_database_is_refused(world, sent, client):
    request, t1, _ = sent
    UpdateRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get(_url(t1))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_withdrawn_link_shows_a_clear_page(world, users, sent, client):
    request, t1, _ = sent
    services.update_request_revoke(actor=users["secretariat"], request=request)
    response = client.get(_url(t1))
    assert response.status_code == 410
    assert "This link has been withdrawn" in response.content.decode()
    response = client.post(_url(t1), {"text": "Anyway"})
    assert response.status_code == 410
    assert not ActionUpdate.objects.filter(kind="update").exists()


def test_reassigned_action_link_is_refused(world, users, sent, client):
    _, t1, _ = sent
    services.action_reassign(
        actor=users["secretariat"], action=world.a1, owners=[world.bob], note="Alice has left."
    )
    response = client.post(_url(t1), {"text": "Still mine?"})
    assert response.status_code == 410
    assert "no longer yours" in response.content.decode()
    assert not ActionUpdate.objects.filter(kind="update").exists()


def test_my_open_actions_page(world, sent, client):
    request, t1, _ = sent
    response = client.get(_url(t1, "action_links:mine"))
    assert response.status_code == 200
    page = response.content.decode()
    # in the request: each with its own link
    assert "Map knife crime hotspots with the police" in page
    assert "Report on hate crime reporting centres" in page
    # Alice's other open actions are listed, without a link
    assert "Something decided at the target meeting" in page
    assert "Clear the fly-tipping hotspot" in page
    assert "this action was not in the e-mail you were sent" in page
    # not other people's, not closed ones
    assert "Refresh the ASB problem-solving protocol" not in page
    assert "Circulate the weapons sweep results" not in page
    assert "Write to the schools about the assembly" not in page
    links = {
        read_token(href.split("/")[2])[1].pk
        for href in _hrefs(page)
        if href.startswith("/update/") and not href.endswith("/mine/")
    }
    assert links == {world.a1.pk, world.a2.pk}
    assert AuditEvent.objects.filter(verb="update_link.open", after__page="mine").exists()


def _hrefs(page: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', page)


def test_no_token_in_the_audit_trail(world, sent, client):
    _, t1, t2 = sent
    client.get(_url(t1))
    client.post(_url(t1), {"text": "Done it."})
    client.get(_url(t2, "action_links:mine"))
    for event in AuditEvent.objects.all():
        blob = f"{event.before} {event.after} {event.note} {event.object_repr} {event.actor_label}"
        assert t1 not in blob and t2 not in blob


def test_my_open_actions_page_names_no_restricted_action_the_email_did_not(world, sent, client):
    _, t1, _ = sent
    restricted = services.action_create(
        actor=SYSTEM,
        body=world.body,
        description="Covert operation details",
        owners=[world.alice],
        minute=world.knife,
    )
    Action.objects.filter(pk=restricted.pk).update(is_restricted=True)
    page = client.get(_url(t1, "action_links:mine")).content.decode()
    assert "Covert operation details" not in page
    assert "You also own 1 restricted action that is not shown here." in page
