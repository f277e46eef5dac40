"""`csphub crime-pack PARTNERSHIP --to YYYY-MM --format pdf|docx|html|csv [--paper a4|a3]
--out FILE [--area NAME]`: the crime data pack of a partnership's area, financial year to
date, written to a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from csphub.documents.render import render
from csphub.partnerships.models import Partnership
from csphub.performance import calculations as calc
from csphub.performance import pack as packs
from csphub.police import selectors

PAPERS = {"a4": "a4", "a3": "a3-landscape"}


class Command(BaseCommand):
    help = "Write a partnership's crime data pack (financial year to date): PDF, DOCX, HTML, CSV."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="the partnership's slug, e.g. barking-dagenham")
        parser.add_argument("--to", default=None, help="the last month, YYYY-MM (default: latest)")
        parser.add_argument("--format", choices=["pdf", "docx", "html", "csv"], default="pdf")
        parser.add_argument("--paper", choices=sorted(PAPERS), default="a4")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--area", default=None, help="an area's name or GSS code")

    def handle(self, *args, **options):
        try:
            partnership = Partnership.objects.get(slug=options["partnership"])
        except Partnership.DoesNotExist:
            raise CommandError(f"No partnership {options['partnership']!r}") from None
        if options["area"]:
            try:
                area = selectors.area_find(options["area"])
            except selectors.AreaNotFound as exc:
                raise CommandError(str(exc)) from None
        else:
            area = packs.area_for_partnership(partnership)
            if area is None:
                raise CommandError(
                    f"Cannot tell which area {partnership.name} covers; pass --area NAME."
                )
        if options["to"]:
            try:
                to = calc.parse_month(options["to"])
            except ValueError as exc:
                raise CommandError(f"--to: {exc}") from None
        else:
            to = packs.latest_month(area)
            if to is None:
                raise CommandError(f"No crime data for {area.name}; import it first.")
        pack = packs.crime_pack(area, to, partnership=partnership)
        if not pack.has_data:
            raise CommandError(
                f"No crime counts for {area.name} in the months a pack to "
                f"{calc.month_key(to)} needs; import the police data for them first."
            )
        out = Path(options["out"])
        if options["format"] == "csv":
            out.write_text(packs.pack_csv(pack), encoding="utf-8")
        else:
            document = packs.pack_document(pack, partnership=partnership)
            content, _type, _ext = render(
                document, options["format"], paper=PAPERS[options["paper"]]
            )
            out.write_bytes(content)
        self.stdout.write(f"Wrote {out} ({pack.title}, {pack.period}).")
