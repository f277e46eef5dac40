"""`csphub backup` and `csphub restore`: a restored copy holds the same data and files and
passes `audit_verify`."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from csphub.audit.models import AuditEvent
from csphub.meetings import services
from csphub.meetings.tests.factories import MeetingFactory
from csphub.partnerships.tests.factories import BodyFactory

ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "csphub.settings.test", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_passes_audit_verify(tmp_path, users, partnership, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL round trip runs in test_backup_postgres below")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from csphub.meetings.tests.documents import pdf_with

    meeting = MeetingFactory(body=BodyFactory(partnership=partnership))
    item = services.agenda_item_add(actor=users["secretariat"], meeting=meeting, title="Prevent")
    paper = services.paper_add(
        actor=users["secretariat"],
        item=item,
        title="Report",
        file=SimpleUploadedFile("r.pdf", pdf_with("Words"), "application/pdf"),
    )
    events = AuditEvent.objects.count()
    folder = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(folder), stdout=out)
    assert "database.sqlite3, media.tar.gz" in out.getvalue()

    # Restore into a fresh database file and media folder, in another process
    restored_db = tmp_path / "restored.sqlite3"
    restored_media = tmp_path / "restored-media"
    env = {
        "DATABASE_URL": f"sqlite:///{restored_db}",
        "CSPHUB_TEST_MEDIA_ROOT": str(restored_media),
    }
    result = manage("restore", str(folder), "--yes", **env)
    assert result.returncode == 0, result.stderr
    verified = manage("audit_verify", **env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"{events} events verified" in verified.stdout
    assert (restored_media / paper.file.name).read_bytes().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    (folder / "media.tar.gz").write_bytes(b"not the archive that was backed up")
    with pytest.raises(CommandError, match="does not match the manifest's checksum"):
        call_command("restore", str(folder), "--yes")
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(folder))
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(folder))


@pytest.mark.django_db(transaction=True)
def test_backup_postgres(tmp_path, users, partnership):
    """pg_dump and pg_restore into a second database; the copy passes audit_verify."""
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (make test-postgres); SQLite is tested above")
    from django.conf import settings

    services.meeting_schedule(
        actor=users["secretariat"],
        body=BodyFactory(partnership=partnership),
        date=dt.date(2018, 3, 26),
        start_time=dt.time(10),
    )
    events = AuditEvent.objects.count()
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    db = settings.DATABASES["default"]
    copy = f"{db['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        cursor.execute(f'CREATE DATABASE "{copy}"')
    try:
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{db['USER']}@"
        url = f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{copy}"
        env = {"DATABASE_URL": url, "CSPHUB_TEST_MEDIA_ROOT": str(tmp_path / "media")}
        result = manage("restore", str(folder), "--yes", **env)
        assert result.returncode == 0, result.stderr
        verified = manage("audit_verify", **env)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert f"{events} events verified" in verified.stdout
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
