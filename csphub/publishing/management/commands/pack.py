"""`csphub pack safer-bromley/board/2018-03-26 --variant public --out pack.pdf`.

Compiles a meeting's agenda pack as it stands, without dispatching it (the meeting page's
"Compile pack" dispatches and keeps versions): for checking a pack before it goes out, or
for rebuilding an old meeting's pack.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csphub.meetings.access import access_meeting_by_key
from csphub.publishing.compile import PackError, compile_pack
from csphub.publishing.models import Variant


class Command(BaseCommand):
    help = "Compile a meeting's agenda pack (public: Part 1; members: Part 1 and Part 2)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting", help="partnership/body/YYYY-MM-DD")
        parser.add_argument("--variant", choices=Variant.values, default=Variant.PUBLIC)
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args, meeting: str, variant: str, out: str, **options) -> None:
        try:
            found = access_meeting_by_key(meeting)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        try:
            pack = compile_pack(found, variant)
        except PackError as exc:
            raise CommandError(str(exc)) from exc
        target = Path(out)
        try:
            target.write_bytes(pack.pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror or exc}") from exc
        self.stdout.write(
            f"Wrote {target}: {variant} pack of {found}, {pack.page_count} pages "
            f"({time.perf_counter() - started:.1f} s)."
        )
