import pytest
from django.contrib.auth import get_user_model

from csphub.accounts.models import PartnershipRole
from csphub.audit.models import AuditEvent
from csphub.demo.users import DEMO_PASSWORD, ensure_demo_users


@pytest.mark.django_db
def test_demo_users_made_through_services_and_idempotent(partnership):
    lines = ensure_demo_users()
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    roles = dict(
        PartnershipRole.objects.filter(partnership=partnership).values_list(
            "user__username", "role"
        )
    )
    assert roles == {
        "safer-testshire-administrator": "administrator",
        "safer-testshire-secretariat": "secretariat",
        "safer-testshire-member": "member",
        "safer-testshire-cleared": "member",
    }
    assert User.objects.get(username="safer-testshire-member").check_password(DEMO_PASSWORD)
    events = AuditEvent.objects.filter(verb="user.create", partnership=partnership)
    assert events.count() == 4
    assert {e.actor_label for e in events} == {"demo loader"}
    assert len(lines) == 5
    assert ensure_demo_users() == []
