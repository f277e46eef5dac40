"""Linking an account to its person (issue 11): administrators only, one person per account
per partnership, audited, and the admin page that does it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from csphub.audit.models import AuditEvent
from csphub.partnerships.models import Person
from csphub.partnerships.selectors import person_of_user
from csphub.partnerships.services import user_person_link
from csphub.partnerships.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_links_and_the_link_is_audited(partnership, users):
    person = PersonFactory(partnership=partnership, name="Laurie Grasty")
    member = users["member"]

    user_person_link(
        actor=users["administrator"], partnership=partnership, user=member, person=person
    )

    assert person_of_user(partnership, member) == person
    event = AuditEvent.objects.get(verb="person.user_link")
    assert event.after == {"user": member.pk}
    assert event.before == {"user": None}


def test_relinking_moves_the_account_and_unlinks_the_old_person(partnership, users):
    first, second = PersonFactory(partnership=partnership), PersonFactory(partnership=partnership)
    admin, member = users["administrator"], users["member"]
    user_person_link(actor=admin, partnership=partnership, user=member, person=first)

    user_person_link(actor=admin, partnership=partnership, user=member, person=second)

    first.refresh_from_db()
    assert first.user_id is None
    assert person_of_user(partnership, member) == second
    assert AuditEvent.objects.filter(verb="person.user_unlink").count() == 1


def test_unlinking(partnership, users):
    person = PersonFactory(partnership=partnership)
    admin, member = users["administrator"], users["member"]
    user_person_link(actor=admin, partnership=partnership, user=member, person=person)

    assert user_person_link(actor=admin, partnership=partnership, user=member, person=None) is None

    assert person_of_user(partnership, member) is None


@pytest.mark.parametrize("role", ["member", "cleared", "secretariat", "other_secretariat"])
def test_only_administrators_link(partnership, users, role):
    person = PersonFactory(partnership=partnership)
    with pytest.raises(PermissionDenied):
        user_person_link(
            actor=users[role], partnership=partnership, user=users["member"], person=person
        )
    assert not AuditEvent.objects.filter(verb="person.user_link").exists()


def test_a_person_of_another_partnership_is_refused(partnership, other_partnership, users):
    stranger = PersonFactory(partnership=other_partnership)
    with pytest.raises(ValidationError):
        user_person_link(
            actor=users["administrator"],
            partnership=partnership,
            user=users["member"],
            person=stranger,
        )


def test_a_person_linked_to_someone_else_is_refused(partnership, users):
    person = PersonFactory(partnership=partnership, user=users["cleared"])
    with pytest.raises(ValidationError, match="already linked"):
        user_person_link(
            actor=users["administrator"],
            partnership=partnership,
            user=users["member"],
            person=person,
        )


def test_the_database_allows_one_person_per_account_per_partnership(
    partnership, other_partnership, users
):
    member = users["member"]
    PersonFactory(partnership=partnership, user=member)
    PersonFactory(partnership=other_partnership, user=member)  # another tenant: allowed
    PersonFactory(partnership=partnership, user=None)
    PersonFactory(partnership=partnership, user=None)  # many people without an account
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(partnership=partnership, user=member)


def test_the_users_page_links_a_person(client, partnership, users):
    person = PersonFactory(partnership=partnership, name="Laurie Grasty")
    member = users["member"]
    client.force_login(users["administrator"])
    url = reverse("accounts:role_person", args=[partnership.slug, member.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Laurie Grasty" in page.content.decode()

    response = client.post(url, {"person": person.pk})

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == member
    listing = client.get(reverse("accounts:roles", args=[partnership.slug])).content.decode()
    assert "Laurie Grasty" in listing


def test_the_users_page_is_for_administrators_only(client, partnership, users):
    client.force_login(users["secretariat"])
    url = reverse("accounts:role_person", args=[partnership.slug, users["member"].pk])
    assert client.get(url).status_code == 403
