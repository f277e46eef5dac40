"""`/healthz` says which part of the service cannot work: the database (down, locked,
read-only) or the media folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get(reverse("core:healthz"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_media_folder_that_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocker / "media")
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.content.decode().startswith("media: FAILED: the media folder")


def test_locked_sqlite_database_is_reported(tmp_path):
    """Another process holds SQLite's write lock: a page that reads would still answer, a
    form would fail; /healthz says so."""
    database = tmp_path / "locked.sqlite3"
    script = textwrap.dedent(
        """
        import os, sqlite3, django
        holder = sqlite3.connect(os.environ["LOCKED_DB"], isolation_level=None)
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO t VALUES (1)")
        django.setup()
        from django.test import Client
        response = Client().get("/healthz")
        print(response.status_code, response.content.decode())
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "csphub.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "LOCKED_DB": str(database),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("503 database: FAILED: the database cannot be written")


def test_missing_paper_file_is_a_404_page_that_says_so(client, partnership, caplog):
    import datetime as dt
    import io

    from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
    from csphub.partnerships.tests.factories import BodyFactory

    meeting = MeetingFactory(
        body=BodyFactory(partnership=partnership, slug="board"), date=dt.date(2018, 3, 26)
    )
    paper = PaperFactory(item=AgendaItemFactory(meeting=meeting), original_filename="r.pdf")
    paper.file.save("r.pdf", io.BytesIO(b"%PDF-1.4"))
    Path(paper.file.path).unlink()  # the file goes missing under the application
    url = reverse("meetings:paper", args=[partnership.slug, "board", "2018-03-26", paper.pk])
    with caplog.at_level("ERROR", logger="csphub.files"):
        response = client.get(url)
    assert response.status_code == 404
    assert "Sorry, this file is missing" in response.content.decode()
    assert any(paper.file.name in r.getMessage() for r in caplog.records)
