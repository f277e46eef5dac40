"""`csphub forward-plan PARTNERSHIP/BODY [--year 2021] [--strategy PERIOD] [--sync]
[--format json|text]`: a body's forward plan for each year of a strategy (the current one
unless --strategy names a period): each item with its source, priority, financial year,
quarter, meeting date (or null), status (planned, on_agenda, done, slipped, unscheduled,
dropped) and note. --sync first plans the strategy's discussion schedule onto the body's
meetings (as the secretariat's "Plan from the strategy" button does).
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from csphub.audit.actors import SystemActor
from csphub.partnerships.models import Body, Partnership
from csphub.strategy import forward_selectors, quarters
from csphub.strategy.models import Strategy
from csphub.strategy.services.forward_plan import forward_plan_sync


def find_strategy(partnership: Partnership, period: str | None) -> Strategy:
    strategies = Strategy.objects.filter(partnership=partnership)
    if period is None:
        found = strategies.filter(status=Strategy.Status.CURRENT).first()
        if found is None:
            raise CommandError(
                f"{partnership.name} has no current strategy: name one with --strategy."
            )
        return found
    found = (
        strategies.filter(period=period)
        .exclude(status=Strategy.Status.SUPERSEDED)
        .order_by("-version")
        .first()
    ) or strategies.filter(period=period).order_by("-version").first()
    if found is None:
        known = ", ".join(sorted(set(strategies.values_list("period", flat=True)))) or "none"
        raise CommandError(
            f"{partnership.name} has no strategy for {period!r} (its strategies: {known})."
        )
    return found


def find_body(address: str) -> Body:
    slug, _, body_slug = address.strip("/").partition("/")
    if not slug or not body_slug:
        raise CommandError(
            f"Name the body as PARTNERSHIP/BODY (e.g. safer-bromley/board), not {address!r}."
        )
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise CommandError(f"There is no partnership {slug!r}.")
    body = Body.objects.filter(partnership=partnership, slug=body_slug).first()
    if body is None:
        known = ", ".join(
            Body.objects.filter(partnership=partnership).values_list("slug", flat=True)
        )
        raise CommandError(f"{partnership.name} has no body {body_slug!r} (its bodies: {known}).")
    return body


class Command(BaseCommand):
    help = "A body's forward plan for each year of a strategy, as JSON or text."

    def add_arguments(self, parser):
        parser.add_argument("body", help="PARTNERSHIP/BODY, e.g. safer-bromley/board")
        parser.add_argument("--year", type=int, help="one financial year (2021 is 2021/22)")
        parser.add_argument("--strategy", help="the strategy's period, e.g. 2020-2023")
        parser.add_argument(
            "--sync", action="store_true", help="plan the strategy's schedule first"
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        body = find_body(options["body"])
        strategy = find_strategy(body.partnership, options["strategy"])
        years = quarters.period_years(strategy.starts_on, strategy.ends_on)
        if options["year"] is not None:
            if options["year"] not in years:
                labels = ", ".join(quarters.year_label(y) for y in years)
                raise CommandError(
                    f"--year {options['year']} is outside the strategy {strategy.period} "
                    f"(its years: {labels})."
                )
            years = [options["year"]]
        if options["sync"]:
            try:
                forward_plan_sync(
                    actor=SystemActor("csphub forward-plan"),
                    body=body,
                    strategy=strategy,
                    years=years,
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
        found = forward_selectors.rows(body, years)
        result = {
            "partnership": body.partnership.slug,
            "body": body.slug,
            "body_name": body.name,
            "strategy": strategy.period,
            "years": [
                {
                    "year": year,
                    "financial_year": quarters.year_label(year),
                    "items": [r.as_json() for r in found if r.item.year == year],
                }
                for year in years
            ],
        }
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2))
            return
        lines = [
            f"Forward plan of {body.name} ({body.partnership.name}), strategy {strategy.period}"
        ]
        for year in result["years"]:
            lines.append("")
            lines.append(year["financial_year"])
            for item in year["items"]:
                when = item["meeting"] or "not yet scheduled"
                lines.append(
                    f"  Q{item['quarter']}  {when:<17}  {item['status']:<11}  {item['title']}"
                )
                if item["note"]:
                    lines.append(f"      {item['note']}")
        self.stdout.write("\n".join(lines))
