"""Audit events for tests, recorded the way services record them."""

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
