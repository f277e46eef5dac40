"""Audit events for tests, recorded the way services record them."""

from django.db import connection

from csphub.audit.services import audit_record


def record_events(actor, partnership, n, verb="person.create"):
    for i in range(n):
        audit_record(
            actor=actor,
            verb=verb,
            partnership=partnership,
            object_type="partnerships.person",
            object_repr=f"Person {i}",
            before={"name": f"Old {i}"},
            after={"name": f"New {i}", "is_responsible_authority": True},
        )


def tamper(sql: str, params: list | None = None) -> None:
    """Raw SQL as an attacker with write access would run it. On PostgreSQL the triggers
    refuse it, so this sets the maintenance setting first (as the table's owner could)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL csphub.audit_maintenance = 'on'")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL csphub.audit_maintenance = 'off'")
