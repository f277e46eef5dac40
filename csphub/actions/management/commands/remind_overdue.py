"""`csphub remind-overdue PARTNERSHIP [--today YYYY-MM-DD] [--base-url URL]`: e-mail every
owner of an overdue open action in the partnership, once each, with a signed link per
action. Suits a daily or weekly scheduled job."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from csphub.actions import services, update_requests
from csphub.audit.actors import SystemActor
from csphub.partnerships.models import Partnership

from .request_updates import check_base_url, progress_bar, write_report


class Command(BaseCommand):
    help = "E-mail the owners of overdue actions in a partnership, asking for their updates."

    def add_arguments(self, parser):
        parser.add_argument("partnership", help="the partnership's short name, e.g. safer-bromley")
        parser.add_argument(
            "--today", default=None, help="count as overdue what was due before this YYYY-MM-DD"
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="where the site is reached, for the e-mailed links "
            "(default: the CSPHUB_BASE_URL setting)",
        )

    def handle(self, *args, **options):
        base_url = check_base_url(options["base_url"])
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today must be a date as YYYY-MM-DD, not {options['today']!r}."
                ) from None
        slug = options["partnership"].strip("/")
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)[:10])
            raise CommandError(
                f"No partnership {slug!r}." + (f" Known partnerships: {known}." if known else "")
            )
        actor = SystemActor(label="csphub remind-overdue")
        plan = update_requests.overdue_reminders_plan(partnership=partnership, today=today)
        with progress_bar(len(plan.recipients), "Sending reminders") as progress:
            report = services.overdue_reminders_send(
                actor=actor,
                partnership=partnership,
                today=today,
                base_url=base_url,
                progress=progress,
            )
        write_report(self, f"{partnership.name}, overdue actions", report)
