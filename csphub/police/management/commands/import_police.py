"""`csphub import-police PATH... [--vintage TEXT] [--from YYYY-MM] [--to YYYY-MM]`: import
police open data and ONS population estimates, as the publishers ship them (files, folders of
months, zip downloads).

Formats are told apart by their headers: data.police.uk street-level CSVs and API JSON,
MPS recorded-crime CSVs from the London Datastore (borough, ward, LSOA; every header layout)
and their Parquet conversions, ONS small area population estimates by LSOA, and a ward lookup
(code, name, authority). All or nothing: a bad file stops the import with its name, line and
field, and nothing is written. Importing a month again replaces it (the revision is
recorded). ``--from``/``--to`` import only the months of that window (e.g. a few years of the
2010-2024 ward history); the rest of each file is left out, and a file with no month in the
window is reported, not refused. A file with no data rows is refused, and so is a month
whose new counts add up to less than half of those stored unless ``--replace-smaller``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from csphub.audit.actors import SystemActor
from csphub.police import importer, services
from csphub.police.importer import MonthWindow, PoliceDataError
from csphub.police.importer.window import NOTE_MARK


@contextlib.contextmanager
def progress_bar(enabled: bool) -> Iterator[importer.Progress | None]:
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
            "--from",
            dest="first",
            metavar="YYYY-MM",
            default="",
            help="import only this month and later (e.g. 2015-04)",
        )
        parser.add_argument(
            "--to",
            dest="last",
            metavar="YYYY-MM",
            default="",
            help="import only this month and earlier (e.g. 2018-03)",
        )
        parser.add_argument(
            "--replace-smaller",
            action="store_true",
            help="replace a month even when the new counts add up to less than half of those "
            "stored (without it such an import is refused, as a likely partial file)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar, even on a terminal"
        )

    def handle(self, *args, **options):
        actor = SystemActor(label="csphub import-police")
        show = not options["no_progress"] and options["verbosity"] > 0
        try:
            window = MonthWindow.of(options["first"], options["last"])
        except ValueError as exc:
            raise CommandError(f"--from/--to: {exc}") from None
        try:
            with progress_bar(show) as progress:
                result = services.police_import(
                    actor=actor,
                    paths=options["paths"],
                    vintage=options["vintage"],
                    progress=progress,
                    months=window,
                    replace_smaller=options["replace_smaller"],
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
        if window is not None:
            noted = [(f.name, n) for f in read for n in f.notes if NOTE_MARK in n]
            out.write(
                f"Month window {window}: {len(noted)} of {len(read)} file(s) had months outside "
                "it, left out."
            )
            for name, note in noted[:10]:
                out.write(f"  {name}: {note}")
            if len(noted) > 10:
                out.write(f"  ... and {len(noted) - 10} more (see the import run's files)")
        for warning in result.warnings:
            if window is None or NOTE_MARK not in warning:  # shown above
                out.write(f"Note: {warning}")
