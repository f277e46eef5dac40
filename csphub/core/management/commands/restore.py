"""`csphub restore FOLDER --yes`: put a backup back (it replaces the database and media)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csphub.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `csphub backup`, replacing the database and media."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder")
        parser.add_argument(
            "--yes", action="store_true", help="confirm: the current data will be replaced"
        )

    def handle(self, *args, folder: str, yes: bool, **options) -> None:
        if not yes:
            raise CommandError("This replaces the database and the media folder: add --yes.")
        try:
            manifest = restore(Path(folder))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created']}. Now run `csphub audit_verify`."
        )
