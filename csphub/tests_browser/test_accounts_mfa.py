"""Accounts in the browser (issue 10 part 4, decision 0018): a secretariat user signs in,
is sent to set up an authenticator, enrols with a code computed here from the key shown on
the page, signs out, signs in with a code, and a wrong code is refused; a password reset
e-mail's link sets a new password once and is refused the second time. Every page passes
axe. The real clock is used: codes are computed for now (and the next 30 seconds, which
django-otp accepts), never waited for."""

from __future__ import annotations

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from csphub.accounts.tests.factories import user_with_role
from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import PartnershipFactory

from .conftest import assert_accessible, click_and_wait, visit

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a brand new pass phrase 2026"


def _code(key: bytes, drift: int = 0) -> str:
    return f"{totp(key, drift=drift):06d}"


def _sign_in(page: Page, base: str, username: str, password: str) -> None:
    visit(page, f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))


def _sign_out(page: Page) -> None:
    click_and_wait(page, page.get_by_role("button", name="Sign out"))


@pytest.fixture
def secretariat(transactional_db):
    partnership = PartnershipFactory(slug="safer-mfa", name="Safer MFA Partnership")
    return user_with_role(partnership, "secretariat")


def test_secretariat_enrols_signs_in_with_a_code_and_a_wrong_code_is_refused(
    page: Page, live_server, secretariat
):
    base = live_server.url
    _sign_in(page, base, secretariat.username, PASSWORD)
    # No authenticator yet: sent to set one up before anything else
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    assert "/accounts/two-step/set-up/" in page.url
    assert_accessible(page)
    expect(page.locator(".csp-qr-code svg")).to_be_visible()
    secret = page.locator("#mfa-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    page.get_by_label("Code").fill(_code(key))
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step verification is set up")
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)
    click_and_wait(page, page.get_by_role("link", name="I have saved my recovery codes"))
    _sign_out(page)

    # Signing in again asks for a code; the next one is accepted
    _sign_in(page, base, secretariat.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code").fill(_code(key, drift=1))
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert "two-step" not in page.url
    _sign_out(page)

    # A wrong code is refused, and the pages stay closed
    _sign_in(page, base, secretariat.username, PASSWORD)
    page.get_by_label("Code").fill(_code(key, drift=5))
    click_and_wait(page, page.get_by_role("button", name="Continue"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    visit(page, f"{base}/p/safer-mfa/")
    assert "/accounts/two-step/" in page.url
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"auth.mfa_enrol", "auth.mfa_verify", "auth.mfa_failed"} <= verbs


def test_password_reset_link_sets_a_new_password_once(page: Page, live_server, secretariat):
    base = live_server.url
    mail.outbox.clear()
    visit(page, f"{base}/accounts/login/")
    click_and_wait(page, page.get_by_role("link", name="Forgotten your password?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_label("Email").fill(secretariat.email)
    click_and_wait(page, page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    visit(page, base + link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Set the new password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new password is set")
    assert_accessible(page)

    # The same link a second time: refused
    visit(page, base + link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)
    secretariat.refresh_from_db()
    assert secretariat.check_password(NEW_PASSWORD)
