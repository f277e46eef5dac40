"""`csphub send-update-digest [PARTNERSHIP ...] [--base-url URL]`: e-mail each
partnership's secretariat the updates owners sent through their links since the previous
digest. Run it daily from cron; running it twice sends nothing twice."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from csphub.actions.services.digest import update_digest_send
from csphub.audit.actors import SystemActor
from csphub.partnerships.models import Partnership

from .request_updates import check_base_url


class Command(BaseCommand):
    help = "E-mail the secretariat a digest of action updates received since the last one."

    def add_arguments(self, parser):
        parser.add_argument(
            "partnership", nargs="*", help="partnerships' short names (default: every one)"
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="where the site is reached, for the e-mailed links "
            "(default: the CSPHUB_BASE_URL setting)",
        )

    def handle(self, *args, **options):
        base_url = check_base_url(options["base_url"])
        slugs = [s.strip("/") for s in options["partnership"]]
        partnerships = list(Partnership.objects.order_by("slug"))
        if slugs:
            known = {p.slug: p for p in partnerships}
            unknown = [s for s in slugs if s not in known]
            if unknown:
                raise CommandError(
                    f"No partnership {', '.join(unknown)}. Known: {', '.join(known) or 'none'}."
                )
            partnerships = [known[s] for s in slugs]
        actor = SystemActor(label="csphub send-update-digest")
        for partnership in partnerships:
            report = update_digest_send(actor=actor, partnership=partnership, base_url=base_url)
            self.stdout.write(f"{partnership.name}: {report.summary()}")
