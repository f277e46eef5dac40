"""Links in e-mails: the configured base URL, else the request's own address (so the dev
server's port is right), else the development default; production warns when unset."""

from __future__ import annotations

from django.test import RequestFactory

from csphub.core import checks
from csphub.core.site_url import DEFAULT_SITE_ROOT, site_root


def test_the_configured_base_url_wins(settings):
    settings.CSPHUB_BASE_URL = "https://csp.example.gov.uk/"
    request = RequestFactory().get("/", HTTP_HOST="internal:8123")
    assert site_root(request) == "https://csp.example.gov.uk"
    assert site_root() == "https://csp.example.gov.uk"


def test_unset_it_is_the_requests_own_address_and_port(settings):
    settings.CSPHUB_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/p/x/", HTTP_HOST="127.0.0.1:8123")
    assert site_root(request) == "http://127.0.0.1:8123"
    secure = RequestFactory().get("/", HTTP_HOST="csp.example", secure=True)
    assert site_root(secure) == "https://csp.example"


def test_unset_and_no_request_is_the_development_default(settings):
    settings.CSPHUB_BASE_URL = ""
    assert site_root() == DEFAULT_SITE_ROOT == "http://127.0.0.1:8000"


def test_production_warns_when_unset(settings):
    settings.CSPHUB_PRODUCTION = True
    settings.CSPHUB_BASE_URL = ""
    [warning] = checks.check_base_url()
    assert warning.id == "csphub.W002"
    assert "CSPHUB_BASE_URL is not set" in warning.msg
    settings.CSPHUB_BASE_URL = "https://csp.example.gov.uk"
    assert checks.check_base_url() == []


def test_other_settings_do_not_warn(settings):
    settings.CSPHUB_PRODUCTION = False
    settings.CSPHUB_BASE_URL = ""
    assert checks.check_base_url() == []
