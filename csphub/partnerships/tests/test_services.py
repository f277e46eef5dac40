import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.audit.actors import SystemActor
from csphub.audit.models import AuditEvent
from csphub.partnerships import selectors, services
from csphub.partnerships.models import Body, BodyName, Membership, Organisation, Person
from csphub.partnerships.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

D = dt.date


def _last_event(verb):
    return AuditEvent.objects.filter(verb=verb).order_by("-id").first()


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board", name="Strategic Board")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "cleared", "outsider", "other_secretariat"])
def test_person_create_refused_without_secretariat_role(users, partnership, who):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=users[who], partnership=partnership, name="Jo Bloggs")
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "other_secretariat"])
def test_body_and_organisation_writes_refused_for_member_and_other_secretariat(
    users, partnership, body, who
):
    actor = users[who]
    with pytest.raises(PermissionDenied):
        services.body_create(actor=actor, partnership=partnership, slug="x", name="X")
    with pytest.raises(PermissionDenied):
        services.body_update(actor=actor, body=body, data={"meeting_frequency": "Monthly"})
    with pytest.raises(PermissionDenied):
        services.body_rename(actor=actor, body=body, new_name="Y", old_name_until=D(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=actor, partnership=partnership, name="Police")
    with pytest.raises(PermissionDenied):
        services.minute_sequence_restart(
            actor=actor, body=body, effective_from=D(2020, 4, 1), first_number=1
        )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "other_secretariat"])
def test_membership_writes_refused_for_member_and_other_secretariat(users, body, who):
    membership = MembershipFactory(body=body)
    person = PersonFactory(partnership=body.partnership)
    with pytest.raises(PermissionDenied):
        services.membership_create(actor=users[who], body=body, person=person)
    with pytest.raises(PermissionDenied):
        services.membership_end(actor=users[who], membership=membership, end=D(2020, 1, 1))
    membership.refresh_from_db()
    assert membership.end is None


@pytest.mark.django_db
def test_person_create_records_audit_with_after(users, partnership):
    person = services.person_create(
        actor=users["secretariat"], partnership=partnership, name="Laurie Grasty"
    )
    assert person.slug == "laurie-grasty"
    assert person.initials == "LG"
    event = _last_event("person.create")
    assert event.partnership == partnership
    assert event.actor == users["secretariat"]
    assert event.before is None
    assert event.after["name"] == "Laurie Grasty"
    assert event.object_id == str(person.pk)


@pytest.mark.django_db
def test_person_update_records_only_changed_fields(users, partnership):
    person = PersonFactory(partnership=partnership, name="Jo Smith", email="jo@example.org")
    services.person_update(
        actor=users["secretariat"],
        person=person,
        data={"name": "Jo Smith-Jones", "email": "jo@example.org"},
    )
    event = _last_event("person.update")
    assert event.before == {"name": "Jo Smith"}
    assert event.after == {"name": "Jo Smith-Jones"}


@pytest.mark.django_db
def test_update_with_no_change_records_nothing(users, partnership):
    organisation = OrganisationFactory(partnership=partnership, name="Police")
    services.organisation_update(
        actor=users["secretariat"], organisation=organisation, data={"name": "Police"}
    )
    assert not AuditEvent.objects.filter(verb="organisation.update").exists()


@pytest.mark.django_db
def test_organisation_create_and_update(users, partnership):
    organisation = services.organisation_create(
        actor=users["administrator"],
        partnership=partnership,
        name="Metropolitan Police Service",
        kind=Organisation.Kind.POLICE,
        is_responsible_authority=True,
    )
    services.organisation_update(
        actor=users["secretariat"], organisation=organisation, data={"short_name": "MPS"}
    )
    organisation.refresh_from_db()
    assert organisation.short_name == "MPS"
    event = _last_event("organisation.update")
    assert event.before == {"short_name": ""}
    assert event.after == {"short_name": "MPS"}


