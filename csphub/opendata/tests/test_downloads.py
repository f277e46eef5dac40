"""The data page and the CSV and JSON downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.opendata.downloads import DATASETS, csv_cell

from .conftest import CANARY, grow, login

pytestmark = pytest.mark.django_db


def download(client, dataset, fmt, **params):
    url = reverse("opendata:download", args=["safer-testshire", dataset, fmt])
    return client.get(url, params)


def rows(response) -> list[dict]:
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_data_page_lists_datasets_licence_feeds_and_api(client, world):
    response = client.get(reverse("opendata:index", args=["safer-testshire"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Open Government Licence v3.0" in page
    for slug in DATASETS:
        for fmt in ("csv", "json"):
            assert reverse("opendata:download", args=["safer-testshire", slug, fmt]) in page
    assert reverse("opendata:meetings_ics", args=["safer-testshire"]) in page
    assert reverse("opendata:body_meetings_ics", args=["safer-testshire", "board"]) in page
    assert "/api/v1/openapi.json" in page and "/api/v1/docs" in page


def test_the_data_page_is_in_the_navigation(client, world):
    home = client.get(reverse("partnerships:home", args=["safer-testshire"])).content.decode()
    assert reverse("opendata:index", args=["safer-testshire"]) in home


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_json_rows_are_the_api_records(client, world, dataset):
    response = download(client, dataset, "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["licence"] == "Open Government Licence v3.0"
    api = client.get(f"/api/v1/partnerships/safer-testshire/{dataset}").json()
    assert document["items"] == api["items"]
    assert document["count"] == api["count"] > 0


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_csv_has_the_same_fields_flattened(client, world, dataset):
    response = download(client, dataset, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    table = rows(response)
    api = client.get(f"/api/v1/partnerships/safer-testshire/{dataset}").json()["items"]
    assert len(table) == len(api)
    assert set(table[0]) == set(api[0]) - {"items"}


def test_meetings_csv_includes_cancelled_and_links_back(client, world):
    from csphub.meetings.models import Meeting

    Meeting.objects.filter(pk=world["upcoming"].pk).update(status=Meeting.Status.CANCELLED)
    table = {r["date"]: r for r in rows(download(client, "meetings", "csv"))}
    assert table["2018-03-26"]["cancelled"] == "yes"
    assert table["2017-12-19"]["url"].endswith("/meetings/board/2017-12-19/")


def test_filters(client, partnership, world):
    from csphub.partnerships.tests.factories import BodyFactory

    from .conftest import add_meeting

    add_meeting(BodyFactory(partnership=partnership, slug="asb"), dt.date(2018, 1, 8))
    assert {r["body"] for r in rows(download(client, "decisions", "csv", body="asb"))} == {"asb"}
    dated = rows(
        download(client, "attendance", "csv", **{"from": "2017-12-01", "to": "2017-12-31"})
    )
    assert {r["date"] for r in dated} == {"2017-12-19"}
    bad = download(client, "meetings", "csv", **{"from": "19/12/2017"})
    assert bad.status_code == 400


def test_unknown_dataset_or_format_is_missing(client, world):
    assert download(client, "people", "csv").status_code == 404
    assert download(client, "meetings", "xlsx").status_code == 404


def test_csv_cells_cannot_run_as_formulas():
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell(["A", "B"]) == "A; B"
    assert csv_cell(None) == "" and csv_cell(True) == "yes"


@pytest.mark.parametrize("role", [None, "member", "outsider"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_restricted_business_for_the_uncleared(client, users, world, role, fmt):
    login(client, users, role)
    for dataset in DATASETS:
        assert CANARY not in download(client, dataset, fmt).content.decode(), dataset


def test_cleared_members_download_restricted_decisions(client, users, world):
    login(client, users, "cleared")
    assert CANARY in download(client, "decisions", "csv").content.decode()


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_download_queries_do_not_grow_with_meetings(client, users, board, world, dataset):
    login(client, users, "secretariat")
    grow(board, 2)
    with CaptureQueriesContext(connection) as small:
        download(client, dataset, "json")
    grow(board, 10, start=dt.date(2016, 1, 4))
    with CaptureQueriesContext(connection) as large:
        assert download(client, dataset, "json").json()["count"] > 12
    with CaptureQueriesContext(connection) as large_csv:
        download(client, dataset, "csv")
    assert len(large) == len(small) == len(large_csv)
