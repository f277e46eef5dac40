"""Password change and reset (issue 10 part 4, decision 0018): Django's own views and
tokens, our GOV.UK pages, audited, with no account enumeration and reset links that work
once and for an hour only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from csphub.accounts.tests.factories import UserFactory
from csphub.accounts.tests.login import verified_login
from csphub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
User = get_user_model()
OLD = "correct-horse-battery-staple"  # the factories' password
NEW = "a new and longer pass phrase 42"


def _reset_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


# Change --------------------------------------------------------------------------------


def test_signed_in_user_changes_password_and_other_sessions_end(client, users):
    member = users["member"]
    client.force_login(member)
    elsewhere = verified_login(Client(), member)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert client.get(reverse("accounts:password_change_done")).status_code == 200  # still in
    gone = elsewhere.get(reverse("accounts:password_change"))
    assert gone.status_code == 302 and gone["Location"].startswith(reverse("accounts:login"))
    event = AuditEvent.objects.get(verb="auth.password_change")
    assert event.actor_id == member.pk and event.partnership_id is None
    assert OLD not in str(event.after) and NEW not in str(event.after)


def test_wrong_old_password_or_weak_new_one_is_refused(client, users):
    client.force_login(users["member"])
    url = reverse("accounts:password_change")
    wrong = client.post(url, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    weak = client.post(
        url, {"old_password": OLD, "new_password1": "password", "new_password2": "password"}
    )
    for response in (wrong, weak):
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="auth.password_change").exists()


def test_password_change_page_needs_sign_in_and_is_linked_from_the_header(client, users):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    client.force_login(users["member"])
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("accounts:password_change") in home


# Reset ---------------------------------------------------------------------------------


def test_sign_in_page_links_to_reset(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page


def test_reset_answers_the_same_whether_or_not_the_address_exists(client, users):
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": users["member"].email})
    unknown = client.post(url, {"email": "nobody-here@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [users["member"].email]
    done = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "If the address you entered belongs to an account" in done


def test_reset_link_uses_the_base_url_and_works_once(client, users, settings):
    settings.CSPHUB_BASE_URL = "https://csphub.example.gov.uk"
    member = users["member"]
    client.post(reverse("accounts:password_reset"), {"email": member.email})
    link = _reset_link(mail.outbox[0])
    assert link.startswith("https://csphub.example.gov.uk/accounts/password/reset/")
    form_page = client.get(_path(link), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert AuditEvent.objects.filter(verb="auth.password_reset").count() == 1
    # The same link again, in a fresh browser: refused
    again = Client().get(_path(link), follow=True).content.decode()
    assert "This link does not work" in again


def test_reset_link_expires_after_an_hour(client, users):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    member = users["member"]
    client.post(reverse("accounts:password_reset"), {"email": member.email})
    link = _reset_link(mail.outbox[0])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)
    with time_machine.travel(later):
        page = Client().get(_path(link), follow=True).content.decode()
    assert "This link does not work" in page


def test_reset_is_not_sent_to_an_inactive_account(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = client.post(reverse("accounts:password_reset"), {"email": "gone@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
