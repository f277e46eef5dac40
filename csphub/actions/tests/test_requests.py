"""Sending update requests and overdue reminders: one e-mail per owner listing all their
actions, nobody silently lost, one audit event per e-mail, and the two commands."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from csphub import cli
from csphub.actions import services, update_requests
from csphub.actions.links import read_token
from csphub.actions.models import UpdateRequest
from csphub.audit.actors import SystemActor
from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import PersonFactory

from .update_world import SYSTEM, build_world

# an action's own link (not the "all my actions" one)
LINK = re.compile(r"https?://[^\s\"<>]+?/update/([^/\s\"<>]+)/(?!mine/)")


@pytest.fixture
def world(partnership):
    return build_world(partnership)


def _tokens(body: str) -> list[str]:
    return list(dict.fromkeys(LINK.findall(body)))


# --- Who is asked ----------------------------------------------------------------------------


def test_plan_groups_open_actions_of_earlier_meetings_by_owner(world):
    plan = update_requests.update_requests_plan(meeting=world.target, today=dt.date(2030, 2, 1))
    asked = {r.person.slug: [a.pk for a in r.actions] for r in plan.recipients}
    assert asked == {
        "alice": [world.a1.pk, world.a2.pk],
        "bob": [world.a2.pk, world.a5.pk],
    }
    # closed, from this meeting itself, or of another body: not asked about
    in_scope = {a.pk for a in plan.actions}
    assert not in_scope & {world.done.pk, world.from_target.pk, world.other_body.pk}
    unreachable = {u.name: ([a.pk for a in u.actions], u.reason) for u in plan.unreachable}
    assert unreachable["Carol Nomail"][0] == [world.a3.pk]
    assert "No e-mail address" in unreachable["Carol Nomail"][1]
    assert unreachable["Testshire Police"][0] == [world.a4.pk]
    assert "organisation" in unreachable["Testshire Police"][1]
    assert [a.pk for a in plan.actions_not_requested] == [world.a3.pk, world.a4.pk]
    # a working day before the agenda must be published (5 clear working days: 1 March),
    # but never after the links stop working, 14 days after sending (issue 11)
    assert plan.reply_by == dt.date(2030, 2, 15)
    later = update_requests.update_requests_plan(meeting=world.target, today=dt.date(2030, 2, 20))
    assert later.reply_by == dt.date(2030, 3, 1)


def test_plan_queries_do_not_grow_with_actions(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from csphub.actions import services

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            update_requests.update_requests_plan(meeting=world.target, today=dt.date(2030, 2, 1))
        return len(ctx.captured_queries)

    before = count()
    for i in range(5):
        person = PersonFactory(partnership=world.partnership, slug=f"extra-{i}")
        services.action_create(
            actor=SYSTEM,
            body=world.body,
            description=f"Extra {i}",
            owners=[person],
            minute=world.knife,
        )
    assert count() == before


# --- Sending ---------------------------------------------------------------------------------


def test_one_email_per_owner_listing_all_their_actions(world, users):
    now = timezone.make_aware(dt.datetime(2030, 2, 1, 9, 0))
    report = services.update_requests_send(
        actor=users["secretariat"], meeting=world.target, now=now, base_url="https://hub.example"
    )
    assert report.emails_sent == 2
    assert report.actions_requested == 3
    assert report.summary() == "Sent 2 e-mails for 3 actions."
    assert len(mail.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    alice_mail = by_to["alice@testshire.gov.uk"]
    assert (
        alice_mail.subject == "Safer Testshire Board, 12 March 2030: please update your 2 actions"
    )
    assert alice_mail.reply_to == ["community.safety@testshire.gov.uk"]
    text = alice_mail.body
    assert "Dear Alice Owner" in text
    assert "Map knife crime hotspots with the police" in text
    assert "Report on hate crime reporting centres" in text
    assert "Refresh the ASB problem-solving protocol" not in text  # Bob's
    assert "Tuesday 12 March 2030" in text
    # the agenda deadline would be 1 March, but the links stop working on 15 February
    assert "Please reply by Friday 15 February 2030" in text
    assert "Minute 101, Tuesday 15 January 2030: Knife crime" in text
    assert "By the next meeting (Tuesday 12 March 2030)" in text
    assert "&" not in text.replace("&", "")  # plain text is not HTML-escaped
    html, mimetype = alice_mail.alternatives[0]
    assert mimetype == "text/html"
    assert "Map knife crime hotspots with the police" in html
    # each action has its own link, for that action
    tokens = _tokens(text)
    assert len(tokens) == 2
    opened = [read_token(t, now=now)[1].pk for t in tokens]
    assert opened == [world.a1.pk, world.a2.pk]
    assert "https://hub.example/update/" in text

    requests = {r.person.slug: r for r in UpdateRequest.objects.all()}
    assert set(requests) == {"alice", "bob"}
    assert set(requests["bob"].actions.values_list("pk", flat=True)) == {world.a2.pk, world.a5.pk}
    assert requests["alice"].kind == "request"
    assert requests["alice"].meeting == world.target
    assert requests["alice"].sent_by == users["secretariat"]
    assert requests["alice"].expires_at == now + dt.timedelta(days=14)


def test_each_email_is_audited_without_its_token(world, users):
    services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    events = AuditEvent.objects.filter(verb="update_request.send")
    assert events.count() == 2
    tokens = [t for m in mail.outbox for t in _tokens(m.body)]
    assert tokens
    for event in AuditEvent.objects.all():
        blob = f"{event.before} {event.after} {event.note} {event.object_repr}"
        assert not any(t in blob for t in tokens)
    event = events.get(after__to="alice@testshire.gov.uk")
    assert event.after["meeting"] == "safer-testshire/board/2030-03-12"
    assert event.after["actions"] == [world.a1.pk, world.a2.pk]
    assert event.actor == users["secretariat"]


def test_person_without_email_is_reported_not_lost(world, users):
    report = services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    names = [u.name for u in report.unreachable]
    assert names == ["Carol Nomail", "Testshire Police"]
    assert [a.pk for a in report.actions_not_requested] == [world.a3.pk, world.a4.pk]
    assert not UpdateRequest.objects.filter(person=world.carol).exists()
    assert all("Carol" not in m.body.split("\n")[0] for m in mail.outbox)


def test_person_without_own_address_uses_their_account_email(world, users):
    user = users["member"]
    user.email = "carol.account@testshire.gov.uk"
    user.save()
    world.carol.user = user
    world.carol.save()
    report = services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    assert "carol.account@testshire.gov.uk" in [m.to[0] for m in mail.outbox]
    assert "Carol Nomail" not in [u.name for u in report.unreachable]


def test_only_the_secretariat_or_the_system_may_send(world, users):
    for who in ("member", "cleared", "outsider", "other_secretariat"):
        with pytest.raises(PermissionDenied):
            services.update_requests_send(actor=users[who], meeting=world.target)
    assert not mail.outbox
    assert not UpdateRequest.objects.exists()
    services.update_requests_send(actor=SystemActor(label="cron"), meeting=world.target)
    assert len(mail.outbox) == 2
    assert UpdateRequest.objects.filter(sent_by=None).count() == 2


def test_a_failed_email_leaves_no_request_behind(world, users, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        if self.to == ["bob@testshire.police.uk"]:
            raise smtplib.SMTPRecipientsRefused({"bob@testshire.police.uk": (550, b"no")})
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    report = services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    assert report.emails_sent == 1
    assert [f.recipient.person.slug for f in report.failed] == ["bob"]
    assert list(UpdateRequest.objects.values_list("person__slug", flat=True)) == ["alice"]
    assert AuditEvent.objects.filter(verb="update_request.send").count() == 1
    # a5 is Bob's alone: nobody was asked about it
    assert world.a5.pk in [a.pk for a in report.actions_not_requested]


def test_link_days_setting(world, users, settings):
    settings.CSPHUB_UPDATE_LINK_DAYS = 3
    now = timezone.now()
    services.update_requests_send(actor=users["secretariat"], meeting=world.target, now=now)
    assert UpdateRequest.objects.first().expires_at == now + dt.timedelta(days=3)


def test_base_url_defaults_to_the_setting(world, users, settings):
    settings.CSPHUB_BASE_URL = "https://csp.testshire.gov.uk"
    services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    assert "https://csp.testshire.gov.uk/update/" in mail.outbox[0].body


# --- Overdue reminders -------------------------------------------------------------------------


def test_overdue_reminders_cover_dates_and_next_meetings_that_have_passed(world, users):
    plan = update_requests.overdue_reminders_plan(
        partnership=world.partnership, today=dt.date(2030, 3, 1)
    )
    assert [a.pk for a in plan.actions] == [world.a1.pk]  # a2 is due 12 March
    plan = update_requests.overdue_reminders_plan(
        partnership=world.partnership, today=dt.date(2030, 3, 20)
    )
    assert {a.pk for a in plan.actions} == {world.a1.pk, world.a2.pk}

    report = services.overdue_reminders_send(
        actor=users["secretariat"], partnership=world.partnership, today=dt.date(2030, 3, 20)
    )
    assert report.summary() == "Sent 2 e-mails for 2 actions."
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Safer Testshire Partnership: please update your 2 overdue actions",
        "Safer Testshire Partnership: please update your overdue action",
    ]
    assert set(UpdateRequest.objects.values_list("kind", flat=True)) == {"reminder"}
    assert not UpdateRequest.objects.filter(meeting__isnull=False).exists()
    assert "are overdue" in mail.outbox[0].body


def test_no_overdue_actions_sends_nothing(world, users):
    report = services.overdue_reminders_send(
        actor=users["secretariat"], partnership=world.partnership, today=dt.date(2030, 1, 1)
    )
    assert report.emails_sent == 0
    assert not mail.outbox


# --- Revoking -------------------------------------------------------------------------------


def test_revoke_is_audited_and_limited_to_the_secretariat(world, users):
    services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    request = UpdateRequest.objects.get(person=world.alice)
    with pytest.raises(PermissionDenied):
        services.update_request_revoke(actor=users["other_secretariat"], request=request)
    services.update_request_revoke(actor=users["secretariat"], request=request)
    request.refresh_from_db()
    assert request.revoked_at is not None
    assert AuditEvent.objects.filter(verb="update_request.revoke").count() == 1
    services.update_request_revoke(actor=users["secretariat"], request=request)
    assert AuditEvent.objects.filter(verb="update_request.revoke").count() == 1


# --- Commands ---------------------------------------------------------------------------------


def test_request_updates_command(world):
    out = StringIO()
    call_command(
        "request_updates", world.target.key, "--base-url", "https://hub.example", stdout=out
    )
    printed = out.getvalue()
    assert "Safer Testshire Board, 12 March 2030: sent 2 e-mails for 3 actions." in printed
    assert "Carol Nomail: No e-mail address" in printed
    assert "Testshire Police" in printed
    assert "2 actions with no owner who was e-mailed" in printed
    assert len(mail.outbox) == 2
    assert "https://hub.example/update/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        verb="update_request.send", actor_label="csphub request-updates"
    ).exists()


def test_request_updates_scheduled_days_before_each_meeting(world):
    """A daily scheduler run asks once per meeting: only meetings N days ahead are sent."""
    out = StringIO()
    call_command(
        "request_updates",
        "safer-testshire",
        "--days-before",
        "7",
        "--today",
        "2030-03-05",
        stdout=out,
    )
    assert "12 March 2030: sent 2 e-mails for 3 actions." in out.getvalue()
    assert len(mail.outbox) == 2
    out = StringIO()
    call_command(
        "request_updates",
        "safer-testshire",
        "--days-before",
        "7",
        "--today",
        "2030-03-06",
        stdout=out,
    )
    assert "no meetings on 13 March 2030" in out.getvalue()
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="No partnership"):
        call_command("request_updates", "nowhere", "--days-before", "7")


def test_request_updates_command_fails_clearly_on_a_bad_meeting(world):
    with pytest.raises(CommandError, match="No meeting 'safer-testshire/board/2030-03-13'"):
        call_command("request_updates", "safer-testshire/board/2030-03-13")
    with pytest.raises(CommandError, match="partnership/body/YYYY-MM-DD"):
        call_command("request_updates", "not-a-key")
    with pytest.raises(CommandError, match="--base-url"):
        call_command("request_updates", world.target.key, "--base-url", "hub.example")
    assert not mail.outbox


def test_request_updates_command_shows_progress_for_many_owners(world, capsys):
    from csphub.actions import services

    for i in range(7):
        person = PersonFactory(partnership=world.partnership, slug=f"many-{i}")
        services.action_create(
            actor=SYSTEM,
            body=world.body,
            description=f"Task {i}",
            owners=[person],
            minute=world.knife,
        )
    out = StringIO()
    call_command("request_updates", world.target.key, stdout=out)
    assert "sent 9 e-mails for 10 actions" in out.getvalue()
    assert len(mail.outbox) == 9


def test_remind_overdue_command(world):
    out = StringIO()
    call_command("remind_overdue", "safer-testshire", "--today", "2030-03-20", stdout=out)
    assert "Safer Testshire Partnership, overdue actions: sent 2 e-mails for 2 actions." in (
        out.getvalue()
    )
    assert len(mail.outbox) == 2
    out = StringIO()
    call_command("remind_overdue", "safer-testshire", "--today", "2030-01-01", stdout=out)
    assert "nothing was sent" in out.getvalue()


def test_remind_overdue_command_fails_clearly(world):
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        call_command("remind_overdue", "nowhere")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind_overdue", "safer-testshire", "--today", "20 March")


def test_csphub_accepts_hyphenated_command_names(world, capsys):
    """`csphub request-updates` is the request_updates command. (Run through call_command:
    execute_from_command_line closes the database connection, which a test can't survive
    on PostgreSQL.)"""
    assert cli.command_args(["request-updates", "x/y/2030-01-01"]) == [
        "request_updates",
        "x/y/2030-01-01",
    ]
    assert cli.command_args(["help", "remind-overdue"]) == ["help", "remind_overdue"]
    assert cli.command_args(["--version"]) == ["--version"]
    assert cli.command_args(["render", "safer-bromley/board/2017-12-19"])[1] == (
        "safer-bromley/board/2017-12-19"
    )
    name, *rest = cli.command_args(["remind-overdue", "safer-testshire", "--today", "2030-03-20"])
    call_command(name, *rest)
    assert "sent 2 e-mails for 2 actions" in capsys.readouterr().out


# --- The secretariat's pages ---------------------------------------------------------------


def _send_url(world):
    return reverse("action_links:send", args=["safer-testshire", "board", "2030-03-12"])


def test_request_page_previews_then_sends(world, users, client):
    client.force_login(users["secretariat"])
    response = client.get(_send_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Request updates from action owners" in page
    assert "alice@testshire.gov.uk" in page
    assert "Carol Nomail" in page
    assert "No e-mail address is recorded for them." in page
    assert "Testshire Police" in page
    assert "Send 2 e-mails" in page
    assert not mail.outbox

    response = client.post(_send_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sent 2 e-mails for 3 actions." in page
    assert "Carol Nomail" in page
    assert len(mail.outbox) == 2

    response = client.get(_send_url(world))
    assert "already been sent" in response.content.decode()


def test_request_pages_are_for_the_secretariat_only(world, users, client):
    list_url = reverse("action_links:list", args=["safer-testshire"])
    response = client.get(_send_url(world))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    for who in ("member", "other_secretariat"):
        client.force_login(users[who])
        assert client.get(_send_url(world)).status_code == 403
        assert client.post(_send_url(world)).status_code == 403
        assert client.get(list_url).status_code == 403
    assert not mail.outbox
    client.force_login(users["secretariat"])
    assert (
        client.get(
            reverse("action_links:send", args=["safer-testshire", "board", "2030-03-13"])
        ).status_code
        == 404
    )


def test_request_list_and_revoke(world, users, client):
    services.update_requests_send(actor=users["secretariat"], meeting=world.target)
    request = UpdateRequest.objects.get(person=world.alice)
    client.force_login(users["secretariat"])
    list_url = reverse("action_links:list", args=["safer-testshire"])
    page = client.get(list_url).content.decode()
    assert "Alice Owner" in page and "Bob Owner" in page
    assert "Withdraw" in page

    revoke_url = reverse("action_links:revoke", args=["safer-testshire", request.pk])
    assert client.get(revoke_url).status_code == 405
    response = client.post(revoke_url, follow=True)
    assert response.status_code == 200
    assert "The links sent to Alice Owner no longer work." in response.content.decode()
    request.refresh_from_db()
    assert request.revoked_at is not None

    # another partnership's secretariat cannot reach it
    client.force_login(users["other_secretariat"])
    assert (
        client.post(reverse("action_links:revoke", args=["elsewhere", request.pk])).status_code
        == 404
    )


def test_meeting_page_offers_the_button_to_the_secretariat(world, users, client):
    url = reverse("meetings:detail", args=["safer-testshire", "board", "2030-03-12"])
    client.force_login(users["secretariat"])
    assert "Request updates from action owners" in client.get(url).content.decode()
    client.force_login(users["member"])
    assert "Request updates from action owners" not in client.get(url).content.decode()


# --- organisations: their lead representative answers ------------------------------------------


def test_an_organisations_action_goes_to_its_lead_representative(world, users):
    from csphub.actions.services import action_update_record
    from csphub.audit.actors import LinkActor
    from csphub.partnerships.models import Membership
    from csphub.partnerships.tests.factories import MembershipFactory

    MembershipFactory(
        body=world.body, organisation=world.police, person=world.carol, role=Membership.Role.MEMBER
    )  # no address: not the lead, a member ranks below the vice-chair
    dana = MembershipFactory(
        body=world.body,
        organisation=world.police,
        role=Membership.Role.VICE_CHAIR,
        person__name="Dana Inspector",
        person__email="dana@testshire.police.uk",
    ).person
    plan = update_requests.update_requests_plan(meeting=world.target, today=dt.date(2030, 2, 1))
    asked = {r.person.slug: [a.pk for a in r.actions] for r in plan.recipients}
    assert asked[dana.slug] == [world.a4.pk]
    assert "Testshire Police" not in {u.name for u in plan.unreachable}
    now = timezone.make_aware(dt.datetime(2030, 2, 1, 9, 0))
    services.update_requests_send(
        actor=users["secretariat"], meeting=world.target, now=now, base_url="https://hub.example"
    )
    [to_dana] = [m for m in mail.outbox if m.to == ["dana@testshire.police.uk"]]
    [token] = _tokens(to_dana.body)
    _, action = read_token(token, now=now)
    assert action == world.a4
    action_update_record(actor=LinkActor(dana), action=action, text="Figures shared.")
    with pytest.raises(PermissionDenied):
        action_update_record(actor=LinkActor(world.carol), action=action, text="Not mine.")


def test_an_organisation_with_nobody_to_ask_is_listed(world):
    plan = update_requests.update_requests_plan(meeting=world.target, today=dt.date(2030, 2, 1))
    [police] = [u for u in plan.unreachable if u.name == "Testshire Police"]
    assert police.reason == "An organisation with no current member on any body to ask."
