import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.audit.tests.factories import record_events
from csphub.partnerships import services as ps

SLUG = "safer-testshire"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretariat", "administrator"])
def test_audit_log_open_to_secretariat(client, users, who):
    client.force_login(users[who])
    response = client.get(reverse("audit:log", args=[SLUG]))
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1


@pytest.mark.django_db
def test_audit_log_sends_anonymous_to_sign_in(client, partnership):
    response = client.get(reverse("audit:log", args=[SLUG]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "cleared", "outsider", "other_secretariat"])
def test_audit_log_refused_to_others(client, users, who):
    client.force_login(users[who])
    assert client.get(reverse("audit:log", args=[SLUG])).status_code == 403


@pytest.mark.django_db
def test_audit_log_shows_who_what_when_and_before_after(client, users, partnership):
    person = ps.person_create(actor=users["secretariat"], partnership=partnership, name="Jo Smith")
    ps.person_update(actor=users["secretariat"], person=person, data={"name": "Jo Smith-Jones"})
    client.force_login(users["secretariat"])
    html = client.get(reverse("audit:log", args=[SLUG])).content.decode()
    assert users["secretariat"].get_full_name() in html
    assert "person.update" in html
    assert "Person: Jo Smith-Jones" in html
    assert "govuk-details" in html
    assert ">Jo Smith</td>" in html
    assert ">Jo Smith-Jones</td>" in html
    assert re.search(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}", html)


@pytest.mark.django_db
def test_audit_log_hides_other_partnershipsrecord_events(
    client, users, partnership, other_partnership
):
    ps.person_create(actor=users["other_secretariat"], partnership=other_partnership, name="Zed")
    client.force_login(users["secretariat"])
    html = client.get(reverse("audit:log", args=[SLUG])).content.decode()
    assert "Zed" not in html


@pytest.mark.django_db
def test_audit_log_filters_by_verb_and_object_type(client, users, partnership):
    record_events(users["secretariat"], partnership, 2, verb="person.create")
    record_events(users["secretariat"], partnership, 3, verb="person.update")
    client.force_login(users["secretariat"])
    url = reverse("audit:log", args=[SLUG])
    html = client.get(url, {"verb": "person.update"}).content.decode()
    assert "of 3 events" in html
    html = client.get(url, {"object_type": "partnerships.person"}).content.decode()
    assert "of 5 events" in html
    bad = client.get(url, {"verb": "nonsense"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()


@pytest.mark.django_db
def test_audit_log_paginates_fifty_a_page(client, users, partnership):
    record_events(users["secretariat"], partnership, 55)
    client.force_login(users["secretariat"])
    url = reverse("audit:log", args=[SLUG])
    first = client.get(url).content.decode()
    assert "1 to 50 of 55" in first
    assert "govuk-pagination" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "51 to 55 of 55" in second


@pytest.mark.django_db
def test_audit_log_query_count_constant_in_rows(client, users, partnership):
    client.force_login(users["secretariat"])
    url = reverse("audit:log", args=[SLUG])
    record_events(users["secretariat"], partnership, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    record_events(users["secretariat"], partnership, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