@pytest.mark.django_db
def test_body_create_with_parent_of_other_partnership_refused(
    users, partnership, other_partnership
):
    foreign = BodyFactory(partnership=other_partnership)
    with pytest.raises(ValueError, match="same partnership"):
        services.body_create(
            actor=users["secretariat"],
            partnership=partnership,
            slug="vawg",
            name="VAWG",
            parent=foreign,
        )
    assert not Body.objects.filter(slug="vawg").exists()


@pytest.mark.django_db
def test_body_create_duplicate_slug_refused(users, partnership, body):
    with pytest.raises(ValidationError):
        services.body_create(
            actor=users["secretariat"], partnership=partnership, slug="board", name="Another"
        )


@pytest.mark.django_db
def test_body_update_parent_itself_refused(users, body):
    with pytest.raises(ValueError, match="parent"):
        services.body_update(actor=users["secretariat"], body=body, data={"parent": body})


@pytest.mark.django_db
def test_body_update_parent_loop_refused(users, body):
    child = BodyFactory(partnership=body.partnership, parent=body)
    grandchild = BodyFactory(partnership=body.partnership, parent=child)
    with pytest.raises(ValueError, match="already reports to"):
        services.body_update(actor=users["secretariat"], body=body, data={"parent": grandchild})
    body.refresh_from_db()
    assert body.parent is None


@pytest.mark.django_db
def test_body_rename_keeps_former_name(users, body):
    services.body_rename(
        actor=users["secretariat"], body=body, new_name="Safer Board", old_name_until=D(2022, 3, 31)
    )
    body.refresh_from_db()
    assert body.name == "Safer Board"
    assert BodyName.objects.get(body=body).name == "Strategic Board"
    assert body.name_on(D(2022, 3, 31)) == "Strategic Board"
    assert body.name_on(D(2022, 4, 1)) == "Safer Board"
    event = _last_event("body.rename")
    assert event.before == {"name": "Strategic Board"}
    assert event.after == {"name": "Safer Board"}


@pytest.mark.django_db
def test_minute_sequence_restart_recorded(users, body):
    start = services.minute_sequence_restart(
        actor=users["secretariat"], body=body, effective_from=D(2018, 4, 1), first_number=1
    )
    assert start.body == body
    assert _last_event("body.minute_sequence_restart").after["first_number"] == 1


@pytest.mark.django_db
def test_membership_create_rejects_person_of_other_partnership(users, body, other_partnership):
    stranger = PersonFactory(partnership=other_partnership)
    with pytest.raises(ValueError, match="partnership"):
        services.membership_create(actor=users["secretariat"], body=body, person=stranger)
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_membership_end_keeps_history(users, body):
    membership = services.membership_create(
        actor=users["secretariat"],
        body=body,
        person=PersonFactory(partnership=body.partnership),
        role=Membership.Role.CHAIR,
        start=D(2017, 1, 1),
    )
    services.membership_end(actor=users["secretariat"], membership=membership, end=D(2018, 3, 31))
    membership.refresh_from_db()
    assert membership.end == D(2018, 3, 31)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert selectors.memberships_on(body, D(2018, 3, 31)) == [membership]
    assert selectors.memberships_on(body, D(2018, 4, 1)) == []
    event = _last_event("membership.end")
    assert event.before == {"end": None}
    assert event.after == {"end": "2018-03-31"}


@pytest.mark.django_db
def test_membership_end_before_start_refused(users, body):
    membership = MembershipFactory(body=body, start=D(2018, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.membership_end(
            actor=users["secretariat"], membership=membership, end=D(2017, 1, 1)
        )
    assert "end" in exc.value.error_dict


@pytest.mark.django_db
def test_system_actor_may_write(partnership):
    person = services.person_create(
        actor=SystemActor(label="demo loader"), partnership=partnership, name="Ann Example"
    )
    event = _last_event("person.create")
    assert event.actor is None
    assert event.actor_label == "demo loader"
    assert event.object_id == str(person.pk)
