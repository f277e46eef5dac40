import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.audit.models import AuditEvent
from csphub.meetings.tests.factories import MeetingFactory
from csphub.partnerships.models import Body, BodyName, Membership, MinuteSequenceStart, Person
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

D = dt.date
SLUG = "safer-testshire"


@pytest.fixture
def structure(partnership):
    board = BodyFactory(partnership=partnership, slug="board", name="Strategic Board")
    police = OrganisationFactory(partnership=partnership, name="Testshire Police")
    chair = PersonFactory(partnership=partnership, name="Chris Chair", slug="chris-chair")
    membership = MembershipFactory(
        body=board,
        person=chair,
        organisation=police,
        role=Membership.Role.CHAIR,
        post_title="Borough Commander",
        start=D(2017, 1, 1),
    )
    return {"board": board, "police": police, "chair": chair, "membership": membership}


def _h1_count(response) -> int:
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def _login(client, users, who):
    if who != "anonymous":
        client.force_login(users[who])


PUBLIC_URLS = [
    ("partnerships:home", []),
    ("partnerships:bodies", []),
    ("partnerships:body", ["board"]),
]


def _manage_urls(structure):
    m = structure["membership"].pk
    return [
        ("partnerships:people", []),
        ("partnerships:person_new", []),
        ("partnerships:person_edit", ["chris-chair"]),
        ("partnerships:organisations", []),
        ("partnerships:organisation_new", []),
        ("partnerships:organisation_edit", [structure["police"].pk]),
        ("partnerships:body_new", []),
        ("partnerships:body_edit", ["board"]),
        ("partnerships:body_rename", ["board"]),
        ("partnerships:minute_sequence_restart", ["board"]),
        ("partnerships:memberships", ["board"]),
        ("partnerships:membership_add", ["board"]),
        ("partnerships:membership_edit", ["board", m]),
        ("partnerships:membership_end", ["board", m]),
    ]


ROLES = ["anonymous", "member", "cleared", "outsider", "other_secretariat"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [*ROLES, "secretariat", "administrator"])
@pytest.mark.parametrize(("name", "args"), PUBLIC_URLS)
def test_public_pages_open_to_everyone(client, users, structure, who, name, args):
    _login(client, users, who)
    response = client.get(reverse(name, args=[SLUG, *args]))
    assert response.status_code == 200
    assert _h1_count(response) == 1


@pytest.mark.django_db
def test_unknown_partnership_and_body_404(client, structure):
    assert client.get(reverse("partnerships:home", args=["nowhere"])).status_code == 404
    assert client.get(reverse("partnerships:body", args=[SLUG, "nope"])).status_code == 404


