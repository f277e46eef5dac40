"""`csphub backup FOLDER`: the database and the media folder, copied together."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csphub.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media folder into a new folder, with checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a new (or empty) folder to write the backup into")

    def handle(self, *args, folder: str, **options) -> None:
        try:
            manifest = backup(Path(folder))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(manifest["files"])  # type: ignore[arg-type]
        self.stdout.write(f"Backed up to {folder}: {files} ({manifest['vendor']}).")
