"""`csphub search PARTNERSHIP "QUERY" --format json|text [--as-user NAME] [--body B]
[--from YYYY-MM-DD --to YYYY-MM-DD] [--limit N]`.

Searches as the public unless `--as-user` names someone with more access, so nothing
restricted is printed by default.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from csphub.accounts.permissions import viewer_for
from csphub.partnerships.models import Partnership

from ...selectors import search


def _date(flag: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{flag} must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Search a partnership's minutes, resolutions, items, papers and actions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("partnership", help="the partnership's short name, e.g. safer-bromley")
        parser.add_argument("query", help="the words to find")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--as-user", default="", help="search as this user (default: public)")
        parser.add_argument("--body", default="", help="only this body, e.g. board")
        parser.add_argument("--from", dest="date_from", default=None, help="from YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", default=None, help="to YYYY-MM-DD")
        parser.add_argument("--limit", type=int, default=50, help="at most this many results")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["partnership"].strip("/")
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"No partnership {slug!r}.")
        user = None
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user {options['as_user']!r}.")
        if options["limit"] < 1:
            raise CommandError(f"--limit must be at least 1, not {options['limit']}.")
        found = search(
            partnership,
            viewer_for(user, partnership),
            options["query"],
            body=options["body"] or None,
            date_from=_date("--from", options["date_from"]),
            date_to=_date("--to", options["date_to"]),
            limit=options["limit"],
        )
        if options["format"] == "json":
            results = [
                {
                    "kind": r.kind,
                    "title": r.title,
                    "meeting": r.meeting,
                    "url": r.url,
                    "snippet": r.snippet_text,
                }
                for r in found.results
            ]
            self.stdout.write(json.dumps({"query": options["query"], "results": results}, indent=2))
            return
        self.stdout.write(f"{found.total} result(s) for {options['query']!r}")
        for r in found.results:
            self.stdout.write(
                f"\n[{r.kind}] {r.title}\n  {r.meeting or '-'}  {r.url}\n  {r.snippet_text}"
            )
