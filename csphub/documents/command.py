"""`csphub render WHAT --document NAME --format FORMAT [--out FILE] [--as-user NAME]`.

One command renders any registered document in any of its formats. The older names
(`csphub matters-arising MEETING`, `csphub crime-pack PARTNERSHIP`) are this command with the
document fixed, so their options and their checks cannot drift apart again.

What the public may see is rendered unless `--as-user` names someone with more access, so
a paper made on the command line cannot leak a restricted item by default.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from . import registry
from .render import render

# Both spellings: `render` has always said a3-landscape, `crime-pack` a3.
PAPERS = {
    "a4": "a4",
    "a4-landscape": "a4-landscape",
    "a3": "a3-landscape",
    "a3-landscape": "a3-landscape",
}
TEXT = frozenset({"html", "json", "csv"})  # may go to standard output


class RenderCommand(BaseCommand):
    """Subclass with ``document`` set for a command that renders one document only."""

    help = "Render a document (agenda, minutes, Matters Arising, crime pack) to a file."
    document: str = ""
    default_format: str = "pdf"

    def add_arguments(self, parser: ArgumentParser) -> None:
        entries = [registry.get(self.document)] if self.document else self._all()
        sources = list({e.source.name: e.source for e in entries}.values())
        parser.add_argument("key", metavar="WHAT", help=" or ".join(s.key_help for s in sources))
        if not self.document:
            parser.add_argument("--document", choices=registry.names(), required=True)
        formats = sorted({f for e in entries for f in e.formats})
        parser.add_argument("--format", choices=formats, default=self.default_format)
        parser.add_argument("--paper", choices=sorted(PAPERS), default="a4")
        parser.add_argument("--out", default="", help="the file to write (text: default stdout)")
        parser.add_argument(
            "--as-user", default="", help="render as this user sees it (default: the public)"
        )
        for source in sources:
            for option in source.options:
                parser.add_argument(option.flag, default=None, help=option.help)

    def handle(self, *args: Any, **options: Any) -> None:
        entry = registry.get(self.document or options["document"])
        fmt, key, out = options["format"], options["key"], options["out"]
        if fmt not in entry.formats:
            raise CommandError(f"The {entry.name} comes as {', '.join(entry.formats)}, not {fmt}.")
        if not out and fmt not in TEXT:
            raise CommandError(f"--format {fmt} needs --out FILE.")
        try:
            subject = entry.source.load(key, self._user(options["as_user"]), options)
        except LookupError as exc:
            raise CommandError(str(exc.args[0] if exc.args else exc)) from None
        content = self._content(entry, subject, fmt, PAPERS[options["paper"]])
        if content is None:
            raise CommandError(entry.unpublished.format(name=entry.name, key=key))
        if not out:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        Path(out).write_bytes(content)
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes)")

    @staticmethod
    def _all() -> list[registry.DocumentType]:
        return [registry.get(name) for name in registry.names()]

    @staticmethod
    def _user(username: str) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return user

    @staticmethod
    def _content(entry: registry.DocumentType, subject: Any, fmt: str, paper: str) -> bytes | None:
        if fmt in entry.extras:
            return entry.extras[fmt].content(subject)
        document = entry.build(subject)
        if document is None:
            return None
        return render(document, fmt, paper=paper)[0]
