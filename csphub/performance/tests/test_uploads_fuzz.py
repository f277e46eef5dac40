"""Fuzzing the observation upload (issue 10 part 2): generated CSV bytes, openpyxl-made
workbooks with odd cells, and random zips named .xlsx. Whatever the file, the upload either
lands or raises UploadError, and a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory
from csphub.performance.models import Observation
from csphub.performance.services import indicator_create, observations_upload
from csphub.performance.uploads import UploadError
from csphub.police.models import Area

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

COLUMNS = ["indicator", "period", "area", "value", "comparator", "Value", "", "other"]
WORDS = ["Domestic abuse offences", "2017-07", "2017-13", "E09000002", "Barking and Dagenham"]
NUMBERS = ["1", "-0", "1e30", "9e99999999", "NaN", "Infinity", "1,234.5", "12%", "0.00001"]
text_cells = st.sampled_from(WORDS + NUMBERS) | st.text(max_size=12)
any_cells = (
    text_cells
    | st.none()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1))
)


@pytest.fixture
def setup(partnership, users):
    body = BodyFactory(partnership=partnership, slug="vawg")
    indicator_create(
        actor=users["secretariat"],
        partnership=partnership,
        name="Domestic abuse offences",
        owner=body,
        polarity="monitor",
    )
    Area.objects.get_or_create(
        level="borough", code="E09000002", defaults={"name": "Barking and Dagenham"}
    )
    return {"actor": users["secretariat"], "partnership": partnership}


def _state():
    return (
        list(Observation.objects.order_by("pk").values_list("pk", "value")),
        AuditEvent.objects.count(),
    )


def _try(setup, name: str, data: bytes) -> None:
    before = _state()
    errors: list[str] = []
    try:
        observations_upload(
            actor=setup["actor"], partnership=setup["partnership"], name=name, data=data
        )
    except UploadError as exc:
        errors = exc.errors or ["(no message)"]
    if errors:
        assert all(isinstance(e, str) and e.strip() for e in errors)
        assert _state() == before


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return "\n".join(lines).encode()


@FUZZ
@given(
    data=st.binary(max_size=400)
    | st.builds(
        _csv,
        st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6),
        st.lists(st.lists(text_cells, max_size=6), max_size=6),
    )
)
def test_generated_csv_only_ever_gives_validation_errors(setup, data):
    _try(setup, "fuzz.csv", data)


def _cell(value: object) -> object:
    """A value openpyxl will write (it refuses control characters in text)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6),
    rows=st.lists(st.lists(any_cells, max_size=6), max_size=5),
)
def test_generated_workbooks_only_ever_give_validation_errors(setup, header, rows):
    _try(setup, "fuzz.xlsx", _xlsx([header, *rows]))


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


member_names = st.sampled_from(
    ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "_rels/.rels", "x"]
)


@FUZZ
@given(
    data=st.builds(
        _zip,
        st.lists(
            st.tuples(member_names, st.binary(max_size=200)), max_size=4, unique_by=lambda m: m[0]
        ),
    )
    | st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b)
)
def test_random_zips_named_xlsx_only_ever_give_validation_errors(setup, data):
    _try(setup, "fuzz.xlsx", data)
