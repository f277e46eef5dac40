"""Issue 10 part 1: each tampering the attacker tried is detected, naming the event.

Raw SQL plays the attacker with write access to the database. On PostgreSQL the triggers
would refuse it, so `tamper` sets the maintenance setting first (as a table owner could).
"""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from csphub.audit import chain
from csphub.audit.chain import HeadValue
from csphub.audit.models import AuditEvent, AuditHead
from csphub.audit.services import audit_record
from csphub.audit.tests.factories import record_events, tamper
from csphub.audit.verify import audit_verify, export_head, verify_chain

pytestmark = pytest.mark.django_db


def messages() -> str:
    return "\n".join(str(f) for f in verify_chain())


@pytest.fixture
def events(users, partnership):
    record_events(users["secretariat"], partnership, 5)
    return list(AuditEvent.objects.order_by("seq"))


def test_an_intact_chain_verifies_and_is_numbered_from_one(events):
    assert verify_chain() == []
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    head = AuditHead.objects.get()
    assert (head.count, head.last_id, head.last_hash) == (5, events[-1].pk, events[-1].hash)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("object_repr", "Someone innocent"),
        ("note", "changed"),
        ("object_id", "999"),
        ("partnership_id", None),
        ("created_at", "2020-01-01 00:00:00"),
        ("before", '{"name": "forged"}'),
    ],
)
def test_changing_any_stored_field_names_the_event(events, column, value):
    target = events[2]
    sql = f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s"  # noqa: S608 (fixed names)
    tamper(sql, [value, target.pk])
    found = verify_chain()
    assert [f.event_id for f in found] == [target.pk]
    assert f"event #{target.pk} has been altered" in str(found[0])


def test_an_event_deleted_in_the_middle_is_named(events):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    text = messages()
    assert f"1 event(s) deleted after event #{events[1].pk}, before event #{events[3].pk}" in text
    assert audit_verify() == [events[3].pk]


def test_the_last_events_deleted_are_caught_by_the_head_row(events):
    tamper("DELETE FROM audit_auditevent WHERE seq > 3")
    text = messages()
    ended = f"the chain ended at event #{events[-1].pk}"
    assert f"The last 2 event(s) have been deleted: {ended}" in text


def test_all_events_deleted_are_caught_by_the_head_row(events):
    tamper("DELETE FROM audit_auditevent")
    ended = f"the chain ended at event #{events[-1].pk}"
    assert f"All 5 events have been deleted ({ended})" in messages()


def test_all_events_and_the_head_deleted_are_caught_by_the_exported_head(events, capsys):
    call_command("audit_verify", "--export-head")
    exported = capsys.readouterr().out.strip().splitlines()[-1]
    tamper("DELETE FROM audit_auditevent")
    tamper("DELETE FROM audit_audithead")
    call_command("audit_verify")  # without the anchor, an empty table looks like a new one
    with pytest.raises(CommandError):
        call_command("audit_verify", "--expect-head", exported)
    assert "All 5 events have been deleted" in capsys.readouterr().out


def test_the_tail_and_the_head_row_deleted_are_caught_by_the_exported_head(events, capsys):
    value = export_head()
    tamper("DELETE FROM audit_auditevent WHERE seq > 2")
    tamper("DELETE FROM audit_audithead")
    found = verify_chain(value)
    assert "The chain's head row has been deleted." in [str(f) for f in found]
    assert any(f.event_id == events[-1].pk and "last 3 event(s)" in str(f) for f in found)


def test_a_rewritten_event_with_the_chain_recomputed_by_plain_sha256_fails_the_hmac(events):
    previous = events[1].hash
    for event in events[2:]:
        if event.pk == events[2].pk:
            event.object_repr = "Rewritten"
        event.previous_hash = previous
        event.hash = hashlib.sha256(chain.canonical(event).encode()).hexdigest()
        tamper(
            "UPDATE audit_auditevent SET object_repr = %s, previous_hash = %s, hash = %s "
            "WHERE id = %s",
            [event.object_repr, event.previous_hash, event.hash, event.pk],
        )
        previous = event.hash
    found = verify_chain()
    assert found[0].event_id == events[2].pk
    assert "does not match its HMAC" in str(found[0])


def test_the_exported_head_still_verifies_when_the_chain_has_grown(events, users, partnership):
    value = export_head()
    record_events(users["secretariat"], partnership, 2)
    assert verify_chain(HeadValue.parse(str(value))) == []


def test_an_exported_head_whose_event_was_replaced_is_named(events):
    value = export_head()
    tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["0" * 64, events[-1].pk])
    found = verify_chain(value)
    assert any("from the exported head has been replaced" in str(f) for f in found)


def test_a_forged_export_or_a_malformed_one_is_refused(events):
    value = export_head()
    forged = HeadValue(value.count + 3, value.last_id + 3, value.last_hash, "f" * 64)
    assert "not signed by a known key" in "\n".join(str(f) for f in verify_chain(forged))
    with pytest.raises(CommandError, match="Not an exported audit head"):
        call_command("audit_verify", "--expect-head", "5:3:abc")


def test_a_resigned_head_row_needs_the_key(events):
    tamper("UPDATE audit_audithead SET count = 3")
    assert "head row has been altered" in messages()


def test_key_rotation_old_events_verify_with_the_old_key(events, settings, users, partnership):
    settings.CSPHUB_AUDIT_KEY = "a-new-key-that-is-long-enough-for-production-0123"
    settings.CSPHUB_AUDIT_OLD_KEYS = [chain.DEVELOPMENT_KEY]
    record_events(users["secretariat"], partnership, 2)
    assert verify_chain() == []
    assert AuditEvent.objects.values("key_id").distinct().count() == 2
    settings.CSPHUB_AUDIT_OLD_KEYS = []  # the old key forgotten: its events cannot be checked
    found = verify_chain()
    assert {f.event_id for f in found} >= {e.pk for e in events}
    assert "signed with an unknown key" in str(found[0])


def test_events_carry_a_key_fingerprint_not_the_key(events):
    assert events[0].key_id == chain.fingerprint(chain.DEVELOPMENT_KEY)
    assert chain.DEVELOPMENT_KEY not in events[0].key_id


def test_dates_in_before_and_after_digest_the_same_after_reading_back(users, partnership):
    import datetime

    audit_record(actor=None, verb="x.y", after={"when": datetime.date(2026, 1, 2), "t": (1, 2)})
    assert verify_chain() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET note = 'x'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent CASCADE",
        "DELETE FROM audit_audithead",
        "TRUNCATE audit_audithead",
    ],
)
def test_postgresql_refuses_changes_to_the_audit_tables(events, sql):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE sees pending FKs
        cursor.execute("SET LOCAL csphub.audit_maintenance = 'off'")  # see csphub/conftest.py
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 5
