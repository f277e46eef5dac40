"""Security headers on every kind of response (RELIABILITY check 5, the parts settings own)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_page_headers(client, partnership):
    response = client.get(reverse("partnerships:home", args=[partnership.slug]))
    csp = response["Content-Security-Policy"]
    for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_signed_in_pages_are_not_stored(client, users, partnership):
    client.force_login(users["member"])
    response = client.get(reverse("partnerships:home", args=[partnership.slug]))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["accounts:logout"])
def test_mutating_views_refuse_get(client, users, name):
    client.force_login(users["member"])
    assert client.get(reverse(name)).status_code == 405


def test_post_without_csrf_token_is_refused(users, partnership):
    from django.test import Client

    from csphub.accounts.tests.login import verified_login

    client = verified_login(Client(enforce_csrf_checks=True), users["secretariat"])
    response = client.post(reverse("partnerships:person_new", args=[partnership.slug]), {})
    assert response.status_code == 403
