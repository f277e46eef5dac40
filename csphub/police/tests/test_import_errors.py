"""A corrupt file is reported with its name, line and field, and nothing at all is written:
every figure, area, revision and audit event is as it was before the import was tried.

Each corrupt file is a real file from ../shared with one thing broken.
"""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from csphub.police import services
from csphub.police.importer import PoliceDataError
from csphub.police.models import SourceMonth

from .factories import ACTOR, copy_to, head_of, police_file, snapshot, street_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported():
    """Some data already in place (a bad import must leave it untouched)."""
    services.police_import(actor=ACTOR, paths=[street_month("city-of-london", "2023-01")])
    return snapshot()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def bad_header(tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    lines = _lines(path)
    lines[0] = lines[0].replace("Month", "Mnth")
    path.write_text("".join(lines))
    return path, 1, "Mnth", "unexpected column 'Mnth'"


def bad_month(tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    lines = _lines(path)
    lines[9] = lines[9].replace(",2023-02,", ",2023-13,", 1)
    path.write_text("".join(lines))
    return path, 10, "Month", "'2023-13' is not a valid value"


def truncated_row(tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    text = path.read_text(encoding="utf-8")
    last = text.rstrip("\n").rfind("\n")
    path.write_text(text[: last + 80])  # the last row cut off part way
    return path, len(_lines(path)), None, "short of fields (truncated?)"


def blank_crime_type(tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    lines = _lines(path)
    lines[4] = lines[4].replace(",Other theft,", ",,", 1).replace(",Shoplifting,", ",,", 1)
    lines[4] = lines[4].replace(",Violence and sexual offences,", ",,", 1)
    assert ",," in lines[4]
    path.write_text("".join(lines))
    return path, 5, "Crime type", None


def unmapped_crime_type(tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    lines = _lines(path)
    fields = lines[6].split(",")
    fields[9] = "Teleportation"
    lines[6] = ",".join(fields)
    path.write_text("".join(lines))
    return path, 7, "Crime type", "'Teleportation' (2023-02) has no category mapping"


def non_numeric_count(tmp_path):
    source = police_file(
        "london-datastore",
        "mps-recorded-crime",
        "borough",
        "vintage-2026-07",
        "MPS Borough Level Crime (most recent 24 months).csv",
    )
    path = copy_to(tmp_path, source)
    lines = _lines(path)
    fields = lines[3].split(",")
    fields[5] = "n/a"  # the third month column, 202409
    lines[3] = ",".join(fields)
    path.write_text("".join(lines))
    return path, 4, "202409", "'n/a' is not a valid value for '202409'"


def bad_month_column(tmp_path):
    source = police_file(
        "london-datastore",
        "mps-recorded-crime",
        "borough",
        "vintage-2026-07",
        "MPS Borough Level Crime (most recent 24 months).csv",
    )
    path = head_of(source, tmp_path / "mps.csv", 30)
    lines = _lines(path)
    lines[0] = lines[0].replace("202412", "202413")
    path.write_text("".join(lines))
    return path, 1, "202413", "month columns are written YYYYMM"


def malformed_json(tmp_path):
    folder = police_file(
        "data.police.uk", "api", "crimes-street-by-ward", "barking-and-dagenham", "2017-07"
    )
    target = tmp_path / "barking-and-dagenham" / "2017-07"
    target.mkdir(parents=True)
    for file in sorted(folder.glob("*.json"))[:3]:
        copy_to(target, file)
    broken = sorted(target.glob("*.json"))[1]
    text = broken.read_text()
    broken.write_text(text[: len(text) // 2])
    return target, 1, None, "malformed JSON"


def json_without_month(tmp_path):
    folder = police_file(
        "data.police.uk", "api", "crimes-street-by-ward", "barking-and-dagenham", "2017-07"
    )
    target = tmp_path / "barking-and-dagenham" / "2017-07"
    target.mkdir(parents=True)
    file = copy_to(target, sorted(folder.glob("*.json"))[0])
    crimes = json.loads(file.read_text())
    crimes[3]["month"] = "July 2017"
    file.write_text(json.dumps(crimes, indent=1))
    return target, None, "month", "crime 4 has month 'July 2017'"


def empty_file(tmp_path):
    path = tmp_path / "2023-02-city-of-london-street.csv"
    path.write_text("")
    return path, 1, None, "the file is empty"


CORRUPTIONS = [
    bad_header,
    bad_month,
    truncated_row,
    blank_crime_type,
    unmapped_crime_type,
    non_numeric_count,
    bad_month_column,
    malformed_json,
    json_without_month,
    empty_file,
]


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda f: f.__name__)
def test_a_corrupt_file_is_named_with_line_and_field_and_nothing_is_written(
    imported, tmp_path, corrupt
):
    path, line, field, message = corrupt(tmp_path)
    good = street_month("city-of-london", "2023-03")  # a good file in the same import
    with pytest.raises(PoliceDataError) as caught:
        services.police_import(actor=ACTOR, paths=[good, path])
    error = caught.value
    assert str(path) in error.file
    if corrupt is json_without_month:
        assert error.line is not None and error.line > 1
    else:
        assert error.line == line
    if field:
        assert error.field == field
    if message:
        assert message in error.message
    assert snapshot() == imported


def test_the_command_says_nothing_was_imported_and_why(imported, tmp_path):
    path, *_ = bad_month(tmp_path)
    with pytest.raises(CommandError) as caught:
        call_command("import_police", str(path), "--no-progress")
    text = str(caught.value)
    assert text.startswith("Nothing was imported.")
    assert f"{path}, line 10, field 'Month': '2023-13' is not a valid value" in text
    assert snapshot() == imported


def test_a_failure_while_writing_rolls_everything_back(imported, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SourceMonth.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        services.police_import(
            actor=ACTOR,
            paths=[street_month("city-of-london", m) for m in ("2023-01", "2023-02")],
        )
    assert snapshot() == imported


def test_a_missing_path_is_named(imported):
    with pytest.raises(PoliceDataError, match="no-such-folder: no such file or folder"):
        services.police_import(actor=ACTOR, paths=["no-such-folder"])
    assert snapshot() == imported


def test_a_folder_with_no_data_or_a_file_of_another_kind_is_refused(imported, tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    with pytest.raises(PoliceDataError, match="no police or population data files found"):
        services.police_import(actor=ACTOR, paths=[tmp_path])
    with pytest.raises(PoliceDataError, match="expected .csv, .json or .zip"):
        services.police_import(actor=ACTOR, paths=[tmp_path / "notes.txt"])
    assert snapshot() == imported
