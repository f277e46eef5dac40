import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from csphub.audit.models import AuditEvent
from csphub.audit.services import audit_record, audit_verify
from csphub.audit.tests.factories import record_events, tamper


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_through_the_orm(users, partnership):
    record_events(users["secretariat"], partnership, 1)
    event = AuditEvent.objects.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(verb="x")
    with pytest.raises(PermissionError):
        event.delete()


def test_table_name_used_by_raw_sql():
    assert AuditEvent._meta.db_table == "audit_auditevent"


@pytest.mark.django_db
def test_audit_verify_ok(users, partnership, capsys):
    record_events(users["secretariat"], partnership, 3)
    assert audit_verify() == []
    call_command("audit_verify")
    assert "OK: 3 events verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_verify_detects_tampering_by_raw_sql(users, partnership, capsys):
    record_events(users["secretariat"], partnership, 3)
    target = AuditEvent.objects.order_by("id")[1]
    tamper(
        "UPDATE audit_auditevent SET actor_label = %s WHERE id = %s",
        ["Someone Else", target.pk],
    )
    assert audit_verify() == [target.pk]
    with pytest.raises(CommandError):
        call_command("audit_verify")
    out = capsys.readouterr().out
    assert "Broken" in out
    assert str(target.pk) in out


@pytest.mark.django_db
def test_audit_verify_detects_a_deleted_row(users, partnership):
    record_events(users["secretariat"], partnership, 3)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [ids[1]])
    assert audit_verify() == [ids[2]]


@pytest.mark.django_db
def test_audit_verify_command_exit_code_is_1_when_broken(users, partnership):
    audit_record(actor=users["secretariat"], verb="x.y", partnership=partnership)
    tamper("UPDATE audit_auditevent SET verb = 'x.z'")
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["csphub", "audit_verify"]).execute()
    assert exc.value.code == 1
