"""The action log as CSV and XLSX, built from the same rows the page shows.

Callers pass rows from `selectors.action_log`, so an export holds exactly what the viewer
may see. Cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import rules
from .selectors import ActionRow


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[ActionRow], Any]
    width: int = 15  # characters, for the XLSX


LOG_COLUMNS = [
    Column("No.", lambda r: r.number, 8),
    Column("Action", lambda r: r.action.description, 60),
    Column("Body", lambda r: r.action.body.name, 25),
    Column("Minute", lambda r: r.action.minute.label if r.action.minute else "", 9),
    Column("Meeting date", lambda r: r.action.meeting.date if r.action.meeting else None, 14),
    Column("Source", lambda r: r.action.get_source_display(), 14),
    Column("Owners", lambda r: r.initials, 12),
    Column("Owner names", lambda r: r.owner_names, 30),
    Column("Due", lambda r: r.due, 14),
    Column("Due by next meeting", lambda r: "Yes" if r.due_next_meeting else "No", 12),
    Column("Overdue", lambda r: "Yes" if r.overdue else "No", 10),
    Column("Status", lambda r: r.status_text, 16),
    Column("RAG", lambda r: rules.rag_label(r.action.rag), 20),
    Column("Latest update date", lambda r: r.update_date, 14),
    Column("Latest update", lambda r: r.update_text, 60),
]


def plan_status(rag: str) -> str:
    """The action plan's Status column: letter, symbol and word, e.g. "R ✕ Red"."""
    symbol, word, _ = rules.RAG_LABELS.get(rag, rules.RAG_LABELS[""])
    return f"{word[0]} {symbol} {word}" if rag in {"red", "amber", "green"} else word


# The Barking and Dagenham "CSP Board Action Plan" layout.
PLAN_COLUMNS = [
    Column("No.", lambda r: r.number, 8),
    Column("Action", lambda r: r.action.description, 60),
    Column("Lead", lambda r: r.owner_names, 30),
    Column("Others", lambda r: r.action.others, 25),
    Column("Status", lambda r: plan_status(r.action.rag), 12),
    Column("Start date", lambda r: r.action.start_date, 14),
    Column("Target completion", lambda r: r.due, 14),
    Column("Update", lambda r: r.update_text, 60),
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A cell starting like a formula would run in Excel (CSV injection): make it text.
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[ActionRow], columns: list[Column]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens names like “Zoë” correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(c.value(row)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterable[ActionRow], columns: list[Column], title: str = "Actions") -> bytes:
    """One sheet: bold, frozen header row; set column widths; dates as real dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = safe_sheet_title(title)
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = column.value(row)
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, dt.date):
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif value is None:
                continue
            else:
                cell.value = str(value)
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if column.width >= 30:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def safe_sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Actions"


def safe_filename(*parts: str) -> str:
    """A download name of letters, digits and hyphens only: no quotes, slashes or spaces
    can break out of the Content-Disposition header."""
    joined = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", joined).strip("-.") or "actions"
