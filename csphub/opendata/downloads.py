"""The datasets a partnership publishes as CSV and JSON, each built from the API's schema.

A dataset's JSON rows are exactly the API's records; the CSV flattens them (nested agenda
items are left out of the meetings CSV, lists become "; "-joined text) and neutralises cells a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from ninja import Schema

from csphub.accounts.permissions import Viewer
from csphub.partnerships.models import Partnership

from . import selectors
from .schemas import ActionOut, AttendanceOut, DecisionOut, MeetingOut

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    schema: type[Schema]
    rows: Callable[[Viewer, Partnership, selectors.Filters], QuerySet]
    api_name: str
    csv_skip: tuple[str, ...] = ()


def _meetings(viewer: Viewer, partnership: Partnership, filters: selectors.Filters) -> QuerySet:
    return selectors.with_agenda(selectors.meetings_list(viewer, partnership, filters), viewer)


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in [
        Dataset(
            "meetings",
            "Meetings",
            "Every meeting of every body: date, time, venue and status (cancelled ones "
            "included), with a link to its agenda, papers and minutes. The JSON adds the "
            "published agenda items and their papers.",
            MeetingOut,
            _meetings,
            "api:meetings",
            csv_skip=("items",),
        ),
        Dataset(
            "attendance",
            "Attendance",
            "Who was present, sent apologies or substituted at each meeting whose minutes "
            "are published.",
            AttendanceOut,
            selectors.attendance_list,
            "api:attendance",
        ),
        Dataset(
            "decisions",
            "Decisions",
            "The resolutions recorded in published minutes, with the minute and meeting "
            "they belong to.",
            DecisionOut,
            selectors.decisions_list,
            "api:decisions",
        ),
        Dataset(
            "actions",
            "Actions",
            "Actions agreed at meetings: what, who owns them, when they are due and where "
            "they stand.",
            ActionOut,
            selectors.actions_list,
            "api:actions",
        ),
    ]
}


def records(dataset: Dataset, rows: Iterable[Any], context: dict[str, Any]) -> list[dict]:
    """The rows as the API returns them (JSON-ready values)."""
    return [
        dataset.schema.model_validate(row, context=context).model_dump(mode="json") for row in rows
    ]


def csv_cell(value: Any) -> str:
    """One CSV cell: lists joined, nothing a spreadsheet would run as a formula (CSV
    injection), None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(dataset: Dataset, items: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens names like "Zoë" correctly."""
    columns = [name for name in dataset.schema.model_fields if name not in dataset.csv_skip]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for item in items:
        writer.writerow([csv_cell(item.get(name)) for name in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(
    dataset: Dataset, items: list[dict], *, partnership: str, filters: dict[str, Any]
) -> bytes:
    document = {
        "dataset": dataset.slug,
        "partnership": partnership,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "filters": filters,
        "count": len(items),
        "items": items,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def parse_filters(params: Any) -> selectors.Filters:
    """body, from and to from a query string; ValueError for a date that is not YYYY-MM-DD."""
    body = (params.get("body") or "").strip()[:50]
    dates: list[dt.date | None] = []
    for name in ("from", "to"):
        raw = (params.get(name) or "").strip()
        try:
            dates.append(dt.date.fromisoformat(raw) if raw else None)
        except ValueError:
            raise ValueError(f"'{name}' must be a date written YYYY-MM-DD.") from None
    return selectors.Filters(body=body, date_from=dates[0], date_to=dates[1])
