"""The read-only API: what each endpoint holds, for whom, its filters, pages, errors and
query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csphub.partnerships.tests.factories import PartnershipFactory
from csphub.police.tests.factories import AreaFactory

from .conftest import CANARY, grow, login

pytestmark = pytest.mark.django_db
BASE = "/api/v1/partnerships/safer-testshire"
LISTS = ["meetings", "decisions", "actions", "attendance", "bodies"]


def get(client, url, **params):
    response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json"), url
    return response


def test_openapi_description_lists_every_endpoint(client):
    schema = get(client, "/api/v1/openapi.json").json()
    assert set(schema["paths"]) >= {
        "/api/v1/partnerships",
        "/api/v1/partnerships/{slug}",
        "/api/v1/partnerships/{slug}/bodies",
        "/api/v1/partnerships/{slug}/meetings",
        "/api/v1/partnerships/{slug}/meetings/{body}/{date}",
        "/api/v1/partnerships/{slug}/decisions",
        "/api/v1/partnerships/{slug}/actions",
        "/api/v1/partnerships/{slug}/attendance",
    }
    docs = client.get("/api/v1/docs").content.decode()
    for path in schema["paths"]:
        assert f"GET {path}" in docs
    assert "<code>gss_code</code>" not in docs  # nested fields are not listed; top level are
    assert "<code>police_area</code>" in docs and "<code>download_url</code>" not in docs


def test_partnerships_carry_their_police_area_gss_code(client, partnership):
    PartnershipFactory(
        slug="safer-bromley", name="Safer Bromley", council="London Borough of Bromley"
    )
    AreaFactory(name="Bromley", level="borough", code="E09000006")
    AreaFactory(name="Testshire", level="force", code="testshire")
    rows = {p["slug"]: p for p in get(client, "/api/v1/partnerships").json()["items"]}
    assert rows["safer-bromley"]["police_area"] == {
        "name": "Bromley",
        "level": "borough",
        "code": "E09000006",
        "gss_code": "E09000006",
    }
    assert rows["safer-testshire"]["police_area"]["gss_code"] is None  # a force id, not GSS
    one = get(client, "/api/v1/partnerships/safer-bromley").json()
    assert one["police_area"]["gss_code"] == "E09000006"


def test_meetings_hold_agenda_and_papers_metadata(client, world):
    rows = get(client, f"{BASE}/meetings").json()
    assert rows["count"] == 2
    held = next(m for m in rows["items"] if m["date"] == "2017-12-19")
    assert held["meeting"] == "safer-testshire/board/2017-12-19"
    assert held["body_name"] == "Safer Testshire Board"
    assert held["url"].endswith("/p/safer-testshire/meetings/board/2017-12-19/")
    (item,) = held["items"]
    (paper,) = item["papers"]
    assert paper["title"] == "ASB report" and paper["reference"] == "ASB/1"
    assert paper["download_url"].startswith("http://testserver/p/safer-testshire/meetings/")
    assert client.get(paper["download_url"]).status_code == 200
    upcoming = next(m for m in rows["items"] if m["date"] == "2018-03-26")
    assert upcoming["items"] == []  # no agenda published yet
    one = get(client, f"{BASE}/meetings/board/2017-12-19").json()
    assert one["id"] == held["id"] and one["items"] == held["items"]


@pytest.mark.parametrize("role", [None, "member", "outsider", "other_secretariat"])
def test_restricted_business_is_absent_for_the_uncleared(client, users, world, role):
    login(client, users, role)
    for name in LISTS:
        assert CANARY not in get(client, f"{BASE}/{name}").content.decode(), name
    assert CANARY not in get(client, f"{BASE}/meetings/board/2017-12-19").content.decode()


@pytest.mark.parametrize("role", ["cleared", "secretariat"])
def test_cleared_members_see_restricted_decisions(client, users, world, role):
    login(client, users, role)
    decisions = get(client, f"{BASE}/decisions").json()["items"]
    secret = [d for d in decisions if CANARY in d["text"]]
    assert secret and secret[0]["restricted"] is True
    assert CANARY in get(client, f"{BASE}/meetings/board/2017-12-19").content.decode()
    assert CANARY in get(client, f"{BASE}/actions").content.decode()


def test_filters_by_body_and_date(client, partnership, board, world):
    from csphub.partnerships.tests.factories import BodyFactory

    from .conftest import add_meeting

    add_meeting(BodyFactory(partnership=partnership, slug="asb"), dt.date(2018, 1, 8))
    for name in ["meetings", "decisions", "attendance", "actions"]:
        everything = get(client, f"{BASE}/{name}").json()["count"]
        board_only = get(client, f"{BASE}/{name}", body="board").json()["count"]
        assert 0 < board_only < everything, name
        in_2018 = get(client, f"{BASE}/{name}", **{"from": "2018-01-01", "to": "2018-01-31"})
        assert in_2018.json()["count"] > 0, name
        assert {i.get("body") for i in in_2018.json()["items"]} == {"asb"}, name


def test_pagination_has_a_maximum(client, board, world):
    grow(board, 3)
    page = get(client, f"{BASE}/meetings", limit=2, offset=1).json()
    assert page["count"] == 5 and len(page["items"]) == 2
    assert get(client, f"{BASE}/meetings", limit=101).status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/partnerships/nowhere",
        "/api/v1/partnerships/nowhere/meetings",
        f"{BASE}/meetings/board/2099-01-01",
        f"{BASE}/meetings/board/not-a-date",
        f"{BASE}/meetings/nobody/2017-12-19",
    ],
)
def test_missing_things_are_json_404s(client, world, url):
    response = get(client, url)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_bad_parameters_are_json_422s(client, world):
    response = get(client, f"{BASE}/decisions", **{"from": "yesterday"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_meetings(client, users, board, world, name):
    login(client, users, "cleared")
    grow(board, 2)
    with CaptureQueriesContext(connection) as small:
        assert get(client, f"{BASE}/{name}").status_code == 200
    grow(board, 10, start=dt.date(2016, 1, 4))
    with CaptureQueriesContext(connection) as large:
        body = get(client, f"{BASE}/{name}").json()
    assert name == "bodies" or body["count"] > 12
    assert len(large) == len(small), name


def test_partnership_list_queries_do_not_grow(client, partnership):
    with CaptureQueriesContext(connection) as small:
        get(client, "/api/v1/partnerships")
    for _ in range(5):
        PartnershipFactory()
    with CaptureQueriesContext(connection) as large:
        assert get(client, "/api/v1/partnerships").json()["count"] == 6
    assert len(large) == len(small)


def test_api_root_points_to_the_description_and_partnerships(client):
    root = get(client, "/api/v1/").json()
    assert root["openapi"] == "http://testserver/api/v1/openapi.json"
    assert root["partnerships"] == "http://testserver/api/v1/partnerships"
    assert root["licence"] == "Open Government Licence v3.0"


def test_wrong_method_and_unknown_path_are_json_too(client, world):
    refused = client.post(f"{BASE}/meetings")
    assert refused.status_code == 405 and refused.json() == {"detail": "Method not allowed"}
    assert "GET" in refused["Allow"]
    missing = client.get("/api/v1/nothing/here")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