@pytest.mark.django_db
def test_other_partnerships_body_not_reachable(client, structure, other_partnership):
    BodyFactory(partnership=other_partnership, slug="theirs")
    assert client.get(reverse("partnerships:body", args=[SLUG, "theirs"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretariat", "administrator"])
def test_manage_pages_open_to_secretariat(client, users, structure, who):
    _login(client, users, who)
    for name, args in _manage_urls(structure):
        response = client.get(reverse(name, args=[SLUG, *args]))
        assert response.status_code == 200, name
        assert _h1_count(response) == 1, name


@pytest.mark.django_db
def test_manage_pages_send_anonymous_to_sign_in(client, structure):
    for name, args in _manage_urls(structure):
        url = reverse(name, args=[SLUG, *args])
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "cleared", "outsider", "other_secretariat"])
def test_manage_pages_refused_to_others(client, users, structure, who):
    _login(client, users, who)
    for name, args in _manage_urls(structure):
        assert client.get(reverse(name, args=[SLUG, *args])).status_code == 403, name
        assert client.post(reverse(name, args=[SLUG, *args]), {}).status_code in {403, 405}


@pytest.mark.django_db
def test_home_lists_bodies_meetings_and_contact(client, partnership, structure):
    partnership.contact_email = "csp@testshire.gov.uk"
    partnership.save()
    MeetingFactory(body=structure["board"], date=D(2017, 12, 19))
    MeetingFactory(body=structure["board"], date=D(2099, 6, 21))
    response = client.get(reverse("partnerships:home", args=[SLUG]))
    html = response.content.decode()
    assert "Strategic Board" in html
    assert "csp@testshire.gov.uk" in html
    assert reverse("meetings:detail", args=[SLUG, "board", "2017-12-19"]) in html
    assert reverse("meetings:detail", args=[SLUG, "board", "2099-06-21"]) in html
    assert "Sunday 21 June 2099" in html


@pytest.mark.django_db
def test_brand_css(client, partnership):
    partnership.colour = "#123abc"
    partnership.save()
    response = client.get(reverse("partnerships:brand_css", args=[SLUG]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "--csp-brand:#123abc" in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    again = client.get(
        reverse("partnerships:brand_css", args=[SLUG]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


@pytest.mark.django_db
def test_bodies_list_shows_kind_parent_frequency(client, partnership, structure):
    BodyFactory(
        partnership=partnership,
        name="VAWG Sub-group",
        kind=Body.Kind.SUBGROUP,
        parent=structure["board"],
        meeting_frequency="Every 6 weeks",
    )
    html = client.get(reverse("partnerships:bodies", args=[SLUG])).content.decode()
    assert "VAWG Sub-group" in html
    assert "Sub-group" in html
    assert "Every 6 weeks" in html
    assert 'class="csp-table-wrapper"' in html


@pytest.mark.django_db
def test_body_page_shows_membership_today_with_responsible_authority(client, structure):
    html = client.get(reverse("partnerships:body", args=[SLUG, "board"])).content.decode()
    for column in ["Name", "Role", "Post", "Organisation"]:
        assert f">{column}</th>" in html
    assert "Chris Chair" in html
    assert "Borough Commander" in html
    assert "Responsible authority" in html


@pytest.mark.django_db
def test_body_page_membership_on_a_date(client, structure):
    board = structure["board"]
    MembershipFactory(
        body=board,
        person=PersonFactory(partnership=board.partnership, name="Old Member"),
        start=D(2010, 1, 1),
        end=D(2012, 12, 31),
    )
    url = reverse("partnerships:body", args=[SLUG, "board"])
    old = client.get(url, {"on": "2012-12-31"}).content.decode()
    assert "Old Member" in old
    assert "Chris Chair" not in old.split('id="membership"')[1].split("<h2")[0]
    parts = client.get(url, {"on-day": "1", "on-month": "6", "on-year": "2011"}).content.decode()
    assert "Old Member" in parts
    assert "Wednesday 1 June 2011" in parts
    now = client.get(url, {"utm_source": "newsletter"}).content.decode()
    assert "Old Member" not in now
    assert "govuk-error-summary" not in now


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"on": "2018-02-30"},
        {"on-day": "30", "on-month": "2", "on-year": "2018"},
        {"on-day": "1", "on-month": "", "on-year": "2018"},
        {"on-day": "1", "on-month": "2", "on-year": "18"},
        {"on-day": "x", "on-month": "2", "on-year": "2018"},
        {"on-day": "", "on-month": "", "on-year": ""},
    ],
)
def test_body_page_invalid_date_shows_error_summary(client, structure, params):
    response = client.get(reverse("partnerships:body", args=[SLUG, "board"]), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_on"' in html
    assert "<title>Error:" in html
    assert _h1_count(response) == 1


@pytest.mark.django_db
def test_body_page_query_count_constant_as_membership_grows(client, partnership, users):
    small = BodyFactory(partnership=partnership, slug="small")
    large = BodyFactory(partnership=partnership, slug="large")
    for body, n in [(small, 3), (large, 30)]:
        for _ in range(n):
            MembershipFactory(body=body, start=None)
        for i in range(n):
            MeetingFactory(body=body, date=D(2017, 1, 2) + dt.timedelta(days=7 * i))
    client.force_login(users["secretariat"])
    counts = []
    for slug in ["small", "large"]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("partnerships:body", args=[SLUG, slug]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_memberships_page_query_count_constant(client, partnership, users):
    small = BodyFactory(partnership=partnership, slug="small")
    large = BodyFactory(partnership=partnership, slug="large")
    for body, n in [(small, 3), (large, 30)]:
        for _ in range(n):
            MembershipFactory(body=body)
    client.force_login(users["secretariat"])
    counts = []
    for slug in ["small", "large"]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("partnerships:memberships", args=[SLUG, slug]))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# Secretariat flows ------------------------------------------------------------------------


@pytest.fixture
def secretariat_client(client, users):
    client.force_login(users["secretariat"])
    return client


@pytest.mark.django_db
def test_person_new_creates_and_redirects(secretariat_client, partnership):
    url = reverse("partnerships:person_new", args=[SLUG])
    response = secretariat_client.post(
        url, {"name": "Laurie Grasty", "honorific": "", "initials": "", "email": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partnerships:people", args=[SLUG])
    person = Person.objects.get(partnership=partnership, name="Laurie Grasty")
    assert person.initials == "LG"
    follow = secretariat_client.get(response["Location"])
    assert "Person added: Laurie Grasty" in follow.content.decode()


@pytest.mark.django_db
def test_person_new_missing_name_shows_error_summary(secretariat_client):
    response = secretariat_client.post(
        reverse("partnerships:person_new", args=[SLUG]), {"name": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_name"' in html
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_person_edit_records_before_and_after(secretariat_client, structure):
    url = reverse("partnerships:person_edit", args=[SLUG, "chris-chair"])
    response = secretariat_client.post(
        url, {"name": "Chris Chairman", "honorific": "Cllr", "initials": "CC", "email": ""}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="person.update").get()
    assert event.before["name"] == "Chris Chair"
    assert event.after["name"] == "Chris Chairman"


@pytest.mark.django_db
def test_organisation_new_and_duplicate(secretariat_client, partnership, structure):
    url = reverse("partnerships:organisation_new", args=[SLUG])
    data = {"name": "Testshire Fire", "short_name": "TFR", "kind": "fire"}
    data["is_responsible_authority"] = "on"
    assert secretariat_client.post(url, data).status_code == 302
    organisation = partnership.organisation_set.get(name="Testshire Fire")
    assert organisation.is_responsible_authority
    duplicate = secretariat_client.post(url, {**data, "name": "Testshire Police"})
    assert duplicate.status_code == 200
    assert "govuk-error-summary" in duplicate.content.decode()


@pytest.mark.django_db
def test_organisation_edit(secretariat_client, structure):
    police = structure["police"]
    url = reverse("partnerships:organisation_edit", args=[SLUG, police.pk])
    response = secretariat_client.post(
        url, {"name": "Testshire Constabulary", "short_name": "", "kind": "police"}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.name == "Testshire Constabulary"
    assert police.is_responsible_authority is False


@pytest.mark.django_db
def test_other_partnerships_organisation_404(secretariat_client, other_partnership):
    theirs = OrganisationFactory(partnership=other_partnership)
    url = reverse("partnerships:organisation_edit", args=[SLUG, theirs.pk])
    assert secretariat_client.get(url).status_code == 404


BODY_FORM = {
    "kind": "subgroup",
    "terms_of_reference": "To reduce violence against women and girls.",
    "meeting_frequency": "Quarterly",
    "notice_clear_days": "5",
    "question_working_days": "4",
}


@pytest.mark.django_db
def test_body_new_with_parent(secretariat_client, partnership, structure):
    url = reverse("partnerships:body_new", args=[SLUG])
    data = {**BODY_FORM, "name": "VAWG Sub-group", "slug": "", "parent": structure["board"].pk}
    response = secretariat_client.post(url, data)
    assert response.status_code == 302
    body = Body.objects.get(partnership=partnership, slug="vawg-sub-group")
    assert body.parent == structure["board"]
    assert body.notice_clear_days == 5


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["board", "new"])
def test_body_new_taken_or_reserved_slug_refused(secretariat_client, structure, slug):
    url = reverse("partnerships:body_new", args=[SLUG])
    response = secretariat_client.post(url, {**BODY_FORM, "name": "Another", "slug": slug})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_body_new_parent_from_other_partnership_refused(
    secretariat_client, structure, other_partnership
):
    foreign = BodyFactory(partnership=other_partnership)
    url = reverse("partnerships:body_new", args=[SLUG])
    response = secretariat_client.post(url, {**BODY_FORM, "name": "X", "parent": foreign.pk})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.django_db
def test_body_edit(secretariat_client, structure):
    url = reverse("partnerships:body_edit", args=[SLUG, "board"])
    data = {**BODY_FORM, "kind": "board", "notice_clear_days": "7"}
    assert secretariat_client.post(url, data).status_code == 302
    board = structure["board"]
    board.refresh_from_db()
    assert board.notice_clear_days == 7
    event = AuditEvent.objects.get(verb="body.update")
    assert event.before["notice_clear_days"] == 5
    assert event.after["notice_clear_days"] == 7


@pytest.mark.django_db
def test_body_rename_keeps_former_name(secretariat_client, structure):
    url = reverse("partnerships:body_rename", args=[SLUG, "board"])
    response = secretariat_client.post(
        url,
        {
            "new_name": "Safer Testshire Board",
            "old_name_until-day": "31",
            "old_name_until-month": "3",
            "old_name_until-year": "2022",
        },
    )
    assert response.status_code == 302
    former = BodyName.objects.get(body=structure["board"])
    assert former.name == "Strategic Board"
    assert former.until == D(2022, 3, 31)
    page = secretariat_client.get(reverse("partnerships:body", args=[SLUG, "board"]))
    assert "Formerly:" in page.content.decode()


@pytest.mark.django_db
def test_minute_sequence_restart(secretariat_client, structure):
    url = reverse("partnerships:minute_sequence_restart", args=[SLUG, "board"])
    response = secretariat_client.post(
        url,
        {
            "effective_from-day": "1",
            "effective_from-month": "4",
            "effective_from-year": "2018",
            "first_number": "1",
        },
    )
    assert response.status_code == 302
    start = MinuteSequenceStart.objects.get(body=structure["board"])
    assert (start.effective_from, start.first_number) == (D(2018, 4, 1), 1)


@pytest.mark.django_db
def test_minute_sequence_restart_same_day_twice_shows_error(secretariat_client, structure):
    url = reverse("partnerships:minute_sequence_restart", args=[SLUG, "board"])
    data = {
        "effective_from-day": "1",
        "effective_from-month": "4",
        "effective_from-year": "2018",
        "first_number": "1",
    }
    secretariat_client.post(url, data)
    again = secretariat_client.post(url, data)
    assert again.status_code == 200
    assert "govuk-error-summary" in again.content.decode()


@pytest.mark.django_db
def test_membership_add_edit_end(secretariat_client, partnership, structure):
    person = PersonFactory(partnership=partnership, name="New Member")
    add = reverse("partnerships:membership_add", args=[SLUG, "board"])
    response = secretariat_client.post(
        add,
        {
            "person": person.pk,
            "role": "member",
            "organisation": structure["police"].pk,
            "post_title": "Inspector",
            "start-day": "1",
            "start-month": "4",
            "start-year": "2018",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    assert membership.start == D(2018, 4, 1)
    assert membership.end is None

    edit = reverse("partnerships:membership_edit", args=[SLUG, "board", membership.pk])
    response = secretariat_client.post(
        edit,
        {
            "person": person.pk,
            "role": "vice_chair",
            "organisation": "",
            "post_title": "Chief Inspector",
            "start-day": "1",
            "start-month": "4",
            "start-year": "2018",
        },
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "vice_chair"
    event = AuditEvent.objects.get(verb="membership.update")
    assert event.before["role"] == "member"
    assert event.after["role"] == "vice_chair"

    end = reverse("partnerships:membership_end", args=[SLUG, "board", membership.pk])
    response = secretariat_client.post(end, {"end-day": "31", "end-month": "3", "end-year": "2019"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end == D(2019, 3, 31)
    listing = secretariat_client.get(reverse("partnerships:memberships", args=[SLUG, "board"]))
    assert "New Member" in listing.content.decode()


@pytest.mark.django_db
def test_membership_end_before_start_shows_error(secretariat_client, structure):
    membership = structure["membership"]
    url = reverse("partnerships:membership_end", args=[SLUG, "board", membership.pk])
    response = secretariat_client.post(url, {"end-day": "1", "end-month": "1", "end-year": "2000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_end"' in html
    membership.refresh_from_db()
    assert membership.end is None


@pytest.mark.django_db
def test_membership_add_person_from_other_partnership_refused(
    secretariat_client, structure, other_partnership
):
    stranger = PersonFactory(partnership=other_partnership)
    url = reverse("partnerships:membership_add", args=[SLUG, "board"])
    response = secretariat_client.post(url, {"person": stranger.pk, "role": "member"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Membership.objects.filter(person=stranger).exists()


@pytest.mark.django_db
def test_membership_of_other_body_404(secretariat_client, partnership, structure):
    BodyFactory(partnership=partnership, slug="other")
    url = reverse("partnerships:membership_edit", args=[SLUG, "other", structure["membership"].pk])
    assert secretariat_client.get(url).status_code == 404


@pytest.mark.django_db
def test_site_home_lists_partnerships(client, partnership, other_partnership):
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert _h1_count(response) == 1
    assert reverse("partnerships:home", args=[SLUG]) in html
    assert other_partnership.name in html
