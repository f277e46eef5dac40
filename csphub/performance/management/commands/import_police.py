"""`csphub import-police PATH... [--vintage TEXT]`: import police open data and ONS population
estimates, as the publishers ship them (files, folders of months, zip downloads).

Formats are told apart by their headers: data.police.uk street-level CSVs and API JSON,
MPS recorded-crime CSVs from the London Datastore (borough, ward, LSOA; every header layout),
ONS small area population estimates by LSOA, and a ward lookup (code, name, authority).
All or nothing: a bad file stops the import with its name, line and field, and nothing is
written. Importing a month again replaces it (the revision is recorded).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from csphub.accounts.permissions import SystemActor
from csphub.performance import services
from csphub.performance.importer import PoliceDataError


@contextlib.contextmanager
def progress_bar(enabled: bool) -> Iterator[services.importer.Progress | None]:
    """A per-file progress bar on stderr, only when stderr is a terminal."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, name: str) -> None:
            short = name.replace("\\", "/").rsplit("/", 1)[-1][-40:]
            bar.update(task, completed=done, total=total, description=short)

        yield advance


class Command(BaseCommand):
    help = "Import police open data (data.police.uk, MPS London Datastore) and ONS population."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders or zip archives")
        parser.add_argument(
            "--vintage",
            default="",
            help="the publication the files come from, e.g. 2019-01 (default: read from a "
            "'vintage-YYYY-MM' folder name where there is one)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar, even on a terminal"
        )

    def handle(self, *args, **options):
        actor = SystemActor(label="csphub import-police")
        show = not options["no_progress"] and options["verbosity"] > 0
        try:
            with progress_bar(show) as progress:
                result = services.police_import(
                    actor=actor,
                    paths=options["paths"],
                    vintage=options["vintage"],
                    progress=progress,
                )
        except PoliceDataError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from None
        except OSError as exc:
            raise CommandError(f"Nothing was imported. {exc}") from None
        draft, run = result.draft, result.run
        out = self.stdout
        read = [f for f in draft.files if f.format != "skip"]
        out.write(
            f"Imported {len(read)} file(s): {draft.rows_read:,} rows read, "
            f"{draft.rows_kept:,} kept, {draft.duplicates_dropped:,} duplicates dropped."
        )
        out.write(
            f"Months written: {result.months_new} new, {result.months_replaced} replaced "
            f"({result.months_changed} with different figures); "
            f"{result.counts_written:,} counts; {len(draft.populations):,} population figures. "
            f"Import run {run.pk}."
        )
        for reason, names in draft.skipped().items():
            example = f", e.g. {names[0]}" if len(names) > 1 else f": {names[0]}"
            out.write(f"Skipped {len(names)} file(s), {reason}{example}")
        for warning in result.warnings:
            out.write(f"Note: {warning}")
