"""Every server error, denial and CSRF refusal is one JSON log line with a UTC time and the
request's method, path and status (what an operator searches for)."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import path, reverse

import csphub.urls
from csphub.accounts.tests.factories import user_with_role


def boom(request: HttpRequest):
    raise RuntimeError("something broke")


urlpatterns = [path("boom/", boom), *csphub.urls.urlpatterns]
handler404 = csphub.urls.handler404
handler500 = csphub.urls.handler500
handler403 = csphub.urls.handler403
handler400 = csphub.urls.handler400


@pytest.fixture
def log_lines():
    """What the console handler writes, as parsed JSON lines."""
    handler = logging.getLogger("django.request").handlers[0]
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines() if line]
    handler.setStream(old)


@pytest.mark.django_db
@pytest.mark.urls("csphub.core.tests.test_logs")
def test_errors_denials_and_csrf_are_logged_as_json(client, partnership, log_lines):
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500
    assert client.get("/p/nowhere/").status_code == 404
    client.force_login(user_with_role(partnership, "member"))
    assert client.get(reverse("accounts:roles", args=[partnership.slug])).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("accounts:login"), {"username": "x"}).status_code == 403
    lines = log_lines()
    requests = [line for line in lines if line["logger"] == "django.request"]
    by_status = {line["status_code"]: line for line in requests}
    assert set(by_status) >= {500, 404, 403}
    error = by_status[500]
    assert error["level"] == "ERROR" and error["path"] == "/boom/"
    assert "RuntimeError: something broke" in error["exception"]
    assert by_status[404]["path"] == "/p/nowhere/"
    assert by_status[403]["user_id"] and by_status[403]["method"] == "GET"
    csrf = [line for line in lines if line["logger"] == "django.security.csrf"]
    assert csrf and csrf[0]["path"] == reverse("accounts:login")
    for line in lines:
        assert line["time"].endswith("Z") and line["time"][10] == "T", line["time"]
