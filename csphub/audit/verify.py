"""Checking the audit trail against its own signatures, its head row and, optionally, a head
value the operator exported earlier and kept outside the database (decision 0016).

Read-only: nothing here writes, so it lives outside services.py.
"""

from __future__ import annotations

from . import chain
from .chain import Finding, HeadValue
from .models import AuditEvent, AuditHead


def verify_chain(expect_head: HeadValue | None = None) -> list[Finding]:
    """Every problem found, each naming the event it concerns; empty means intact."""
    events = AuditEvent.objects.order_by("seq", "id").iterator(chunk_size=2000)
    findings, seen, last = chain.check_events(events)
    head = AuditHead.objects.filter(pk=1).first()
    findings += chain.check_head(head, seen, last, expect_head)
    if expect_head is not None and expect_head.signed_by() is not None:
        anchored = AuditEvent.objects.filter(seq=expect_head.count).first()
        findings += chain.check_exported_in_chain(expect_head, anchored)
    return findings


def audit_verify(expect_head: HeadValue | None = None) -> list[int]:
    """Ids of the events named by the problems found (kept for callers that want ids); a
    problem with the whole chain (its head row) is reported as id 0."""
    ids: list[int] = []
    for finding in verify_chain(expect_head):
        pk = finding.event_id if finding.event_id is not None else 0
        if pk not in ids:
            ids.append(pk)
    return ids


def export_head() -> HeadValue:
    """The current head as a signed value to keep elsewhere (`audit_verify --export-head`)."""
    head = AuditHead.objects.filter(pk=1).first()
    key = chain.current_key()
    if head is None or not head.count:
        return HeadValue(0, 0, "", chain.head_signature(0, 0, "", key))
    return HeadValue(
        head.count,
        head.last_id or 0,
        head.last_hash,
        chain.head_signature(head.count, head.last_id, head.last_hash, key),
    )
