"""Reading an uploaded file of indicator observations (CSV or XLSX), checked as a whole.

The file has a header row and the columns ``indicator`` (name or id), ``period`` (YYYY-MM),
``area`` (GSS code or name; optional), ``value`` and ``comparator`` (optional). Every row is
checked before anything is written: :func:`parse_observations` returns every row or raises
:class:`UploadError` listing every problem, each naming the row (as a spreadsheet numbers
it: the header is row 1) and the column, e.g. "Row 7, column 'period': '2017-13' is not a
month (YYYY-MM)". Writing is the service's job (``indicators.observations_upload``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from csphub.police.models import Area

from .models import Indicator

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("area", "comparator")
MAX_ERRORS = 50
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class UploadError(ValueError):
    """The file cannot be used; ``errors`` says why, one message per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class UploadRow:
    row: int
    indicator: Indicator
    period: dt.date
    area: Area | None
    value: Decimal
    comparator_value: Decimal | None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(name: str, data: bytes) -> list[tuple[int, dict[str, object]]]:
    """The file's data rows as (row number, {column: cell}), after checking it is what it says."""
    lower = (name or "").lower()
    if not lower.endswith(EXTENSIONS):
        raise UploadError(["The file must be a CSV or an Excel workbook (.csv or .xlsx)."])
    if len(data) > MAX_BYTES:
        raise UploadError(["The file must be smaller than 5 MB."])
    if not data.strip():
        raise UploadError(["The file is empty."])
    cells = _read_xlsx(data) if lower.endswith(".xlsx") else _read_csv(data)
    if not cells:
        raise UploadError(["The file is empty."])
    header = [_text(c).lower() for c in cells[0]]
    errors = []
    for column in REQUIRED:
        if column not in header:
            errors.append(f"Row 1: the column '{column}' is missing.")
    for column in header:
        if column and column not in REQUIRED + OPTIONAL:
            errors.append(
                f"Row 1, column '{column}': not a column this upload takes "
                f"(use {', '.join(REQUIRED + OPTIONAL)})."
            )
    if errors:
        raise UploadError(errors)
    rows = []
    for number, values in enumerate(cells[1:], start=2):
        if all(_text(v) == "" for v in values):
            continue
        rows.append(
            (
                number,
                {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h},
            )
        )
    if not rows:
        raise UploadError(["The file has a header row but no data rows."])
    return rows


def _read_csv(data: bytes) -> list[list[object]]:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise UploadError(["The file is not a CSV file: its content is binary. Save it as CSV."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UploadError([f"The CSV file cannot be read: {exc}."]) from exc


def _read_xlsx(data: bytes) -> list[list[object]]:
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError(["The file is not an Excel workbook (.xlsx), whatever its name says."])
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UploadError(["The Excel workbook cannot be opened: it may be damaged."]) from exc
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _month(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    match = MONTH.match(_text(value))
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return dt.date(year, month, 1)


def _number(value: object) -> Decimal | None:
    text = _text(value).replace(",", "")
    if text.endswith("%"):
        text = text[:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_observations(*, partnership, name: str, data: bytes) -> list[UploadRow]:
    """Every row of the file checked; raises :class:`UploadError` naming every problem."""
    table = read_table(name, data)
    indicators = list(Indicator.objects.filter(partnership=partnership))
    by_id = {str(i.pk): i for i in indicators}
    by_name = {i.name.casefold(): i for i in indicators}
    wanted = {_text(r.get("area")).casefold() for _, r in table} - {""}
    areas: dict[str, list[Area]] = {}
    if wanted:
        query = Q()
        for text in wanted:
            query |= Q(code__iexact=text) | Q(name__iexact=text)
        for area in Area.objects.filter(query):
            for key in {area.code.casefold(), area.name.casefold()} & wanted:
                areas.setdefault(key, []).append(area)
    errors: list[str] = []
    rows: list[UploadRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in table:
        problems = []
        raw = _text(cells.get("indicator"))
        indicator = by_id.get(raw) or by_name.get(raw.casefold())
        if not raw:
            problems.append(f"Row {number}, column 'indicator': enter an indicator's name or id.")
        elif indicator is None:
            problems.append(
                f"Row {number}, column 'indicator': '{raw}' is not an indicator of this "
                "partnership."
            )
        period = _month(cells.get("period"))
        if period is None:
            problems.append(
                f"Row {number}, column 'period': '{_text(cells.get('period'))}' is not a month "
                "(YYYY-MM)."
            )
        area = None
        raw_area = _text(cells.get("area"))
        if raw_area:
            found = areas.get(raw_area.casefold(), [])
            if not found:
                problems.append(f"Row {number}, column 'area': '{raw_area}' is not a known area.")
            elif len(found) > 1:
                codes = sorted({a.code for a in found})
                if len(codes) == 1:
                    area = sorted(found, key=lambda a: a.level)[0]
                else:
                    problems.append(
                        f"Row {number}, column 'area': '{raw_area}' names more than one area; "
                        f"use its code ({', '.join(codes)})."
                    )
            else:
                area = found[0]
        value = _number(cells.get("value"))
        if value is None:
            problems.append(
                f"Row {number}, column 'value': '{_text(cells.get('value'))}' is not a number."
            )
        comparator = None
        raw_comparator = _text(cells.get("comparator"))
        if raw_comparator:
            comparator = _number(raw_comparator)
            if comparator is None:
                problems.append(
                    f"Row {number}, column 'comparator': '{raw_comparator}' is not a number."
                )
        if not problems:
            key = (indicator.pk, period, area.pk if area else None)
            if key in seen:
                problems.append(
                    f"Row {number}: the same indicator, period and area as row {seen[key]}."
                )
            else:
                seen[key] = number
                rows.append(UploadRow(number, indicator, period, area, value, comparator))
        errors += problems
        if len(errors) >= MAX_ERRORS:
            errors.append("There are more problems; correct these and upload the file again.")
            break
    if errors:
        raise UploadError(errors)
    return rows
