"""Backing up and restoring the database and the media folder together.

A paper's row without its file, or a file without its row, is a broken record, so the two
are copied at the same time into one folder: the database (SQLite's online backup, or
`pg_dump --format=custom` on PostgreSQL), the media folder as a tar file, and a manifest
with their checksums. Restoring checks the checksums before touching anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"


class BackupError(Exception):
    """Why a backup or restore could not be done (said to the person at the terminal)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from Django's settings (password in
    the environment, never on the command line)."""
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args, env


def backup(destination: Path) -> dict[str, object]:
    """Write the database, the media folder and a manifest into ``destination`` (new)."""
    if connection.in_atomic_block:
        raise BackupError("Back up outside a transaction: it would wait on its own lock.")
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: back up into a new folder.")
    destination.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        database = destination / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)  # a consistent copy of a live database
        finally:
            target.close()
    elif vendor == "postgresql":
        database = destination / "database.dump"
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database), *args], env)
    else:  # pragma: no cover - the two databases we support
        raise BackupError(f"Backing up a {vendor} database is not supported.")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(destination / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": vendor,
        "files": {p.name: _sha256(p) for p in (database, destination / MEDIA)},
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(source: Path) -> dict[str, object]:
    """Put a backup back: checksums first, then the database, then the media folder."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST}: not a CSP Hub backup ({exc})") from exc
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{path} is missing or does not match the manifest's checksum.")
    vendor = connection.vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; the settings point at {vendor}."
        )
    if vendor == "sqlite":
        connection.close()
        shutil.copyfile(source / "database.sqlite3", settings.DATABASES["default"]["NAME"])
    else:
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                *args,
                str(source / "database.dump"),
            ],
            env,
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")  # no links out, no absolute paths
    return manifest


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, env=env)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools).") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()}") from exc
