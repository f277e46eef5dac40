"""What `/healthz` checks: that the service can do its work, not only that it answers.

A load balancer takes an instance out of service on a 503, so each check is the smallest
thing that fails when the service cannot serve: the database must accept a write (a
database that is up but locked, or read-only, passes a `SELECT 1` and then fails every
form), and the media folder (uploaded papers, packs) must exist and be writable.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

log = logging.getLogger("csphub.health")
SQLITE_WAIT_MS = 500


def database_problem() -> str:
    """ "" when the database takes a write lock now; otherwise what went wrong."""
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Take the write lock and let it go: a locked database fails here, fast.
                cursor.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_MS}")
                if connection.in_atomic_block:
                    cursor.execute("SELECT 1")  # inside a test's transaction: reads only
                else:
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.execute("ROLLBACK")
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT pg_is_in_recovery()")
                if cursor.fetchone()[0]:
                    return "the database is read-only (a standby)"
            else:  # pragma: no cover - the two databases we support
                cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return f"the database cannot be written: {exc}"
    finally:
        if connection.vendor == "sqlite" and connection.connection is not None:
            timeout = int(settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 5))
            connection.connection.execute(f"PRAGMA busy_timeout = {timeout * 1000}")
    return ""


def media_problem() -> str:
    """ "" when a file can be written to the media folder; otherwise why not."""
    root = Path(settings.MEDIA_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".healthz-", dir=root)
        os.close(handle)
        os.unlink(name)
    except OSError as exc:
        return f"the media folder {root} cannot be written: {exc.strerror or exc}"
    return ""


def problems() -> dict[str, str]:
    """Each failing check by name; an empty dict when all is well."""
    found = {
        name: check() for name, check in (("database", database_problem), ("media", media_problem))
    }
    failed = {name: why for name, why in found.items() if why}
    for name, why in failed.items():
        log.error("health check failed: %s", why, extra={"check": name})
    return failed
