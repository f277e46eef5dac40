"""The document model on its own: normalisation, minute layout and validation."""

import pytest

from csphub.documents.model import (
    Cell,
    Document,
    Heading,
    ListBlock,
    Minute,
    Paragraph,
    Resolution,
    Run,
    Table,
    check_paper,
    plain,
    runs,
)


def test_runs_normalise_strings_runs_and_sequences():
    assert runs("a") == (Run("a"),)
    assert runs(Run("b", strong=True)) == (Run("b", strong=True),)
    assert runs(["a", "", Run("b", strong=True), Run("c", strong=True)]) == (
        Run("a"),
        Run("bc", strong=True),
    )
    assert runs("") == ()
    assert plain(["x ", Run("y", emphasis=True)]) == "x y"


def test_single_resolution_is_one_bold_row_with_its_action():
    minute = Minute("180", "Resilience", resolutions=[Resolution("it be noted.", "LG/TG")])
    (row,) = minute.rows()
    assert row.kind == "resolution"
    assert row.action == "LG/TG"
    assert plain(row.content.text) == "RESOLVED that it be noted."
    assert all(r.strong for r in row.content.runs)


def test_several_resolutions_are_numbered_under_one_resolved_that():
    minute = Minute(
        "180",
        "Resilience",
        body=[Paragraph("Discussed.")],
        resolutions=[Resolution("one.", "LG"), Resolution("two.")],
        post_meeting_note=[Paragraph("Later.")],
        action="SW",
    )
    rows = minute.rows()
    assert [plain(r.content.text) for r in rows] == [
        "Discussed.",
        "Post-meeting note:",
        "Later.",
        "RESOLVED that:",
        "1. one.",
        "2. two.",
    ]
    assert [r.action for r in rows] == ["SW", "", "", "", "LG", ""]
    assert [r.kind for r in rows] == ["text", "note", "note"] + ["resolution"] * 3


def test_minute_action_without_body_still_gets_a_row():
    assert [r.action for r in Minute("1", "X", action="AB").rows()] == ["AB"]
    assert Minute("185", "Reports from sub-groups").rows() == []


def test_table_normalises_cells_and_counts_columns():
    table = Table("t", [[Cell("a", colspan=2), "b"]], [["1", "2", Cell("3", align="right")]])
    assert table.column_count == 3
    assert all(isinstance(c, Cell) for row in table.body_cells for c in row)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Document("t", brand_colour="red;}</style>"),
        lambda: Document("t", language="en GB"),
        lambda: Heading("x", level=4),
        lambda: ListBlock(["x"], style="roman"),  # type: ignore[arg-type]
        lambda: Table("t", [["a", "b"]], [], col_widths=[0.5]),
        lambda: Table("t", [["a", "b"]], [], col_widths=[0.8, 0.8]),
        lambda: Cell("x", colspan=0),
        lambda: check_paper("letter"),
    ],
)
def test_invalid_values_are_refused(make):
    with pytest.raises(ValueError, match=r"."):
        make()
