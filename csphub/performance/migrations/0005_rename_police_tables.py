"""Rename the police data's tables from ``performance_*`` to ``police_*``, ahead of moving
their models to the ``police`` app (``police.0001_initial``).

A rename is a change to the catalogue on SQLite and PostgreSQL alike: no row is copied, and
foreign keys from other tables (indicators, observations) follow the table. Constraint and
index names are left as they are, since renaming them would rebuild the indexes of the
largest table. On PostgreSQL the id sequences are renamed too, so that they keep matching
their tables' names; they are found through ``pg_get_serial_sequence``, whatever they are
called now.
"""

from django.db import migrations

TABLES = (
    "area",
    "areapopulation",
    "crimecategory",
    "categorymapping",
    "datasource",
    "importrun",
    "importfile",
    "sourcemonth",
    "crimecount",
)


def _rename_sequences(schema_editor, prefix: str) -> None:
    """Name each police_* table's id sequence ``<prefix><model>_id_seq``. It runs while the
    tables are called police_* both ways (after the renames, and first when reversed)."""
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT counters (sqlite_sequence) are renamed with the table
    with schema_editor.connection.cursor() as cursor:
        for name in TABLES:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f"police_{name}"])
            (current,) = cursor.fetchone()
            wanted = f"{prefix}{name}_id_seq"
            if current and current.split(".")[-1].strip('"') != wanted:
                schema_editor.execute(
                    f"ALTER SEQUENCE {current} RENAME TO {schema_editor.quote_name(wanted)}"
                )


def sequences_forwards(apps, schema_editor):
    _rename_sequences(schema_editor, "police_")


def sequences_backwards(apps, schema_editor):
    _rename_sequences(schema_editor, "performance_")


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0004_indicator_population"),
    ]

    operations = [
        migrations.AlterModelTable(name="area", table="police_area"),
        migrations.AlterModelTable(name="areapopulation", table="police_areapopulation"),
        migrations.AlterModelTable(name="crimecategory", table="police_crimecategory"),
        migrations.AlterModelTable(name="categorymapping", table="police_categorymapping"),
        migrations.AlterModelTable(name="datasource", table="police_datasource"),
        migrations.AlterModelTable(name="importrun", table="police_importrun"),
        migrations.AlterModelTable(name="importfile", table="police_importfile"),
        migrations.AlterModelTable(name="sourcemonth", table="police_sourcemonth"),
        migrations.AlterModelTable(name="crimecount", table="police_crimecount"),
        migrations.RunPython(sequences_forwards, sequences_backwards),
    ]
