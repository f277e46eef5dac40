"""Sign-in protection (RELIABILITY.md Part C check 6; docs/decisions/0009): password rules,
lockout after failed sign-ins, the session's idle timeout and absolute lifetime, the session
ending at sign-out and on deactivation, and the security log of every sign-in event.

Time is moved with time-machine; everything else is real: the database, the middleware,
django-axes and the test client.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from csphub.accounts import services
from csphub.accounts.middleware import LAST_SEEN
from csphub.audit.models import AuditEvent
from csphub.core.client_ip import client_ip
from csphub.demo.users import DEMO_PASSWORD

User = get_user_model()
SLUG = "safer-testshire"
PASSWORD = "correct-horse-battery-staple"  # the factories' password
WRONG = "not-the-password-at-all"
START = dt.datetime(2030, 3, 12, 9, 0, tzinfo=dt.UTC)
LOGIN = "/accounts/login/"


@pytest.fixture
def axes_on(settings):
    """Lockout tests run with django-axes on, whatever the test settings say."""
    settings.AXES_ENABLED = True


@pytest.fixture
def clock():
    """Time stands still at START until a test moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _sign_in(client, username: str, password: str, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _roles_page(client):
    """A page only a signed-in administrator of the partnership can see."""
    return client.get(reverse("accounts:roles", args=[SLUG]))


def _h1(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return match.group(1).strip() if match else ""


# Passwords (ASVS 6.2.1, 6.2.4, 6.2.9) ---------------------------------------------------


def test_password_validators_are_length_12_common_and_similarity():
    by_name = {v["NAME"].rsplit(".", 1)[1]: v for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert set(by_name) == {
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "UserAttributeSimilarityValidator",
    }
    assert by_name["MinimumLengthValidator"]["OPTIONS"]["min_length"] == 12


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("eleven-char", "too short"),  # 11 characters
        ("q1w2e3r4t5y6", "too common"),  # 12 characters, on Django's list
        ("jbloggs12345", "too similar"),  # 12 characters, like the username
    ],
)
def test_weak_passwords_rejected(password, why):
    user = User(username="jbloggs", first_name="Jo", last_name="Bloggs")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert why in " ".join(exc.value.messages)


@pytest.mark.parametrize(
    "password",
    [
        "twelve-chars",  # exactly the minimum
        "x" * 7 + "y" * 57,  # 64 characters
        'a long pass phrase with spaces, punctuation !"£$%^&*() and more ' * 4,  # 256
        "Ünïcödé pässwörd — 日本語のパスワード — 🐉🔑 — ¿¡ tabs\tand more",
        "ZZ" + "0123456789" * 100,  # 1,002 characters
    ],
)
def test_long_passwords_and_any_characters_accepted(password):
    validate_password(password, User(username="jbloggs", first_name="Jo", last_name="Bloggs"))


@pytest.mark.django_db
def test_demo_password_passes_for_every_demo_user():
    assert len(DEMO_PASSWORD) == 21
    for suffix in ["administrator", "secretariat", "member", "cleared"]:
        validate_password(DEMO_PASSWORD, User(username=f"{SLUG}-{suffix}"))
    validate_password(DEMO_PASSWORD, User(username="admin", email="admin@example.org"))


@pytest.mark.django_db
def test_user_with_a_100_character_password_can_sign_in(client, users, partnership, axes_on):
    long_password = "correct horse battery staple / " * 3 + "ünïcödé 🐉 0123"
    assert len(long_password) >= 100
    services.user_create(
        actor=users["administrator"],
        partnership=partnership,
        username="jbloggs",
        email="jo@example.org",
        first_name="Jo",
        last_name="Bloggs",
        password=long_password,
        role="member",
        cleared=False,
    )
    response = _sign_in(client, "jbloggs", long_password)
    assert response.status_code == 302
    assert _signed_in(client)


# Lockout (ASVS 6.3.1) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_five_failures_lock_the_username_with_our_429_page(client, users, axes_on, caplog):
    username = users["administrator"].username
    with caplog.at_level(logging.INFO):
        for _ in range(4):
            response = _sign_in(client, username, WRONG)
            assert response.status_code == 200
            assert "govuk-error-summary" in response.content.decode()
        fifth = _sign_in(client, username, WRONG)
        sixth = _sign_in(client, username, PASSWORD)  # the right password, too late
    for response in (fifth, sixth):
        assert response.status_code == 429
        assert response["Retry-After"] == "900"
        assert _h1(response) == "You cannot sign in at the moment"
        html = response.content.decode()
        assert "for 15 minutes" in html
        assert 'lang="en-GB"' in html  # our GOV.UK page, not axes' plain text
        assert username not in html
    assert not _signed_in(client)
    assert WRONG not in caplog.text and PASSWORD not in caplog.text


@pytest.mark.django_db
def test_lockout_lasts_15_minutes_and_refused_attempts_do_not_extend_it(
    client, users, axes_on, clock
):
    username = users["administrator"].username
    for _ in range(5):
        _sign_in(client, username, WRONG)
    clock.shift(dt.timedelta(minutes=14, seconds=59))
    assert _sign_in(client, username, PASSWORD).status_code == 429  # refused, not counted
    clock.shift(dt.timedelta(seconds=2))  # 15 minutes and 1 second after the lockout
    response = _sign_in(client, username, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_successful_sign_in_resets_the_count(client, users, axes_on):
    username = users["administrator"].username
    for _ in range(4):
        _sign_in(client, username, WRONG)
    assert _sign_in(client, username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert _sign_in(client, username, WRONG).status_code == 200
    assert _sign_in(client, username, WRONG).status_code == 429


@pytest.mark.django_db
def test_lockout_is_for_that_username_from_that_address(client, users, axes_on):
    """AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]: the account's owner at another
    address, and other people at the attacker's address, can still sign in."""
    username = users["administrator"].username
    for _ in range(5):
        _sign_in(client, username, WRONG, REMOTE_ADDR="198.51.100.7")
    assert _sign_in(client, username, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert _sign_in(client, username, PASSWORD, REMOTE_ADDR="203.0.113.20").status_code == 302
    client.post(reverse("accounts:logout"))
    other = users["member"].username
    assert _sign_in(client, other, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_lockout_follows_the_client_address_behind_our_proxy(client, users, axes_on, settings):
    """With one proxy, the address it saw counts; what the client put further left does not."""
    settings.CSPHUB_PROXY_COUNT = 1
    username = users["administrator"].username
    for n in range(5):  # an attacker varying a forged X-Forwarded-For entry
        _sign_in(
            client,
            username,
            WRONG,
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7",
        )
    locked = _sign_in(
        client, username, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert locked.status_code == 429
    event = AuditEvent.objects.get(verb="auth.lockout")
    assert event.after["ip"] == "198.51.100.7"


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "198.51.100.7", "10.0.0.1"),  # no proxy: the header is ignored
        (1, "10.0.0.1", "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.1", "192.0.2.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "10.0.0.1", "", "10.0.0.1"),  # header missing: the proxy itself
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.CSPHUB_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# Sessions (ASVS 7.2.4, 7.3.1, 7.3.2, 7.4.1, 7.4.2) ----------------------------------------


@pytest.mark.django_db
def test_session_key_changes_at_sign_in(client, users, axes_on):
    session = client.session
    session["visited"] = True
    session.save()
    before = client.session.session_key
    _sign_in(client, users["administrator"].username, PASSWORD)
    assert _signed_in(client)
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.django_db
def test_sign_out_deletes_the_server_session(client, users):
    client.force_login(users["administrator"])
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # replaying the old cookie
    assert _roles_page(client).status_code == 302


@pytest.mark.django_db
def test_deactivating_a_user_ends_their_live_session_on_the_next_request(client, users):
    admin = users["administrator"]
    client.force_login(admin)
    key = client.session.session_key
    assert _roles_page(client).status_code == 200
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    response = _roles_page(client)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not _signed_in(client)
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_idle_for_30_minutes_signs_out_with_a_message(client, users, clock):
    client.force_login(users["administrator"])
    for _ in range(3):  # active every 29 minutes: still signed in after 87
        clock.shift(dt.timedelta(minutes=29))
        assert _roles_page(client).status_code == 200
    clock.shift(dt.timedelta(minutes=30))
    response = _roles_page(client)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/accounts/p/{SLUG}/roles/"
    assert not _signed_in(client)
    page = client.get(response["Location"])
    assert "You have been signed out after 30 minutes without activity" in page.content.decode()
    event = AuditEvent.objects.get(verb="auth.logout")
    assert event.note == "Signed out after 30 minutes without activity."


@pytest.mark.django_db
def test_idle_minutes_come_from_the_setting(client, users, clock, settings):
    settings.CSPHUB_SESSION_IDLE_MINUTES = 5
    client.force_login(users["administrator"])
    clock.shift(dt.timedelta(minutes=4, seconds=59))
    assert _roles_page(client).status_code == 200
    clock.shift(dt.timedelta(minutes=5))
    assert _roles_page(client).status_code == 302


@pytest.mark.django_db
def test_idle_session_opening_the_sign_in_page_is_signed_out_there(client, users, clock):
    client.force_login(users["administrator"])
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "without activity" in response.content.decode()
    assert not _signed_in(client)


@pytest.mark.django_db
def test_activity_is_written_to_the_session_at_most_once_a_minute(client, users, clock):
    client.force_login(users["administrator"])
    key = client.session.session_key
    stored = Session.objects.get(session_key=key).session_data
    signed_in = client.session[LAST_SEEN]
    for _ in range(5):  # five requests in 50 seconds: no session write
        clock.shift(dt.timedelta(seconds=10))
        assert _roles_page(client).status_code == 200
    assert Session.objects.get(session_key=key).session_data == stored
    clock.shift(dt.timedelta(seconds=10))  # a minute after sign-in
    _roles_page(client)
    assert client.session[LAST_SEEN] == signed_in + 60
    assert Session.objects.get(session_key=key).session_data != stored


def test_session_is_not_saved_on_every_request():
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


@pytest.mark.django_db
def test_absolute_lifetime_of_12_hours_is_not_extended_by_activity(client, users, clock):
    client.force_login(users["administrator"])
    key = client.session.session_key
    end = START + dt.timedelta(hours=12)
    for _ in range(35):  # a request every 20 minutes, up to 11h40
        clock.shift(dt.timedelta(minutes=20))
        assert _roles_page(client).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == end  # writes did not move it
    clock.shift(dt.timedelta(minutes=20))  # 12 hours after signing in
    response = _roles_page(client)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not _signed_in(client)


# The security log (ASVS 16.3.1, 16.2.5) ---------------------------------------------------


@pytest.mark.django_db
def test_every_sign_in_event_is_audited_without_password_or_session_key(client, users, axes_on):
    admin = users["administrator"]
    _sign_in(client, admin.username, PASSWORD, REMOTE_ADDR="203.0.113.20")
    session_key = client.session.session_key
    client.post(reverse("accounts:logout"), REMOTE_ADDR="203.0.113.20")
    for _ in range(6):
        _sign_in(client, admin.username, WRONG, REMOTE_ADDR="198.51.100.7")

    events = list(AuditEvent.objects.order_by("id"))
    assert [e.verb for e in events] == [
        "auth.login",
        "auth.logout",
        *["auth.login_failed"] * 5,
        "auth.lockout",
        "auth.login_failed",
    ]
    assert all(e.partnership_id is None for e in events)
    assert all(e.after["username"] == admin.username for e in events)
    assert [e.after["ip"] for e in events[:2]] == ["203.0.113.20"] * 2
    assert {e.after["ip"] for e in events[2:]} == {"198.51.100.7"}
    assert events[0].actor == admin and events[1].actor == admin
    assert events[2].actor is None and events[2].actor_label == "anonymous"
    assert events[7].note == "Locked for 15 minutes after 5 failed sign-ins."
    assert events[8].note == "Refused: this username is locked out."
    for event in events:
        blob = " ".join(
            str(v)
            for v in (event.before, event.after, event.note, event.object_repr, event.actor_label)
        )
        assert PASSWORD not in blob and WRONG not in blob and session_key not in blob


@pytest.mark.django_db
def test_failed_sign_in_audit_keeps_the_typed_username_on_one_line(client, axes_on):
    _sign_in(client, "x\r\nauth.login admin", WRONG)
    event = AuditEvent.objects.get(verb="auth.login_failed")
    assert "\n" not in event.object_repr and "\r" not in event.object_repr
    assert event.object_repr == event.after["username"]
    assert len(event.object_repr) <= 150


@pytest.mark.django_db
def test_sign_in_events_stay_out_of_partnership_audit_pages(client, users):
    client.force_login(users["secretariat"])
    response = client.get(reverse("audit:log", args=[SLUG]))
    assert response.status_code == 200
    assert "auth.login" not in response.content.decode()
