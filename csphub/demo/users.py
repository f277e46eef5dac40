"""Demo sign-ins, one per role, so a visitor to `make run` can try every view of the product.

They are made through the same services an administrator uses, so they obey the password
rules and leave an audit trail like any other user.
"""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model

from csphub.accounts import services as account_services
from csphub.accounts.models import PartnershipRole
from csphub.audit.actors import SystemActor
from csphub.partnerships.models import Partnership

DEMO_PASSWORD = os.environ.get("CSPHUB_DEMO_PASSWORD", "demo-partnership-2017")
ACTOR = SystemActor(label="demo loader")


def ensure_demo_users() -> list[str]:
    User = get_user_model()
    lines = []
    if not User.objects.filter(username="admin").exists():
        # A site administrator belongs to no partnership, so no partnership service applies.
        User.objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
        lines.append(f"Created site administrator 'admin' (password {DEMO_PASSWORD!r})")
    for partnership in Partnership.objects.all():
        for suffix, role, cleared in [
            ("administrator", PartnershipRole.Role.ADMINISTRATOR, True),
            ("secretariat", PartnershipRole.Role.SECRETARIAT, True),
            ("member", PartnershipRole.Role.MEMBER, False),
            ("cleared", PartnershipRole.Role.MEMBER, True),
        ]:
            username = f"{partnership.slug}-{suffix}"
            if User.objects.filter(username=username).exists():
                continue
            account_services.user_create(
                actor=ACTOR,
                partnership=partnership,
                username=username,
                email=f"{username}@example.org",
                first_name=partnership.short_name or partnership.slug,
                last_name=suffix.title(),
                password=DEMO_PASSWORD,
                role=role,
                cleared=cleared,
            )
            lines.append(f"Created {username} ({role}{', cleared' if cleared else ''})")
    return lines
