"""CSV and XLSX built from action rows: Excel-friendly, and no formula ever runs."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from csphub.actions import exports
from csphub.actions.models import Action, ActionOwner, ActionUpdate
from csphub.actions.selectors import ActionRow
from csphub.partnerships.models import Body, Person


def row(**kw) -> ActionRow:
    """A row built in memory (no database): exports only read attributes."""
    body = Body(name="Safer Testshire Board", slug="board")
    action = Action(
        pk=7,
        body=body,
        description=kw.pop("description", "Circulate the briefing"),
        reference=kw.pop("reference", "A3"),
        rag=kw.pop("rag", "red"),
        status=kw.pop("status", "open"),
        others="LFB",
        start_date=dt.date(2017, 6, 12),
        due_date=dt.date(2017, 8, 29),
    )
    owner = ActionOwner(action=action, person=Person(pk=1, name="Zoë Lee", initials="ZL"))
    update = ActionUpdate(
        text="On agenda", at=dt.datetime(2017, 9, 1, 10, tzinfo=dt.UTC), kind="update"
    )
    return ActionRow(
        action=action, owners=[owner], due=dt.date(2017, 8, 29), overdue=True, latest_update=update
    )


def test_csv_has_a_bom_headers_and_iso_dates():
    content = exports.to_csv([row()], exports.LOG_COLUMNS)
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["No.", "Action", "Body"]
    data = dict(zip(rows[0], rows[1], strict=True))
    assert data["No."] == "A3"
    assert data["Owners"] == "ZL"
    assert data["Owner names"] == "Zoë Lee"
    assert data["Due"] == "2017-08-29"
    assert data["Overdue"] == "Yes"
    assert data["RAG"] == "✕ Red (off track)"
    assert data["Latest update"] == "On agenda"


@pytest.mark.parametrize("evil", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_csv_neutralises_formulas(evil):
    text = exports.to_csv([row(description=evil)], exports.LOG_COLUMNS).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][1] == "'" + evil


def test_xlsx_header_is_bold_and_frozen_with_real_dates_and_no_formulas():
    content = exports.to_xlsx([row(description="=1+1")], exports.PLAN_COLUMNS, "Action plan")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Action plan"
    assert [c.value for c in sheet[1]] == [
        "No.",
        "Action",
        "Lead",
        "Others",
        "Status",
        "Start date",
        "Target completion",
        "Update",
    ]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 60
    values = [c.value for c in sheet[2]]
    assert values[1] == "=1+1"
    assert sheet["B2"].data_type == "s"
    assert values[4] == "R ✕ Red"
    assert values[5] == dt.datetime(2017, 6, 12)  # a real date, not text
    assert sheet["F2"].is_date


def test_plan_status_letters():
    assert exports.plan_status("amber") == "A ! Amber"
    assert exports.plan_status("green") == "G ✓ Green"
    assert exports.plan_status("") == "Not rated"


def test_safe_filename_and_sheet_title():
    assert exports.safe_filename("safer-bromley", "", "actions", "2018-03-26") == (
        "safer-bromley-actions-2018-03-26"
    )
    assert exports.safe_filename('a"b/c\\d e\r\n') == "a-b-c-d-e"
    assert exports.safe_filename("") == "actions"
    assert exports.safe_sheet_title("Actions: Board [2018]?") == "Actions  Board  2018  "[:31]
