"""The full-text half of the index, per database: an FTS5 table kept by triggers on
SQLite, a GIN expression index on PostgreSQL (the expression `backends.pg_vector` builds)."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, content='search_searchentry',"
    " content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN"
    " INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, text)"
    " VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, text)"
    " VALUES ('delete', old.id, old.title, old.text);"
    " INSERT INTO search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
PG_UP = [
    "CREATE INDEX search_entry_fts ON search_searchentry USING gin"
    " (to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, '')))",
]
PG_DOWN = ["DROP INDEX IF EXISTS search_entry_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_entries")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        ),
    ]
