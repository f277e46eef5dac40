import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.accounts import services
from csphub.accounts.models import PartnershipRole
from csphub.accounts.permissions import viewer_for
from csphub.accounts.tests.factories import UserFactory
from csphub.audit.actors import SystemActor
from csphub.audit.models import AuditEvent

User = get_user_model()
GOOD_PASSWORD = "tangerine-lamppost-91"


def _create(actor, partnership, **overrides):
    fields = {
        "username": "jbloggs",
        "email": "jo.bloggs@example.org",
        "first_name": "Jo",
        "last_name": "Bloggs",
        "password": GOOD_PASSWORD,
        "role": "member",
        "cleared": False,
    }
    fields.update(overrides)
    return services.user_create(actor=actor, partnership=partnership, **fields)


@pytest.mark.django_db
def test_user_create_by_administrator_grants_role_and_audits(users, partnership):
    user = _create(users["administrator"], partnership, role="secretariat", cleared=True)
    assert user.check_password(GOOD_PASSWORD)
    grant = PartnershipRole.objects.get(user=user, partnership=partnership)
    assert (grant.role, grant.cleared_for_restricted) == ("secretariat", True)
    event = AuditEvent.objects.get(verb="user.create")
    assert event.partnership == partnership
    assert event.after["username"] == "jbloggs"
    assert event.after["role"] == "secretariat"
    assert "password" not in event.after
    assert GOOD_PASSWORD not in str(event.after)
    assert user.password not in str(event.after)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "cleared", "secretariat", "outsider"])
def test_user_create_refused_for_non_administrators(users, partnership, who):
    with pytest.raises(PermissionDenied):
        _create(users[who], partnership)
    assert not User.objects.filter(username="jbloggs").exists()


@pytest.mark.django_db
def test_user_create_refused_for_other_partnerships_administrator(partnership, other_partnership):
    from csphub.accounts.tests.factories import user_with_role

    other_admin = user_with_role(other_partnership, "administrator")
    with pytest.raises(PermissionDenied):
        _create(other_admin, partnership)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["short", "password1234", "jbloggs12345"])
def test_user_create_rejects_weak_passwords(users, partnership, password):
    with pytest.raises(ValidationError) as exc:
        _create(users["administrator"], partnership, password=password)
    assert "password" in exc.value.error_dict
    assert not User.objects.filter(username="jbloggs").exists()
    assert not AuditEvent.objects.filter(verb="user.create").exists()


@pytest.mark.django_db
def test_user_create_duplicate_username_refused(users, partnership):
    _create(users["administrator"], partnership)
    with pytest.raises(ValidationError) as exc:
        _create(users["administrator"], partnership)
    assert "username" in exc.value.error_dict


@pytest.mark.django_db
def test_user_create_by_system_actor(partnership):
    user = _create(SystemActor(label="demo loader"), partnership)
    event = AuditEvent.objects.get(verb="user.create")
    assert event.actor_label == "demo loader"
    assert event.object_id == str(user.pk)


@pytest.mark.django_db
def test_role_grant_new_and_change(users, partnership):
    user = UserFactory()
    services.role_grant(
        actor=users["administrator"],
        partnership=partnership,
        user=user,
        role="member",
        cleared=False,
    )
    assert viewer_for(user, partnership).role == "member"
    services.role_grant(
        actor=users["administrator"],
        partnership=partnership,
        user=user,
        role="member",
        cleared=True,
    )
    assert viewer_for(user, partnership).can_see_restricted
    grant_event = AuditEvent.objects.get(verb="role.grant")
    assert grant_event.before is None
    assert grant_event.after["role"] == "member"
    change = AuditEvent.objects.get(verb="role.change")
    assert change.before == {"user": user.username, "cleared_for_restricted": False}
    assert change.after == {"user": user.username, "cleared_for_restricted": True}


@pytest.mark.django_db
def test_role_grant_unchanged_records_nothing(users, partnership):
    services.role_grant(
        actor=users["administrator"],
        partnership=partnership,
        user=users["member"],
        role="member",
        cleared=False,
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "secretariat", "other_secretariat"])
def test_role_grant_and_revoke_refused_for_non_administrators(users, partnership, who):
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=users[who],
            partnership=partnership,
            user=users[who],
            role="administrator",
            cleared=True,
        )
    with pytest.raises(PermissionDenied):
        services.role_revoke(actor=users[who], partnership=partnership, user=users["member"])
    assert PartnershipRole.objects.filter(user=users["member"]).exists()


@pytest.mark.django_db
def test_role_revoke_removes_role_keeps_user_and_audits(users, partnership):
    member = users["member"]
    services.role_revoke(actor=users["administrator"], partnership=partnership, user=member)
    assert not PartnershipRole.objects.filter(user=member, partnership=partnership).exists()
    assert User.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(verb="role.revoke")
    assert event.before == {
        "user": member.username,
        "role": "member",
        "cleared_for_restricted": False,
    }
    assert event.after is None


@pytest.mark.django_db
def test_role_revoke_without_role_refused(users, partnership):
    with pytest.raises(ValueError, match="no role"):
        services.role_revoke(
            actor=users["administrator"], partnership=partnership, user=users["outsider"]
        )


@pytest.mark.django_db
def test_administrator_cannot_remove_or_demote_self(users, partnership):
    admin = users["administrator"]
    with pytest.raises(ValueError, match="your own role"):
        services.role_revoke(actor=admin, partnership=partnership, user=admin)
    with pytest.raises(ValueError, match="your own role"):
        services.role_grant(
            actor=admin, partnership=partnership, user=admin, role="member", cleared=False
        )
    assert PartnershipRole.objects.get(user=admin).role == "administrator"
