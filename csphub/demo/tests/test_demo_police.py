"""`csphub load_demo` imports real MPS data (../shared/data/police) before the fixtures, so
the Barking and Dagenham demo pack for July 2017 has figures; once only."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from csphub.audit.models import AuditEvent
from csphub.demo.loader import FIXTURES
from csphub.partnerships.models import Partnership
from csphub.police import selectors
from csphub.police.models import (
    Area,
    AreaPopulation,
    CrimeCount,
    ImportFile,
    ImportRun,
    LsoaCountSet,
    SourceMonth,
)
from csphub.police.tests.factories import counted, police_file

pytestmark = pytest.mark.django_db

JULY_2017 = dt.date(2017, 7, 1)
COMMAND = "csphub.demo.management.commands.load_demo"


def _load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_imports_police_data_once(settings, monkeypatch):
    settings.CSPHUB_POLICE_DATA_DIR = police_file()  # skips when ../shared is absent
    # one partnership is enough here (Bromley's fixture only adds seconds)
    barking_only = [FIXTURES / "barking-dagenham.yaml"]
    monkeypatch.setattr(f"{COMMAND}.fixture_paths", lambda: barking_only)
    text = _load_demo()
    assert "Police data: MPS borough level crime" in text and "imported 3 file(s)" in text
    assert "Police data: MPS ward level crime 2015-04..2018-03" in text
    assert "barking-dagenham.yaml: loaded" in text

    barking = Partnership.objects.get(slug="barking-dagenham")
    area = selectors.area_for_partnership(barking)
    assert (area.level, area.code) == ("borough", "E09000002")
    summary = selectors.crime_summary(area=area, to=JULY_2017, categories=["burglary"])
    burglary = summary["categories"][0]
    assert (burglary["slug"], burglary["fytd"], burglary["fytd_previous"]) == ("burglary", 518, 405)
    assert summary["months_missing"] == []
    assert summary["population"] == 212_906
    hotspots = selectors.hotspots(area=area, to=JULY_2017)
    assert (hotspots["level"], hotspots["family"]) == ("ward", "mps-ward")
    assert len(hotspots["most"]) == 10
    assert all(e["area_code"].startswith("E0501") for e in hotspots["most"])  # May-2022 wards
    assert Area.objects.get(code=hotspots["most"][0]["area_code"]).parent == area

    # the generated pack sits beside the published Performance Call Over, as a paper
    from csphub.meetings.models import Paper

    assert "attached “Crime data pack: Barking and Dagenham, April to July 2017”" in text
    pack = Paper.objects.get(
        item__meeting__body__partnership=barking,
        item__meeting__date=dt.date(2017, 9, 12),
        title="Crime data pack: Barking and Dagenham, April to July 2017",
    )
    assert pack.item.title == "Performance Report" and not pack.restricted
    assert pack.file.read().startswith(b"%PDF")
    # and the meeting's agenda pack is dispatched, the crime data pack printed in it
    from csphub.publishing.models import PackVersion

    assert "Agenda pack: barking-dagenham/board/2017-09-12" in text
    dispatched = PackVersion.objects.get(meeting=pack.item.meeting)
    assert dispatched.public_pages > 20

    before = _fingerprint()
    again = _load_demo()
    assert "Agenda pack:" not in again
    assert "already attached" in again
    assert again.count("already imported") == 2
    assert "barking-dagenham.yaml: already loaded" in again
    assert _fingerprint() == before


def _fingerprint() -> dict:
    """What an import or a fixture would change (a full snapshot of ~470,000 counts would take
    seconds): row counts, totals and the highest ids, which any re-insert would raise."""
    found = {
        model.__name__: model.objects.aggregate(n=Count("id"), top=Max("id"))
        for model in (
            AuditEvent,
            Area,
            AreaPopulation,
            CrimeCount,
            LsoaCountSet,
            ImportFile,
            ImportRun,
            SourceMonth,
        )
    }
    found["total"] = counted()
    return found


@pytest.fixture
def no_fixtures(monkeypatch):
    """The police part of the command only (the partnerships take seconds to load)."""
    monkeypatch.setattr(f"{COMMAND}.fixture_paths", lambda: [])


def test_no_police_skips_the_import(settings, no_fixtures):
    settings.CSPHUB_POLICE_DATA_DIR = police_file()
    assert "Police data: skipped (--no-police)" in _load_demo("--no-police")
    assert not ImportRun.objects.exists()


def test_an_absent_police_data_folder_imports_the_shipped_extract(settings, tmp_path, no_fixtures):
    # issue 11: a fresh clone (no ../shared) imports the extract shipped with the demo
    settings.CSPHUB_POLICE_DATA_DIR = tmp_path / "absent"
    text = _load_demo()
    assert f"Police data: no folder at {tmp_path / 'absent'}" in text
    assert "the extract shipped with the demo" in text and "CSPHUB_POLICE_DATA_DIR" in text
    assert ImportRun.objects.count() == 2


def test_a_police_data_folder_named_but_absent_is_an_error(tmp_path, no_fixtures):
    with pytest.raises(CommandError, match="--police-data: no folder at"):
        _load_demo("--police-data", str(tmp_path / "absent"))


def test_a_police_data_folder_without_the_demo_files_is_skipped(tmp_path, no_fixtures):
    text = _load_demo("--police-data", str(tmp_path))
    assert f"Police data: skipped, 4 file(s) missing from {tmp_path}" in text
    assert not ImportRun.objects.exists()
