"""A separate process appending to (or checking) the audit chain, for test_concurrency.

`python -m csphub.audit.tests.concurrent_writer append N LABEL` connects, prints "ready",
waits for a line on stdin (the test releases every writer at once), then appends N events,
each the way a service does: a read first, then the write, in one transaction.
`... check` prints the chain's state as JSON.
"""

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.test")
    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count

    from csphub.audit.models import AuditEvent
    from csphub.audit.services import audit_record
    from csphub.audit.verify import verify_chain

    if sys.argv[1] == "append":
        count, label = int(sys.argv[2]), sys.argv[3]
        connection.ensure_connection()
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(count):
            with transaction.atomic():
                AuditEvent.objects.filter(verb="none").exists()  # a service reads first
                audit_record(actor=label, verb="test.concurrent", note=f"{label} {i}")
        print("done", flush=True)
    else:
        shared = (
            AuditEvent.objects.values("previous_hash")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        print(
            json.dumps(
                {
                    "events": AuditEvent.objects.count(),
                    "shared_previous": shared,
                    "findings": [str(f) for f in verify_chain()],
                }
            )
        )


if __name__ == "__main__":
    main()
