"""Uploading observations: the whole file is checked; every row lands or none does."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance.models import Observation
from csphub.performance.services import indicator_create, observations_upload
from csphub.performance.uploads import (
    MAX_ROWS,
    MAX_XLSX_UNPACKED,
    UploadError,
    parse_observations,
)
from csphub.police.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(partnership, users):
    body = BodyFactory(partnership=partnership, slug="vawg")
    marac = indicator_create(
        actor=users["secretariat"],
        partnership=partnership,
        name="MARAC repeat referrals",
        owner=body,
        unit="%",
        accumulates=False,
        polarity="higher_is_better",
    )
    da = indicator_create(
        actor=users["secretariat"],
        partnership=partnership,
        name="Domestic abuse offences",
        owner=body,
        polarity="monitor",
    )
    Area.objects.create(level="borough", code="E09000002", name="Barking and Dagenham")
    return {"marac": marac, "da": da, "actor": users["secretariat"], "partnership": partnership}


def upload(setup, name, data):
    return observations_upload(
        actor=setup["actor"], partnership=setup["partnership"], name=name, data=data
    )


GOOD = (
    "indicator,period,area,value,comparator\n"
    "MARAC repeat referrals,2017-07,,17.1,\n"
    "Domestic abuse offences,2017-07,E09000002,230,\n"
    "Domestic abuse offences,2017-06,Barking and Dagenham,210,5000\n"
)


def test_csv_lands_and_is_audited_once(setup):
    result = upload(setup, "values.csv", GOOD.encode())
    assert (result.rows, result.created, result.replaced) == (3, 3, 0)
    assert Observation.objects.count() == 3
    obs = Observation.objects.get(indicator=setup["marac"])
    assert obs.period == dt.date(2017, 7, 1) and obs.area is None and float(obs.value) == 17.1
    events = AuditEvent.objects.filter(verb="observation.upload")
    assert events.count() == 1
    assert events.get().after["rows"] == 3
    # Uploading again replaces rather than adds
    result = upload(setup, "values.csv", GOOD.encode())
    assert (result.created, result.replaced) == (0, 3)
    assert Observation.objects.count() == 3


def test_bom_and_id_column_tolerated(setup):
    data = f"\ufeffIndicator,Period,Value\n{setup['marac'].pk},2017-05,20\n".encode()
    assert upload(setup, "v.CSV", data).rows == 1


def test_one_bad_row_changes_nothing_and_names_row_and_column(setup):
    upload(setup, "first.csv", GOOD.encode())
    before = list(Observation.objects.values_list("pk", "value"))
    bad = GOOD.replace(
        "MARAC repeat referrals,2017-07,,17.1", "MARAC repeat referrals,2017-07,,18"
    ) + (
        "Domestic abuse offences,2017-13,,5,\n"
        "Nonsense,2017-01,,x,\n"
        "Domestic abuse offences,2017-01,Atlantis,1,\n"
    )
    with pytest.raises(UploadError) as caught:
        upload(setup, "bad.csv", bad.encode())
    errors = caught.value.errors
    assert "Row 5, column 'period': '2017-13' is not a month (YYYY-MM)." in errors
    assert any(e.startswith("Row 6, column 'indicator'") for e in errors)
    assert any(e.startswith("Row 6, column 'value'") for e in errors)
    assert any(e.startswith("Row 7, column 'area'") for e in errors)
    assert list(Observation.objects.values_list("pk", "value")) == before
    assert AuditEvent.objects.filter(verb="observation.upload").count() == 1


def test_duplicate_rows_rejected(setup):
    data = GOOD + "MARAC repeat referrals,2017-07,,18,\n"
    with pytest.raises(UploadError) as caught:
        upload(setup, "dup.csv", data.encode())
    assert caught.value.errors == [
        "Row 5, columns 'indicator', 'period' and 'area': the same indicator, period and area "
        "as row 2."
    ]
    assert not Observation.objects.exists()


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_lands_with_dates_or_text_months(setup):
    data = _xlsx(
        [
            ["indicator", "period", "value"],
            ["MARAC repeat referrals", "2017-07", 17.1],
            ["Domestic abuse offences", dt.datetime(2017, 6, 1), 210],
        ]
    )
    assert upload(setup, "v.xlsx", data).rows == 2
    assert Observation.objects.get(indicator=setup["da"]).period == dt.date(2017, 6, 1)


def test_xlsx_bad_row_changes_nothing(setup):
    data = _xlsx(
        [
            ["indicator", "period", "value"],
            ["MARAC repeat referrals", "2017-07", 17.1],
            ["Domestic abuse offences", "July 2017", 210],
        ]
    )
    with pytest.raises(UploadError) as caught:
        upload(setup, "v.xlsx", data)
    assert caught.value.errors == ["Row 3, column 'period': 'July 2017' is not a month (YYYY-MM)."]
    assert not Observation.objects.exists()


def _empty_workbook_xml() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"")
        archive.writestr("xl/workbook.xml", b"")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("values.txt", GOOD.encode(), "must be a CSV or an Excel"),
        ("values.xlsx", GOOD.encode(), "not an Excel workbook"),
        ("values.csv", _xlsx([["indicator", "period", "value"]]), "not a CSV file"),
        ("values.xlsx", b"PK\x03\x04 not really a zip", "cannot be opened"),
        ("values.xlsx", _empty_workbook_xml(), "cannot be opened"),  # was lxml's error, a 500
        ("values.csv", b"indicator,value\nx,1\n", "the column 'period' is missing"),
        ("values.csv", b"", "empty"),
    ],
)
def test_wrong_extension_or_content_rejected(setup, name, data, message):
    with pytest.raises(UploadError) as caught:
        upload(setup, name, data)
    assert message in " ".join(caught.value.errors)
    assert not Observation.objects.exists()


def test_too_large_rejected(setup):
    data = GOOD.encode() + b"#" * (5 * 1024 * 1024)
    with pytest.raises(UploadError, match="smaller than 5 MB"):
        upload(setup, "big.csv", data)


# --- Inputs that cannot hurt the server (issue 10 part 2) ---


def test_six_hundred_distinct_areas_are_looked_up_in_batches(setup, django_assert_max_num_queries):
    """Was HTTP 500 "Expression tree is too large" (one OR per area) on SQLite."""
    Area.objects.bulk_create(
        Area(level="lsoa", code=f"E01{n:06d}", name=f"Somewhere {n:03d}") for n in range(600)
    )
    lines = (
        ["indicator,period,area,value"]
        + [
            f"Domestic abuse offences,2017-07,{'e01' if n % 2 else 'E01'}{n:06d},{n}"
            for n in range(300)
        ]
        + [f"Domestic abuse offences,2017-07,SOMEWHERE {n:03d},{n}" for n in range(300, 600)]
    )
    with django_assert_max_num_queries(8):
        rows = parse_observations(
            partnership=setup["partnership"], name="v.csv", data="\n".join(lines).encode()
        )
    assert len(rows) == 600 and len({r.area.pk for r in rows}) == 600
    assert upload(setup, "v.csv", "\n".join(lines).encode()).rows == 600


def test_too_many_rows_refused_with_the_limit(setup):
    data = "indicator,period,value\n" + "Domestic abuse offences,2017-07,1\n" * (MAX_ROWS + 1)
    with pytest.raises(UploadError) as caught:
        upload(setup, "many.csv", data.encode())
    assert f"more than {MAX_ROWS:,} rows" in caught.value.errors[0]
    assert not Observation.objects.exists()


def _bomb(unpacked: int) -> bytes:
    """A valid-looking workbook whose sheet XML unpacks to ``unpacked`` bytes of blanks."""
    data = io.BytesIO(_xlsx([["indicator", "period", "value"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info.filename))
        z.writestr("xl/padding.xml", b" " * unpacked)
    return out.getvalue()


def test_xlsx_that_unpacks_too_large_refused_before_parsing(setup):
    """Was 17.7 s and 170 MB for a 131 KB file of 38 MB of XML: the limit was compressed."""
    data = _bomb(38 * 1024 * 1024)
    assert len(data) < 200 * 1024
    with pytest.raises(UploadError) as caught:
        upload(setup, "bomb.xlsx", data)
    message = caught.value.errors[0]
    assert "unpacks to 38.0 MB" in message and f"{MAX_XLSX_UNPACKED // 1024**2} MB" in message
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("1e30", "value", "Row 3, column 'value': '1e30' is too large"),
        ("-1000000000000", "value", "Row 3, column 'value': '-1000000000000' is too large"),
        ("abc", "value", "Row 3, column 'value': 'abc' is not a number."),
        ("9e99999999", "comparator", "Row 3, column 'comparator': '9e99999999' is too large"),
    ],
)
def test_numbers_the_database_cannot_hold_name_row_and_column(setup, cell, column, message):
    value, comparator = (cell, "") if column == "value" else ("5", cell)
    data = (
        "indicator,period,value,comparator\n"
        "Domestic abuse offences,2017-06,1,\n"
        f"Domestic abuse offences,2017-07,{value},{comparator}\n"
    )
    with pytest.raises(UploadError) as caught:
        upload(setup, "v.csv", data.encode())
    assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors
    assert not Observation.objects.exists()


def test_many_decimal_places_are_rounded_to_what_is_stored(setup):
    data = "indicator,period,value\nMARAC repeat referrals,2017-07,33.333333333333336\n"
    upload(setup, "v.csv", data.encode())
    assert Observation.objects.get().value == Decimal("33.3333")


def test_duplicate_header_columns_refused_naming_them(setup):
    data = "indicator,period,value,area,Value\nDomestic abuse offences,2017-07,1,,2\n"
    with pytest.raises(UploadError) as caught:
        upload(setup, "v.csv", data.encode())
    assert caught.value.errors == [
        "Row 1, column 'value': the column appears more than once (columns C and E); keep one."
    ]
    assert not Observation.objects.exists()
