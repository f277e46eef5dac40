"""Schemathesis against /api/v1/openapi.json: generated requests to every operation, through
the Django WSGI application, find no server error, no response outside the schema, and no
restricted content (the canary world of conftest, as an anonymous caller).

Path parameters are steered to the world's partnership, body and meeting date (and one that
does not exist), so the generated requests reach real rows rather than only 404s; query
parameters are generated freely.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .conftest import CANARY

pytestmark = pytest.mark.django_db

STEER = {
    "slug": ["safer-testshire", "nowhere"],
    "body": ["board", "nobody"],
    "date": ["2017-12-19", "2018-03-26", "2017-02-30"],
}


def _steered(raw: dict) -> dict:
    """The description with each path parameter limited to the samples above."""
    for operations in raw["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in STEER:
                    parameter["schema"] = {"type": "string", "enum": STEER[parameter["name"]]}
    return raw


def _description() -> dict:
    from csphub.opendata.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


schema = schemathesis.openapi.from_dict(_steered(_description()))
schema.app = get_wsgi_application()


@pytest.fixture
def wsgi_keeps_connection(world):
    """The WSGI handler would close the test's connection (and its transaction) after each
    request, as Django's own test client prevents: keep it open while the test runs."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_and_never_fails(case, wsgi_keeps_connection):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    assert CANARY not in response.text


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_for_a_cleared_member(case, wsgi_keeps_connection, users):
    """The same, signed in as a member cleared for restricted business (restricted rows are
    in the responses now, and must fit the schema too)."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(users["cleared"])
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    response = case.call(cookies={django_settings.SESSION_COOKIE_NAME: cookie})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


def test_a_signed_in_case_sees_restricted_business(wsgi_keeps_connection, users):
    """Proof the session cookie of the run above reaches the API: the same call, made the
    same way, for the meeting that holds the canary (a test of its own, so it holds whatever
    worker or order the run above gets)."""
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(users["cleared"])
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    operation = schema["/api/v1/partnerships/{slug}/meetings/{body}/{date}"]["GET"]
    case = operation.Case(
        path_parameters={"slug": "safer-testshire", "body": "board", "date": "2017-12-19"}
    )
    signed_in = case.call(cookies={django_settings.SESSION_COOKIE_NAME: cookie})
    assert signed_in.status_code == 200
    assert CANARY in signed_in.text
    assert CANARY not in case.call().text  # and only because of the session
