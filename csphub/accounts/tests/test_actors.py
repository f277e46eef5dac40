"""Actors: a signed link proves who its holder is, never a role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from csphub.accounts.permissions import (
    ensure_can_administer,
    ensure_can_manage,
    ensure_site_admin,
    is_site_admin,
    viewer_for,
)
from csphub.accounts.tests.factories import UserFactory
from csphub.audit.actors import LinkActor, SystemActor, actor_label, actor_user
from csphub.audit.models import AuditEvent
from csphub.audit.services import audit_record, model_create, model_update
from csphub.partnerships import services as partnership_services
from csphub.partnerships.models import Person
from csphub.partnerships.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_link_actor_is_public_in_its_own_partnership(partnership):
    holder = LinkActor(PersonFactory(partnership=partnership, name="Lisa Green"))
    viewer = viewer_for(holder, partnership)
    assert viewer.is_public
    assert not viewer.can_manage
    assert not viewer.can_administer
    assert not viewer.can_see_restricted
    assert not is_site_admin(holder)


def test_link_actor_cannot_do_secretariat_or_administrator_work(partnership):
    holder = LinkActor(PersonFactory(partnership=partnership))
    with pytest.raises(PermissionDenied):
        ensure_can_manage(holder, partnership)
    with pytest.raises(PermissionDenied):
        ensure_can_administer(holder, partnership)
    with pytest.raises(PermissionDenied):
        ensure_site_admin(holder)
    with pytest.raises(PermissionDenied):
        partnership_services.person_create(actor=holder, partnership=partnership, name="Eve")
    assert not Person.objects.filter(name="Eve").exists()


def test_system_actor_still_administers(partnership):
    viewer = viewer_for(SystemActor(label="csphub job"), partnership)
    assert viewer.can_administer and viewer.can_see_restricted


def test_actor_labels_and_users(partnership):
    user = UserFactory(first_name="Ann", last_name="Lee")
    person = PersonFactory(partnership=partnership, name="Lisa Green")
    assert actor_label(user) == "Ann Lee"
    assert actor_label(LinkActor(person)) == "Lisa Green (update link)"
    assert actor_label(SystemActor(label="demo loader")) == "demo loader"
    assert actor_label(AnonymousUser()) == "system"
    assert actor_user(user) == user
    assert actor_user(LinkActor(person)) is None
    event = audit_record(actor=LinkActor(person), verb="test.link", partnership=partnership)
    assert (event.actor, event.actor_label) == (None, "Lisa Green (update link)")


def test_model_helpers_refuse_fields_outside_the_allow_list(partnership):
    actor = SystemActor(label="test")
    person = PersonFactory(partnership=partnership, name="Ann")
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="cannot be set here"):
        model_update(
            actor=actor,
            instance=person,
            data={"name": "Anne", "partnership_id": 99},
            fields=("name",),
            partnership=partnership,
            verb="person.update",
        )
    with pytest.raises(ValueError, match="cannot be set here"):
        model_create(
            actor=actor,
            model=Person,
            partnership=partnership,
            verb="person.create",
            fields=("name",),
            name="Bob",
            partnership_id=partnership.pk,
        )
    person.refresh_from_db()
    assert person.name == "Ann"
    assert not Person.objects.filter(name="Bob").exists()
    assert AuditEvent.objects.count() == before
