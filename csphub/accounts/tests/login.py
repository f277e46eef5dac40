"""Signing in from tests, second step included (decision 0018).

`client.force_login(user)` makes a session that has passed the password step only, so the
second-step middleware would send the secretariat, administrators and superusers to enrol
before any page. Tests that mean "this user, fully signed in" use `verified_login`, which
also gives the user a confirmed authenticator and marks the session verified, exactly as
`accounts:mfa_verify` does. The shared `client` fixture (csphub/conftest.py) is a
`VerifiedClient`, whose `force_login` does this, and the browser tests' `login_as` uses it,
so existing tests keep reaching their pages. To test the second step itself, use a plain
`django.test.Client()`.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

TEST_DEVICE_NAME = "Test authenticator"


def verify_session(client: Client, user: Any) -> TOTPDevice:
    """Mark the client's signed-in session as having passed the second step."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def verified_login(client: Client, user: Any) -> Client:
    """Sign `user` in on `client` with both steps passed."""
    Client.force_login(client, user)
    verify_session(client, user)
    return client


class VerifiedClient(Client):
    """A test client whose `force_login` passes the second step too (see above)."""

    def force_login(self, user, backend=None) -> None:
        super().force_login(user, backend)
        verify_session(self, user)
