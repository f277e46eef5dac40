"""The second sign-in step (issue 10 part 4, decision 0018): TOTP with django-otp, required
for the secretariat, administrators and superusers, optional for members, with single-use
recovery codes. A plain `Client()` is used throughout: the shared `client` fixture passes
the second step for the rest of the suite (accounts/tests/login.py).

Time stands still (time-machine) so codes are computed for a known moment and django-otp's
slow-down after a wrong code can be waited out without sleeping."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from csphub.accounts.mfa import mfa_required, next_step
from csphub.accounts.tests.factories import UserFactory
from csphub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"
START = dt.datetime(2030, 3, 12, 9, 0, 10, tzinfo=dt.UTC)
HOME = reverse("core:home")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code(key: bytes, drift: int = 0) -> str:
    return f"{totp(key, drift=drift):06d}"


def sign_in(client: Client, user, next_url: str = "") -> None:
    data = {"username": user.get_username(), "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302


def enrol(client: Client, user, clock) -> tuple[TOTPDevice, list[str]]:
    """Sign in and set up an authenticator; return the device and the recovery codes."""
    sign_in(client, user)
    client.get(reverse("accounts:mfa_enrol"))
    key = bytes.fromhex(client.session["csphub_mfa_enrol_key"])
    response = client.post(reverse("accounts:mfa_enrol"), {"code": code(key)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    return TOTPDevice.objects.get(user=user), codes


def test_who_must_have_mfa(users):
    assert mfa_required(users["secretariat"])
    assert mfa_required(users["administrator"])
    assert mfa_required(users["other_secretariat"])  # a staff role anywhere
    assert mfa_required(UserFactory(is_superuser=True))
    assert not mfa_required(users["member"])
    assert not mfa_required(users["cleared"])
    assert not mfa_required(users["outsider"])


@pytest.mark.parametrize("role", ["secretariat", "administrator", "superuser"])
def test_staff_without_a_device_must_enrol_before_anything_else(users, role):
    user = UserFactory(is_superuser=True) if role == "superuser" else users[role]
    client = Client()
    client.force_login(user)  # the password step only
    for url in (HOME, reverse("accounts:roles", args=["safer-testshire"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:mfa_enrol") + "?next=")
    assert client.get(reverse("accounts:mfa_enrol")).status_code == 200
    # Signing out is always possible
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_member_without_a_device_is_not_asked(users):
    client = Client()
    client.force_login(users["member"])
    assert next_step(users["member"]) is None
    assert client.get(HOME).status_code == 200


def test_enrolment_shows_qr_and_key_then_codes_once(users, clock):
    client = Client()
    user = users["secretariat"]
    sign_in(client, user)
    page = client.get(reverse("accounts:mfa_enrol")).content.decode()
    assert "<svg" in page and "QR code for your authenticator app" in page
    key = bytes.fromhex(client.session["csphub_mfa_enrol_key"])
    import base64

    secret = base64.b32encode(key).decode()
    shown = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', page).group(1)
    assert shown.replace(" ", "") == secret
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]  # CSP: no inline styles

    wrong = client.post(reverse("accounts:mfa_enrol"), {"code": code(key, drift=5)})
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(verb="auth.mfa_enrol_failed").count() == 1

    response = client.post(
        reverse("accounts:mfa_enrol"), {"code": code(key), "next": "/p/safer-testshire/"}
    )
    body = response.content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", body)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/p/safer-testshire/"' in body
    assert StaticToken.objects.filter(device__user=user).count() == 10
    event = AuditEvent.objects.get(verb="auth.mfa_enrol")
    assert not any(c in str(event.after) + event.note for c in codes)
    assert client.get(HOME).status_code == 200  # verified in this session now


def test_sign_in_asks_for_the_code_refuses_a_wrong_one_and_accepts_the_right_one(users, clock):
    user = users["secretariat"]
    device, _codes = enrol(Client(), user, clock)
    key = device.bin_key
    client = Client()
    sign_in(client, user, next_url="/p/safer-testshire/")
    response = client.get("/p/safer-testshire/")
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    verify_url = response["Location"]
    assert client.get(verify_url).status_code == 200

    wrong = client.post(verify_url, {"code": code(key, drift=5)})
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    assert client.get(HOME).status_code == 302  # still not through
    failed = AuditEvent.objects.get(verb="auth.mfa_failed")
    assert failed.actor_id == user.pk

    # The code used to enrol may not be used again; the next one may (after the slow-down)
    clock.shift(dt.timedelta(seconds=31))
    assert client.post(verify_url, {"code": code(key, drift=-1)}).status_code == 200
    clock.shift(dt.timedelta(seconds=5))
    right = client.post(verify_url, {"code": code(key), "next": "/p/safer-testshire/"})
    assert right.status_code == 302 and right["Location"] == "/p/safer-testshire/"
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(verb="auth.mfa_verify").count() == 1


def test_recovery_code_works_once(users, clock):
    user = users["administrator"]
    _device, codes = enrol(Client(), user, clock)
    first = Client()
    sign_in(first, user)
    response = first.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert first.get(HOME).status_code == 200
    assert StaticDevice.objects.get(user=user).token_set.count() == 9
    assert "9 recovery codes left" in AuditEvent.objects.get(verb="auth.mfa_verify").note

    clock.shift(dt.timedelta(seconds=10))
    second = Client()
    sign_in(second, user)
    again = second.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert second.get(HOME).status_code == 302


def test_member_who_enrolled_is_asked_too(users, clock):
    member = users["member"]
    enrol(Client(), member, clock)
    client = Client()
    sign_in(client, member)
    response = client.get(HOME)
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))


def test_next_must_stay_on_this_site(users, clock):
    user = users["secretariat"]
    device, _ = enrol(Client(), user, clock)
    clock.shift(dt.timedelta(seconds=40))
    client = Client()
    sign_in(client, user)
    response = client.post(
        reverse("accounts:mfa_verify"),
        {"code": code(device.bin_key), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == HOME


def test_enrolling_again_replaces_the_old_devices(users, clock):
    user = users["secretariat"]
    client = Client()
    old, old_codes = enrol(client, user, clock)
    clock.shift(dt.timedelta(seconds=40))
    client.get(reverse("accounts:mfa_enrol"))
    key = bytes.fromhex(client.session["csphub_mfa_enrol_key"])
    client.post(reverse("accounts:mfa_enrol"), {"code": code(key)})
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_anonymous_is_sent_to_sign_in():
    client = Client()
    for name in ("accounts:mfa_enrol", "accounts:mfa_verify"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_mfa_report_lists_staff_without_an_authenticator(users):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from csphub.accounts.tests.login import verified_login

    out = StringIO()
    with pytest.raises(CommandError, match="3 staff accounts"):
        call_command("mfa_report", stdout=out)
    listed = set(out.getvalue().split())
    assert {users["secretariat"].username, users["administrator"].username} <= listed
    assert users["member"].username not in listed
    for role in ("secretariat", "administrator", "other_secretariat"):
        verified_login(Client(), users[role])  # gives them a confirmed authenticator
    out = StringIO()
    call_command("mfa_report", stdout=out)
    assert "0 staff accounts without two-step verification." in out.getvalue()
