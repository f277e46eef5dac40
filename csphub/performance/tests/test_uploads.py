"""Uploading observations: the whole file is checked; every row lands or none does."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance.models import Observation
from csphub.performance.services import indicator_create, observations_upload
from csphub.performance.uploads import UploadError
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
    assert caught.value.errors == ["Row 5: the same indicator, period and area as row 2."]
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


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("values.txt", GOOD.encode(), "must be a CSV or an Excel"),
        ("values.xlsx", GOOD.encode(), "not an Excel workbook"),
        ("values.csv", _xlsx([["indicator", "period", "value"]]), "not a CSV file"),
        ("values.xlsx", b"PK\x03\x04 not really a zip", "cannot be opened"),
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
