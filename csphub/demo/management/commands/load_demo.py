"""`csphub load_demo [--police-data PATH | --no-police]`: load the demo partnerships (skipping
any already loaded), after importing real police data for them: from the shared police data
folder when it is there (``CSPHUB_POLICE_DATA_DIR``; see :mod:`csphub.demo.police`), else
from the small extract shipped in the repository (:mod:`csphub.demo.police_extract`), so a
fresh clone shows the packs too."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from csphub.demo.loader import fixture_paths, load_fixture
from csphub.demo.members import ensure_member_homes
from csphub.demo.packs import dispatch_demo_packs
from csphub.demo.police import attach_demo_packs, load_police_data, missing_files
from csphub.demo.police_extract import EXTRACT_DIR, EXTRACT_IMPORTS
from csphub.demo.upcoming import schedule_upcoming
from csphub.demo.users import ensure_demo_users
from csphub.demo.values import FixtureError
from csphub.police.importer import PoliceDataError


class Command(BaseCommand):
    help = "Load the demo partnerships written from the seed documents, and demo sign-ins."

    def add_arguments(self, parser):
        police = parser.add_mutually_exclusive_group()
        police.add_argument(
            "--police-data",
            metavar="PATH",
            default=None,
            help="the police data folder (default: the CSPHUB_POLICE_DATA_DIR setting, "
            "../shared/data/police)",
        )
        police.add_argument(
            "--no-police", action="store_true", help="do not import police data for the demo"
        )

    def handle(self, *args, **options):
        self._police(options)
        for path in fixture_paths():
            try:
                partnership = load_fixture(path)
            except FixtureError as exc:
                raise CommandError(str(exc)) from exc
            if partnership is None:
                self.stdout.write(f"{path.name}: already loaded")
            else:
                self.stdout.write(self.style.SUCCESS(f"{path.name}: loaded {partnership}"))
        if not options["no_police"]:
            for line in attach_demo_packs():
                self.stdout.write(line)
        for line in dispatch_demo_packs():
            self.stdout.write(line)
        for line in schedule_upcoming():
            self.stdout.write(line)
        for line in ensure_demo_users():
            self.stdout.write(line)
        for line in ensure_member_homes():
            self.stdout.write(line)
        self._statistics()

    def _statistics(self) -> None:
        """The planner's statistics for the data just loaded (decision 0034): without them
        PostgreSQL plans the crime pack's queries as if the tables were empty."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit = 1000")  # sampled: milliseconds
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA optimize")
        self.stdout.write("Planner statistics: up to date (ANALYZE)")

    def _police(self, options) -> None:
        if options["no_police"]:
            self.stdout.write("Police data: skipped (--no-police)")
            return
        given = options["police_data"]
        folder = Path(given or settings.CSPHUB_POLICE_DATA_DIR)
        imports = None
        if given and not folder.is_dir():
            raise CommandError(f"--police-data: no folder at {folder}")
        if not given and (not folder.is_dir() or missing_files(folder)):
            where = "no folder" if not folder.is_dir() else "not every demo file"
            self.stdout.write(
                f"Police data: {where} at {folder}, so the extract shipped with the demo "
                f"({EXTRACT_DIR.name}/) is imported instead (set CSPHUB_POLICE_DATA_DIR or "
                "pass --police-data PATH for the full files; --no-police not to import any)"
            )
            folder, imports = EXTRACT_DIR, EXTRACT_IMPORTS
        try:
            lines = load_police_data(folder, imports) if imports else load_police_data(folder)
        except PoliceDataError as exc:
            raise CommandError(
                f"Police data: nothing was imported. {exc} (--no-police loads the demo without it)"
            ) from None
        for line in lines:
            self.stdout.write(line)
