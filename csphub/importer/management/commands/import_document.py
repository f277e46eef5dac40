"""`csphub import-document PATH [--json]`: print what the parser reads from a document, as
the draft JSON. `csphub import-document --commit --partnership SLUG FOLDER_OR_FILES...`:
parse every .txt, .pdf and .docx (and .json drafts saved from --json) and commit each
minutes part into a new meeting of the body the document names, with a progress bar and a
summary of what needs review. Each file is all or nothing: a file that cannot be committed
is left as a draft on the import pages, and the summary says why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from csphub.audit.actors import SystemActor
from csphub.importer import parsing, services
from csphub.importer.errors import ImportParseError
from csphub.partnerships.models import Partnership

SUFFIXES = {".txt", ".pdf", ".docx", ".json"}
ACTOR = SystemActor("csphub import-document")


@dataclass
class Summary:
    files: int = 0
    committed: int = 0
    meetings: int = 0
    minutes: int = 0
    resolutions: int = 0
    actions: int = 0
    review: list[tuple[str, str]] = field(default_factory=list)  # (file, line)


def files_in(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{given}: no such file or folder.")
    return found


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Command(BaseCommand):
    help = "Parse a document into the draft JSON, or commit a folder of minutes."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="A document to print as JSON; with --commit, files and folders to import.",
        )
        parser.add_argument("--json", action="store_true", help="Print the draft as JSON.")
        parser.add_argument("--commit", action="store_true", help="Commit into meetings.")
        parser.add_argument("--partnership", metavar="SLUG", help="The partnership to commit to.")

    def handle(self, *args, **options):
        if not options["commit"]:
            return self.print_draft(options["paths"])
        slug = options["partnership"]
        if not slug:
            raise CommandError("--commit needs --partnership SLUG.")
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug {slug!r}.")
        paths = files_in(options["paths"])
        if not paths:
            raise CommandError("No .txt, .pdf, .docx or .json files to import there.")
        summary = Summary()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("Importing", total=len(paths))
            for path in paths:
                bar.update(task, description=f"Importing {path.name}")
                self.commit_file(partnership, path, summary)
                bar.advance(task)
        self.write_summary(summary)
        return None

    def print_draft(self, paths: list[str]) -> None:
        if len(paths) != 1:
            raise CommandError("Give one document to parse (or use --commit for several).")
        try:
            draft = parsing.parse_path(Path(paths[0]))
        except ImportParseError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(json.dumps(draft, indent=2, ensure_ascii=False))

    def commit_file(self, partnership: Partnership, path: Path, summary: Summary) -> None:
        summary.files += 1
        try:
            draft = services.draft_from_path(actor=ACTOR, partnership=partnership, path=path)
        except ValidationError as exc:
            summary.review.append((path.name, "could not be read: " + " ".join(exc.messages)))
            return
        for part in draft.edited.get("parts") or []:
            for line in part.get("needs_review") or []:
                summary.review.append((path.name, line))
        try:
            results = services.draft_commit_all(actor=ACTOR, draft=draft)
        except ValidationError as exc:
            summary.review.append(
                (path.name, "left as a draft to review: " + " ".join(exc.messages))
            )
            return
        summary.committed += 1
        for result in results:
            summary.meetings += int(result.created_meeting)
            summary.minutes += result.minutes
            summary.resolutions += result.resolutions
            summary.actions += len(result.actions)

    def write_summary(self, s: Summary) -> None:
        out = self.stdout
        out.write(
            f"{plural(s.files, 'file')}, {s.committed} committed: "
            f"{plural(s.meetings, 'meeting')} created, {plural(s.minutes, 'minute')}, "
            f"{plural(s.resolutions, 'resolution')}, {plural(s.actions, 'action')}."
        )
        if s.review:
            out.write(f"To review ({len(s.review)}):")
            for name, line in s.review:
                out.write(f"  - {name}: {line}")
        else:
            out.write("Nothing to review.")
