"""`csphub audit_verify`: check that nobody has altered the audit trail behind the app's back.

Prints OK, or the ids of the events whose hash no longer matches, and then exits with
status 1 so a scheduled job or monitoring can raise the alarm.
"""

from django.core.management.base import BaseCommand, CommandError

from csphub.audit.models import AuditEvent
from csphub.audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit 1 if any event has been altered."

    def handle(self, *args, **options) -> None:
        broken = audit_verify()
        if broken:
            self.stdout.write(f"Broken: {len(broken)} event(s) fail verification.")
            self.stdout.write("Event ids: " + ", ".join(str(pk) for pk in broken))
            raise CommandError("The audit trail has been altered.")
        self.stdout.write(self.style.SUCCESS(f"OK: {AuditEvent.objects.count()} events verified."))
