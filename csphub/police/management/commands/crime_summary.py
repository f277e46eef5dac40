"""`csphub crime-summary --area NAME_OR_CODE --to YYYY-MM [--format json|table]
[--categories NAME...] [--source FAMILY] [--level LEVEL]`: financial year to date against
the same months last year, the rolling 12 months and the rate per 1,000 residents, per
crime category, from the imported police data."""

from __future__ import annotations

import io
import json

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from csphub.police import calculations as calc
from csphub.police import selectors
from csphub.police.models import Area, DataSource, SourceMonth


def _number(value) -> str:
    return "" if value is None else calc.format_number(value)


def render_table(summary: dict) -> str:
    title = (
        f"{summary['area']} ({summary['area_code']}): {summary['fytd_period']} "
        f"({summary['financial_year']} to date) against {summary['previous_period']}"
    )
    table = Table(title=title, title_justify="left")
    for heading in (
        "Category",
        "FYTD",
        "Last year",
        "Change",
        "% change",
        "Rolling 12",
        "Per 1,000",
    ):
        table.add_column(heading, justify="left" if heading == "Category" else "right")
    for row in summary["categories"]:
        pct = "" if row["change_pct"] is None else f"{row['change_pct']:+.1f}%"
        if row["small"]:
            pct += " (small)"
        table.add_row(
            row["category"],
            _number(row["fytd"]),
            _number(row["fytd_previous"]),
            f"{row['change']:+,}",
            pct,
            _number(row["rolling_12"]),
            "" if row["rate_per_1000"] is None else f"{row['rate_per_1000']:.2f}",
        )
    buffer = io.StringIO()
    console = Console(file=buffer, width=110, color_system=None)
    console.print(table)
    notes = []
    if summary["source"]:
        notes.append("Source: " + "; ".join(summary["source"]["names"]) + ".")
        notes.extend(summary["source"]["licence"])
    if summary.get("duplicates_dropped") is not None:
        notes.append(
            f"Repeated rows dropped by the import: {summary['duplicates_dropped']:,} "
            f"({summary['duplicates_note']})"
        )
    if summary.get("categories_note"):
        notes.append(summary["categories_note"])
    if summary["months_missing"]:
        notes.append("Months with no data (counted as 0): " + ", ".join(summary["months_missing"]))
    if summary["population"]:
        notes.append(
            f"Rates: {selectors.RATE_BASIS}; population {summary['population']:,} "
            f"(ONS mid-{summary['population_year']})."
        )
    return buffer.getvalue() + "\n".join(notes)


DUPLICATES_NOTE = (
    "rows of the source months read here that the import dropped as repeats of a crime "
    "already counted, the same Crime ID given more than once; counted over each whole "
    "source month (a force's month), since a dropped row's place is not kept"
)
TOP_LEVEL_NOTE = (
    "Categories are the project's top-level crime categories, into which each publisher's "
    "own categories are mapped (csphub category-mappings), not the categories as published."
)
CHOSEN_NOTE = (
    "Categories are the project's crime categories asked for, into which each publisher's "
    "own categories are mapped (csphub category-mappings), not the categories as published."
)


def _provenance(area: Area, to, family: str) -> dict:
    """The repeated rows the import dropped from the source months this summary reads: the
    latest revision of each month of each source with counts for the area (two queries)."""
    months = selectors.window(calc.month_start(to))
    sources = selectors.source_ids(area, months, family)
    latest: dict[tuple[int, object], int] = {}
    revisions = SourceMonth.objects.filter(source_id__in=sources, month__in=months).order_by(
        "source_id", "month", "-revision"
    )
    for source_id, month, dropped in revisions.values_list(
        "source_id", "month", "duplicates_dropped"
    ):
        latest.setdefault((source_id, month), dropped)
    return {"duplicates_dropped": sum(latest.values()), "duplicates_note": DUPLICATES_NOTE}


def _category_basis(names: list[str] | None) -> dict:
    """Whether the categories are the top-level ones (the default) or those asked for;
    either way they are the project's, not the publisher's labels as published."""
    if names:
        return {"categories_level": "as requested", "categories_note": CHOSEN_NOTE}
    return {"categories_level": "top-level", "categories_note": TOP_LEVEL_NOTE}


class Command(BaseCommand):
    help = "Crime figures for an area: financial year to date against last year, by category."

    def add_arguments(self, parser):
        parser.add_argument("--area", required=True, help="an area's name or GSS code")
        parser.add_argument("--to", required=True, help="the last month, YYYY-MM")
        parser.add_argument("--format", choices=["json", "table"], default="table")
        parser.add_argument(
            "--categories",
            nargs="+",
            default=None,
            help="category names or slugs (default: every top-level category with data)",
        )
        parser.add_argument(
            "--source",
            choices=[f.value for f in DataSource.Family],
            default=None,
            help="read this source family (default: the first of "
            + ", ".join(selectors.FAMILY_PREFERENCE)
            + " with data for the area)",
        )
        parser.add_argument("--level", choices=[lv.value for lv in Area.Level], default=None)

    def handle(self, *args, **options):
        try:
            to = calc.parse_month(options["to"])
        except ValueError as exc:
            raise CommandError(f"--to: {exc}") from None
        try:
            area = selectors.area_find(options["area"], level=options["level"])
        except selectors.AreaNotFound as exc:
            raise CommandError(str(exc)) from None
        names = None
        if options["categories"]:
            names = [n for item in options["categories"] for n in item.split(",") if n.strip()]
        try:
            summary = selectors.crime_summary(
                area=area, to=to, categories=names, family=options["source"]
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if summary["source"] is None:
            raise CommandError(
                f"No crime counts for {area.name} ({area.code}) in the months a summary to "
                f"{summary['to']} needs; import the police data for them first."
            )
        summary.update(_provenance(area, to, summary["source"]["family"]))
        summary.update(_category_basis(names))
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, indent=2))
        else:
            self.stdout.write(render_table(summary))
