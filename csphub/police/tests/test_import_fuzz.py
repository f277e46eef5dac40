"""Fuzzing the police import (issue 10 part 2): generated street-level CSVs (real header,
odd rows, stray bytes) and random bytes. Whatever the file, the import either lands or
raises PoliceDataError, and a refusal writes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csphub.police import services
from csphub.police.importer import PoliceDataError
from csphub.police.importer.street import HEADER

from .factories import ACTOR, snapshot

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NAME = "2023-01-city-of-london-street.csv"

VALUES = {
    "Crime ID": ["", "abc123", "abc123"],
    "Month": ["2023-01", "2023-02", "2023-13", "", "Jan 2023"],
    "Reported by": ["City of London Police", "", "Nowhere Police"],
    "Falls within": ["City of London Police", ""],
    "Longitude": ["-0.1", "", "x"],
    "Latitude": ["51.5", ""],
    "Location": ["On or near Fann Street", ""],
    "LSOA code": ["E01000001", "", "E0100000X"],
    "LSOA name": ["City of London 001A", "", "Nowhere 001A"],
    "Crime type": ["Burglary", "Other theft", "", "Teleportation", "Anti-social behaviour"],
    "Last outcome category": ["", "Under investigation"],
    "Context": [""],
}
field = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=8)
row = st.tuples(*[st.sampled_from(VALUES[c]) | field for c in HEADER]).map(
    lambda cells: ",".join(f'"{c}"' if "," in c else c for c in cells)
)


def _file(header: str, rows: list[str], noise: bytes, at: int) -> bytes:
    data = "\n".join([header, *rows]).encode()
    at = at % (len(data) + 1)
    return data[:at] + noise + data[at:]


files = st.builds(
    _file,
    st.just(",".join(HEADER)) | st.just(",".join(HEADER[:-2])) | st.just(",".join(HEADER[:3])),
    st.lists(row, max_size=5),
    st.sampled_from([b"", b"", b"\xff", b"\xe9", b'"', b",", b"\n", b"\x00"]),
    st.integers(min_value=0),
) | st.binary(max_size=300)


def _import(data: bytes) -> None:
    before = snapshot()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        path.write_bytes(data)
        refused = ""
        try:
            services.police_import(actor=ACTOR, paths=[path])
        except PoliceDataError as exc:
            refused = str(exc) or "(no message)"
    if refused:
        assert NAME in refused or folder in refused
        assert snapshot() == before


@FUZZ
@given(data=files)
def test_generated_police_files_only_ever_give_validation_errors(data):
    _import(data)
