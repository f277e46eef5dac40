"""`csphub demo_police_extract [--from PATH] [--to PATH]`: write the police data extract the
demo ships with (``csphub/demo/fixtures/police/``) again from the shared police data folder.

Run it when the shared files or the months the demo needs change; `load_demo` imports the
extract when the shared folder is not there (see :mod:`csphub.demo.police_extract`).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from csphub.demo.police_extract import EXTRACT_DIR, write_extract


class Command(BaseCommand):
    help = "Write the demo's small police data extract from the shared police data folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            metavar="PATH",
            default=None,
            help="the shared police data folder (default: the CSPHUB_POLICE_DATA_DIR setting)",
        )
        parser.add_argument(
            "--to",
            dest="target",
            metavar="PATH",
            default=None,
            help=f"where to write the extract (default: {EXTRACT_DIR})",
        )

    def handle(self, *args, **options):
        source = Path(options["source"] or settings.CSPHUB_POLICE_DATA_DIR)
        target = Path(options["target"]) if options["target"] else EXTRACT_DIR
        if not source.is_dir():
            raise CommandError(f"No police data folder at {source}")
        try:
            written = write_extract(source, target)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        for item in written:
            self.stdout.write(f"{item.name}: {item.rows:,} rows, {item.size / 1024:,.0f} KB")
        total = sum(item.size for item in written)
        self.stdout.write(self.style.SUCCESS(f"Wrote {total / 1024:,.0f} KB to {target}"))
