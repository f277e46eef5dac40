"""The search page: form only without words, marked results, filters, errors, pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.actions.tests.factories import ActionFactory

from .conftest import PUBLIC, SECRET

pytestmark = pytest.mark.django_db


def url():
    return reverse("search:search", args=["safer-testshire"])


def test_empty_query_shows_the_form_only(client, meeting):
    response = client.get(url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html and 'role="search"' in html
    assert "Results" not in html


def test_results_show_kind_title_link_and_marked_snippet(client, meeting):
    html = client.get(url(), {"q": PUBLIC}).content.decode()
    assert "Showing 1 to 5 of 5 results." in html
    assert f"<mark>{PUBLIC}</mark>" in html
    assert ">Minute</strong>" in html and ">Paper</strong>" in html
    assert 'href="/p/safer-testshire/meetings/board/2017-12-19/#minute-' in html
    assert "19 December 2017" in html
    assert SECRET.split()[0] not in html


def test_secretariat_sees_restricted_results(client, users, meeting):
    client.force_login(users["secretariat"])
    html = client.get(url(), {"q": SECRET}).content.decode()
    assert "of 3 results" in html


def test_body_and_date_filters(client, meeting):
    assert (
        "Nothing matches" in client.get(url(), {"q": PUBLIC, "from": "2018-01-01"}).content.decode()
    )
    assert "of 5 results" in client.get(url(), {"q": PUBLIC, "body": "board"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": PUBLIC, "from": "19/12/2017x"}, "The ‘From’ date must be a real date"),
        ({"q": PUBLIC, "from": "2018-01-02", "to": "2018-01-01"}, "must be the same as or after"),
        ({"q": PUBLIC, "body": "nowhere"}, "Select a valid choice"),
    ],
)
def test_bad_filters_say_what_is_wrong_and_search_nothing(client, meeting, params, message):
    html = client.get(url(), params).content.decode()
    assert "There is a problem" in html and message in html
    assert "Results" not in html


def test_pages_of_twenty(client, meeting):
    ActionFactory.create_batch(
        30, body=meeting.body, minute=meeting.minutes.first(), description=f"{PUBLIC} task"
    )
    first = client.get(url(), {"q": PUBLIC}).content.decode()
    assert "Showing 1 to 20 of 35 results." in first and "govuk-pagination" in first
    second = client.get(url(), {"q": PUBLIC, "page": "2"}).content.decode()
    assert "Showing 21 to 35 of 35 results." in second
    beyond = client.get(url(), {"q": PUBLIC, "page": "99"}).content.decode()
    assert "Showing 21 to 35 of 35 results." in beyond


def test_query_count_does_not_grow_with_results(client, users, meeting):
    client.force_login(users["secretariat"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(), {"q": PUBLIC}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    ActionFactory.create_batch(
        15, body=meeting.body, minute=meeting.minutes.first(), description=f"{PUBLIC} task"
    )
    assert count() == small
