"""`csphub audit_verify`: check that nobody has altered the audit trail behind the app's back.

Prints OK, or each problem naming the event it concerns, and then exits with status 1 so a
scheduled job or monitoring can raise the alarm.

`--export-head` prints a signed value (count, last event id, its hash) to keep outside the
database, e.g. in the operator's password manager or a ticket; `--expect-head VALUE` later
checks the chain still reaches that head, so deleting the last events, or all of them, is
caught even if the head row was deleted too.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csphub.audit.chain import HeadValue
from csphub.audit.models import AuditEvent
from csphub.audit.verify import export_head, verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's HMAC chain; exit 1 if any event has been altered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--export-head",
            action="store_true",
            help="After verifying, print the signed chain head to keep outside the database.",
        )
        parser.add_argument(
            "--expect-head",
            metavar="VALUE",
            help="A value printed earlier by --export-head: the chain must still reach it.",
        )

    def handle(self, *args, **options) -> None:
        expected = None
        if options["expect_head"]:
            try:
                expected = HeadValue.parse(options["expect_head"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        findings = verify_chain(expected)
        if findings:
            self.stdout.write(f"Broken: {len(findings)} problem(s) found.")
            for finding in findings:
                self.stdout.write(f"- {finding}")
            named = sorted({f.event_id for f in findings if f.event_id is not None})
            if named:
                self.stdout.write("Event ids: " + ", ".join(str(pk) for pk in named))
            raise CommandError("The audit trail has been altered.")
        self.stdout.write(self.style.SUCCESS(f"OK: {AuditEvent.objects.count()} events verified."))
        if options["export_head"]:
            self.stdout.write(str(export_head()))
