"""`csphub matters-arising MEETING --format json|html|pdf|docx [--out FILE] [--as-user NAME]`.

Prints (or writes) the Matters Arising report for a meeting as the public sees it, unless
`--as-user` names someone with more access, so a report made on the command line cannot
leak a restricted action by default.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from csphub.accounts.permissions import viewer_for
from csphub.actions.matters_arising import (
    build_document,
    matters_arising_for,
    report_is_published,
    report_json,
)
from csphub.documents.render import render
from csphub.meetings.access import access_meeting_by_key


class Command(BaseCommand):
    help = "The Matters Arising report for a meeting, as JSON, HTML, PDF or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("meeting", help="partnership/body/YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "html", "pdf", "docx"], default="json")
        parser.add_argument("--paper", choices=["a4", "a3-landscape"], default="a4")
        parser.add_argument("--out", default="", help="file to write (default: JSON to stdout)")
        parser.add_argument(
            "--as-user", default="", help="report as this user sees it (default: the public)"
        )

    def handle(self, *args, **options):
        try:
            meeting = access_meeting_by_key(options["meeting"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        user = None
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user {options['as_user']!r}.")
        viewer = viewer_for(user, meeting.body.partnership)
        if not report_is_published(meeting, viewer):
            raise CommandError(
                f"The agenda of {options['meeting']} is not published yet, so neither is its "
                "Matters Arising report (use --as-user with a secretariat user to see it)."
            )
        report = matters_arising_for(meeting, viewer)
        fmt, out = options["format"], options["out"]
        if fmt == "json":
            text = json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
            if not out:
                self.stdout.write(text, ending="")
                return
            content = text.encode("utf-8")
        else:
            if not out:
                raise CommandError(f"--format {fmt} needs --out FILE.")
            content, _, _ = render(build_document(report), fmt, paper=options["paper"])
        Path(out).write_bytes(content)
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes)")
