"""An import that would quietly lose data is refused (issue 10 part 2): a file with no data
rows, a month replaced by far fewer counts than are stored (unless ``--replace-smaller``),
and a non-UTF-8 byte is reported on its real line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from csphub.police import services
from csphub.police.importer import PoliceDataError
from csphub.police.models import SourceMonth

from .factories import ACTOR, copy_to, count_rows, head_of, police_file, snapshot, street_month

pytestmark = pytest.mark.django_db

MONTH = "2023-01"


@pytest.fixture
def imported():
    services.police_import(actor=ACTOR, paths=[street_month("city-of-london", MONTH)])
    return snapshot()


def _stored_total() -> int:
    return SourceMonth.objects.filter(month="2023-01-01").order_by("-revision").first().total


def test_a_header_only_file_is_refused_and_records_no_run(imported, tmp_path):
    path = head_of(
        street_month("city-of-london", "2023-02"), tmp_path / "2023-02-city-of-london-street.csv", 1
    )
    with pytest.raises(PoliceDataError) as caught:
        services.police_import(actor=ACTOR, paths=[path])
    assert caught.value.file == str(path)
    assert "no data rows" in caught.value.message
    assert snapshot() == imported


def test_a_month_replaced_by_far_fewer_counts_is_refused(imported, tmp_path):
    """Was: one row of a month replaced its 142 counts by 3, exit 0."""
    stored = _stored_total()
    counts = len(count_rows())
    path = head_of(street_month("city-of-london", MONTH), tmp_path / "one-row.csv", 2)
    with pytest.raises(CommandError) as caught:
        call_command("import_police", str(path), "--no-progress")
    text = str(caught.value)
    assert text.startswith("Nothing was imported.")
    assert f"2023-01: {stored:,} stored, 3 in this import" in text
    assert "--replace-smaller" in text
    assert snapshot() == imported
    assert len(count_rows()) == counts


def test_replace_smaller_lets_the_smaller_month_in(imported, tmp_path):
    path = head_of(street_month("city-of-london", MONTH), tmp_path / "one-row.csv", 2)
    call_command("import_police", str(path), "--no-progress", "--replace-smaller")
    assert _stored_total() == 3


def test_a_month_that_shrinks_a_little_is_replaced(imported, tmp_path):
    source = street_month("city-of-london", MONTH)
    lines = source.read_bytes().splitlines(keepends=True)
    path = tmp_path / source.name
    path.write_bytes(b"".join(lines[: len(lines) * 3 // 4]))
    result = services.police_import(actor=ACTOR, paths=[path])
    assert result.months_replaced == 1


def test_a_bad_byte_is_reported_on_its_real_line(imported, tmp_path):
    """Was reported on line 1 whatever line it was on."""
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    lines = path.read_bytes().splitlines(keepends=True)
    lines[10] = lines[10].replace(b"On or near", b"On or n\xe9ar", 1)
    path.write_bytes(b"".join(lines))
    with pytest.raises(PoliceDataError) as caught:
        services.police_import(actor=ACTOR, paths=[path])
    assert caught.value.line == 11, str(caught.value)
    assert str(path) in caught.value.file
    assert snapshot() == imported


def test_a_bad_byte_in_the_header_is_reported_on_line_1(imported, tmp_path):
    path = copy_to(tmp_path, street_month("city-of-london", "2023-02"))
    data = path.read_bytes().replace(b"Crime ID", b"Crime \xffID", 1)
    path.write_bytes(data)
    with pytest.raises(PoliceDataError) as caught:
        services.police_import(actor=ACTOR, paths=[path])
    assert caught.value.line == 1
    assert snapshot() == imported


def test_a_bad_byte_in_the_ward_lookup_is_reported_not_garbled(imported, tmp_path):
    source = police_file("data.police.uk", "api", "crimes-street-by-ward", "Wards - wards.csv")
    path = head_of(source, tmp_path / "Wards - wards.csv", 6)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3][:-2] + b"\xe9" + lines[3][-2:]
    path.write_bytes(b"".join(lines))
    with pytest.raises(PoliceDataError) as caught:
        services.police_import(actor=ACTOR, paths=[path])
    assert caught.value.line == 4
    assert snapshot() == imported
