"""`manage.py mfa_report`: the staff accounts (secretariat, administrators, superusers)
without a confirmed authenticator, the measure for ASVS 6.3.3 (decision 0018). Exits 1
when there are any, so a scheduled check can alert on it."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from csphub.accounts.mfa import STAFF_ROLES


class Command(BaseCommand):
    help = "List active staff accounts that have not set up two-step verification."

    def handle(self, *args, **options) -> None:
        staff = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(partnership_roles__role__in=STAFF_ROLES))
            .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id"))
            .distinct()
            .order_by("username")
        )
        names = list(staff.values_list("username", flat=True))
        for name in names:
            self.stdout.write(name)
        if names:
            raise CommandError(f"{len(names)} staff accounts without two-step verification.")
        self.stdout.write("0 staff accounts without two-step verification.")
