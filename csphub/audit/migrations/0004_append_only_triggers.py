"""Decision 0016: `seq` is required and unique; on PostgreSQL the database itself refuses
UPDATE, DELETE and TRUNCATE of audit events (and DELETE/TRUNCATE of the head row, which the
app updates on every append).

A session that sets `csphub.audit_maintenance = on` is let through: restoring a backup and
test-suite flushes need it (see decision 0016). That is no weaker than the table owner's
power to drop the trigger; the HMAC and the exported head are what prove tampering.
SQLite has no such triggers here (no TRUNCATE, and no session settings); the no-op keeps
one migration history for both.
"""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION csphub_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('csphub.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'csphub: % on % refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = [
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION csphub_audit_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION csphub_audit_append_only()",
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_audithead "
    "FOR EACH ROW EXECUTE FUNCTION csphub_audit_append_only()",
    "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_audithead "
    "FOR EACH STATEMENT EXECUTE FUNCTION csphub_audit_append_only()",
]
DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_audithead",
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_audithead",
    "DROP FUNCTION IF EXISTS csphub_audit_append_only()",
]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:  # no params: '%' in RAISE stays as is
        cursor.execute(FUNCTION)
        for sql in TRIGGERS:
            cursor.execute(sql)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_resign_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
