"""`csphub reindex [PARTNERSHIP]`: extract missing paper text, then rebuild the search index.

For papers uploaded before text extraction existed, and after a bulk load that bypassed
the signals (the receivers keep the index current otherwise).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from csphub.audit.actors import SystemActor
from csphub.partnerships.models import Partnership

from ...services import reindex


class Command(BaseCommand):
    help = "Fill in missing paper text and rebuild the search index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("partnership", nargs="?", default="", help="only this partnership")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = None
        if options["partnership"]:
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"No partnership {options['partnership']!r}.")
        papers, entries = reindex(actor=SystemActor("csphub reindex"), partnership=partnership)
        self.stdout.write(f"Extracted text of {papers} paper(s); indexed {entries} entries.")
