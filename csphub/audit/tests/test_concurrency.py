"""Issue 10 part 1: writers in several processes leave one unbroken chain.

The bug: reading the last hash and inserting were not under one lock, so two gunicorn
workers forked the chain. Here three processes, released together, append 20 events each to
a file-backed SQLite database and (when the suite runs on PostgreSQL) to a scratch
PostgreSQL database: every event must extend the one before it.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
WRITERS, EACH = 3, 20


def _run(database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "csphub.settings.test",
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _writers_leave_one_chain(database_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "csphub.settings.test",
    }
    module = ["-m", "csphub.audit.tests.concurrent_writer"]
    procs = [
        subprocess.Popen(
            [sys.executable, *module, "append", str(EACH), f"writer-{n}"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    for proc in procs:  # every writer connected: release them together
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, out + err
    state = json.loads(_run(database_url, *module, "check"))
    assert state == {"events": WRITERS * EACH, "shared_previous": 0, "findings": []}


def test_processes_writing_to_sqlite_leave_one_unbroken_chain(tmp_path):
    path = tmp_path / "chain.sqlite3"
    _run(f"sqlite:///{path}", "manage.py", "migrate", "--verbosity", "0")
    _writers_leave_one_chain(f"sqlite:///{path}")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the suite is running on SQLite")
def test_processes_writing_to_postgresql_leave_one_unbroken_chain():
    import psycopg

    s = connection.settings_dict
    name = f"csphub_audit_{uuid.uuid4().hex[:12]}"
    server = {
        "host": s["HOST"] or "localhost",
        "port": s["PORT"] or 5432,
        "user": s["USER"],
        "password": s["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
        _run(url, "manage.py", "migrate", "--verbosity", "0")
        _writers_leave_one_chain(url)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
