"""`csphub render MEETING --document agenda|minutes --format html|pdf|docx --out FILE`.

Renders what the public may see unless `--as-user` names someone with more access, so a
pack made on the command line cannot leak a restricted item by default.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from csphub.accounts.permissions import viewer_for
from csphub.documents.render import render
from csphub.meetings.access import access_meeting_by_key
from csphub.meetings.documents import DOCUMENTS
from csphub.meetings.selectors import meeting_record


class Command(BaseCommand):
    help = "Render a meeting's agenda or minutes to HTML, PDF or DOCX."

    def add_arguments(self, parser):
        parser.add_argument("meeting", help="partnership/body/YYYY-MM-DD")
        parser.add_argument("--document", choices=sorted(DOCUMENTS), required=True)
        parser.add_argument("--format", choices=["html", "pdf", "docx"], default="pdf")
        parser.add_argument("--paper", choices=["a4", "a3-landscape"], default="a4")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument(
            "--as-user", default="", help="render as this user sees it (default: the public)"
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
        document = DOCUMENTS[options["document"]](meeting_record(meeting, viewer))
        if document is None:
            raise CommandError(
                f"The {options['document']} of {options['meeting']} is not published yet."
            )
        content, _, _ = render(document, options["format"], paper=options["paper"])
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"Wrote {options['out']} ({len(content):,} bytes)")
