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
import itertools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db.models import Q
from django.db.models.functions import Lower

from csphub.police.models import Area

from .models import Indicator

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
"""Most rows a file may have (the header not counted): more is a job for several files."""
MAX_XLSX_UNPACKED = 20 * 1024 * 1024
"""Most bytes an XLSX may unpack to, checked from the zip directory before openpyxl reads
it: 50,000 rows of five columns take about 8 MB of XML, and a small file that unpacks to a
very large one (a "zip bomb") would otherwise take the server's time and memory to refuse."""
AREA_BATCH = 400
"""Area names or codes looked up per query: one query per batch, not one OR per area (which
SQLite refuses past about 500 areas as "Expression tree is too large")."""
MAX_DIGITS_BEFORE_POINT = 12
"""Observation values are stored with 16 digits, 4 after the point: below 10^12."""
PLACES = Decimal("0.0001")
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
    seen: dict[str, list[str]] = {}
    for index, column in enumerate(header):
        if column:
            seen.setdefault(column, []).append(_letter(index))
    for column, letters in seen.items():
        if len(letters) > 1:
            errors.append(
                f"Row 1, column '{column}': the column appears more than once (columns "
                f"{' and '.join(letters)}); keep one."
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


def _letter(index: int) -> str:
    """A spreadsheet's column letter for a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _capped(rows: Iterable[list[object]]) -> list[list[object]]:
    """The rows, refused as soon as there are more than :data:`MAX_ROWS` after the header
    (so a huge file is never held in memory whole)."""
    kept = list(itertools.islice(rows, MAX_ROWS + 2))
    if len(kept) > MAX_ROWS + 1:
        raise UploadError(
            [
                f"Row {MAX_ROWS + 2}: the file has more than {MAX_ROWS:,} rows, the most one "
                "upload takes. Split it into several files."
            ]
        )
    return kept


def _read_csv(data: bytes) -> list[list[object]]:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        raise UploadError(["The file is not a CSV file: its content is binary. Save it as CSV."])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        return _capped(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UploadError([f"The CSV file cannot be read: {exc}."]) from exc


def _read_xlsx(data: bytes) -> list[list[object]]:
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError(["The file is not an Excel workbook (.xlsx), whatever its name says."])
    _check_unpacked_size(data)
    from openpyxl import load_workbook

    damaged = UploadError(["The Excel workbook cannot be opened: it may be damaged."])
    # openpyxl raises whatever its XML parser, zipfile or its own readers raise on a damaged
    # file (XMLSyntaxError, KeyError, TypeError, IndexError...): for an uploaded file every
    # one of them means "damaged", so all are caught, but never our own UploadError.
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - see above
        raise damaged from exc
    try:
        sheet = book.worksheets[0]
        return _capped(list(row) for row in sheet.iter_rows(values_only=True))
    except UploadError:
        raise
    except Exception as exc:  # noqa: BLE001 - see above
        raise damaged from exc
    finally:
        book.close()


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose members add up to more than :data:`MAX_XLSX_UNPACKED`, from
    the zip directory alone: nothing is decompressed. The sizes there could lie, so openpyxl
    reads only what the directory promised (zipfile stops at a member's stated size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError(["The Excel workbook cannot be opened: it may be damaged."]) from exc
    if total > MAX_XLSX_UNPACKED:
        raise UploadError(
            [
                f"The Excel workbook unpacks to {total / 1024**2:,.1f} MB, more than the "
                f"{MAX_XLSX_UNPACKED // 1024**2} MB one upload takes. Save it as CSV or split "
                "it into several files."
            ]
        )


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
    """The cell as a number, or None when it is not one (errors say which)."""
    text = _text(value).replace(",", "")
    if text.endswith("%"):
        text = text[:-1]
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_number(number: int, column: str, raw: object) -> tuple[Decimal | None, str]:
    """(the value rounded to the 4 places stored, "") or (None, why it cannot be stored),
    so that "1e30" is refused here, naming its row and column, not by the database."""
    text = _text(raw)
    value = _number(raw)
    if value is None:
        return None, f"Row {number}, column '{column}': '{text[:40]}' is not a number."
    if value and value.adjusted() >= MAX_DIGITS_BEFORE_POINT:  # no arithmetic: 9e99999999
        return None, (
            f"Row {number}, column '{column}': '{text[:40]}' is too large; values must be "
            "between -999,999,999,999 and 999,999,999,999."
        )
    return value.quantize(PLACES, rounding=ROUND_HALF_UP), ""


def _areas(wanted: set[str]) -> dict[str, list[Area]]:
    """The areas whose code or name is one of ``wanted`` (casefolded), by that text; looked
    up :data:`AREA_BATCH` at a time so that the query stays small however many areas the
    file names."""
    areas: dict[str, list[Area]] = {}
    texts = sorted(wanted)
    found: dict[int, Area] = {}
    for start in range(0, len(texts), AREA_BATCH):
        chunk = [t.lower() for t in texts[start : start + AREA_BATCH]]
        query = Area.objects.annotate(code_lower=Lower("code"), name_lower=Lower("name"))
        for area in query.filter(Q(code_lower__in=chunk) | Q(name_lower__in=chunk)):
            found[area.pk] = area
    for area in found.values():
        for key in {area.code.casefold(), area.name.casefold()} & wanted:
            areas.setdefault(key, []).append(area)
    return areas


def parse_observations(*, partnership, name: str, data: bytes) -> list[UploadRow]:
    """Every row of the file checked; raises :class:`UploadError` naming every problem."""
    table = read_table(name, data)
    indicators = list(Indicator.objects.filter(partnership=partnership))
    by_id = {str(i.pk): i for i in indicators}
    by_name = {i.name.casefold(): i for i in indicators}
    wanted = {_text(r.get("area")).casefold() for _, r in table} - {""}
    areas = _areas(wanted)
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
        value, problem = _check_number(number, "value", cells.get("value"))
        if problem:
            problems.append(problem)
        comparator = None
        if _text(cells.get("comparator")):
            comparator, problem = _check_number(number, "comparator", cells.get("comparator"))
            if problem:
                problems.append(problem)
        if not problems:
            key = (indicator.pk, period, area.pk if area else None)
            if key in seen:
                problems.append(
                    f"Row {number}, columns 'indicator', 'period' and 'area': the same "
                    f"indicator, period and area as row {seen[key]}."
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
