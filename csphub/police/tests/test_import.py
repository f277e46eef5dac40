"""`csphub import-police` on the real files in ../shared/data/police, format by format.

Each test imports only the few files it needs, and checks the counts written against an
independent recount of the same files with Python's csv or json modules.
"""

import csv
import datetime as dt
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from csphub.police import services
from csphub.police.importer import PoliceDataError, ZipLimits
from csphub.police.models import (
    Area,
    AreaPopulation,
    CrimeCount,
    DataSource,
    ImportFile,
    LsoaCountSet,
    SourceMonth,
)

from .factories import ACTOR, counted, head_of, police_file, snapshot, street_month
from .factories import street_rows as _street_rows

pytestmark = pytest.mark.django_db

CITY_MONTHS = ["2023-03", "2023-04"]


def _read(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _total(**filters) -> int:
    return counted(**filters)


def test_street_csv_counts_every_row_once_at_force_lsoa_and_district_level():
    paths = [street_month("city-of-london", m) for m in CITY_MONTHS]
    result = services.police_import(actor=ACTOR, paths=paths)

    rows = _street_rows(paths)
    assert result.draft.rows_kept == len(rows)
    raw = sum(len(_read(p)) for p in paths)
    assert result.draft.duplicates_dropped == raw - len(rows) > 0
    # force level: everything the force recorded, "No Location" and out-of-area rows too
    assert _total(area__level="force", area__code="city-of-london") == len(rows)
    no_location = [r for r in rows if not r["LSOA code"]]
    assert no_location, "the City of London files have No Location rows"
    # LSOA level: the rows with an LSOA; district level: by the LSOA name's district
    assert _total(area__level="lsoa") == len(rows) - len(no_location)
    city = [r for r in rows if r["LSOA name"].startswith("City of London ")]
    assert _total(area__level="borough", area__code="E09000001") == len(city)
    camden = [r for r in rows if r["LSOA name"].startswith("Camden ")]
    assert camden, "some City of London Police crimes are in Camden LSOAs"
    assert _total(area__level="borough", area__name="Camden") == len(camden)
    assert Area.objects.get(level="lsoa", code="E01000001").parent.code == "E09000001"
    burglary = [r for r in rows if r["Crime type"] == "Burglary" and r["Month"] == "2023-04"]
    assert _total(
        area__code="city-of-london", category__slug="burglary", month=dt.date(2023, 4, 1)
    ) == len(burglary)

    files = list(ImportFile.objects.order_by("name"))
    assert [f.format for f in files] == ["police.uk-street"] * 2
    assert files[0].first_month == dt.date(2023, 3, 1) and files[0].rows_read > 700
    assert files[0].source.publisher == "Home Office (data.police.uk)"
    assert "Open Government Licence v3.0" in files[0].source.licence


def test_the_zip_download_is_read_like_the_folder(tmp_path):
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for month in CITY_MONTHS:
            zf.write(
                street_month("city-of-london", month), f"{month}/{month}-city-of-london-street.csv"
            )
        zf.writestr("README.txt", "not data")
    call_command("import_police", str(archive), "--no-progress", stdout=io.StringIO())
    from_zip = snapshot()["counts"]
    CrimeCount.objects.all().delete()
    LsoaCountSet.objects.all().delete()
    SourceMonth.objects.all().delete()
    services.police_import(
        actor=ACTOR, paths=[street_month("city-of-london", m) for m in CITY_MONTHS]
    )
    assert snapshot()["counts"] == from_zip
    names = set(ImportFile.objects.values_list("name", flat=True))
    assert f"{archive}!2023-03/2023-03-city-of-london-street.csv" in names


def test_zip_member_names_are_never_used_as_paths(tmp_path):
    archive = tmp_path / "inner" / "evil.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(
            street_month("city-of-london", "2023-01"), "../../2023-01-city-of-london-street.csv"
        )
    services.police_import(actor=ACTOR, paths=[archive])
    assert not (tmp_path / "2023-01-city-of-london-street.csv").exists()
    assert not (tmp_path.parent / "2023-01-city-of-london-street.csv").exists()
    assert _total(area__code="city-of-london") > 700


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ZipLimits(max_members=1), "more than the 1 an import accepts"),
        (ZipLimits(max_total_bytes=100_000), "would unpack to"),
        (ZipLimits(max_ratio=2), "compresses far more than a data file can"),
    ],
)
def test_oversized_archives_are_refused_before_extracting(tmp_path, limits, message):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for month in CITY_MONTHS:
            zf.write(street_month("city-of-london", month), f"{month}.csv")
    before = snapshot()
    with pytest.raises(PoliceDataError, match=message):
        services.police_import(actor=ACTOR, paths=[archive], limits=limits)
    assert snapshot() == before


def test_api_json_counts_a_crime_in_two_ward_polygons_once():
    folder = police_file(
        "data.police.uk", "api", "crimes-street-by-ward", "barking-and-dagenham", "2017-07"
    )
    lookup = police_file("data.police.uk", "api", "crimes-street-by-ward", "Wards - wards.csv")
    result = services.police_import(actor=ACTOR, paths=[folder, lookup])

    crimes = [c for f in sorted(folder.glob("*.json")) for c in json.loads(f.read_text())]
    unique = {c["id"]: c for c in crimes}
    assert len(unique) < len(crimes), "the ward polygons overlap"
    assert result.draft.duplicates_dropped == len(crimes) - len(unique)
    assert _total(area__code="E09000002", area__level="borough") == len(unique)
    assert _total(area__level="ward") == len(unique)  # each crime in one ward only
    by_category = Counter(c["category"] for c in unique.values())
    assert _total(area__code="E09000002", category__slug="burglary") == by_category["burglary"]
    assert any(c["location_type"] == "BTP" for c in unique.values())  # kept
    abbey = Area.objects.get(level="ward", code="E05000026")
    assert (abbey.name, abbey.parent.name) == ("Abbey", "Barking and Dagenham")
    source = DataSource.objects.get(family="police.uk-api")
    assert source.scope == "barking-and-dagenham"


MPS_FILES = [
    ("borough", "vintage-2019-01", "MPS_Borough_Level_Crime_Historic.csv"),
    ("borough", "vintage-2019-01", "MPS Borough Level Crime (most recent 24 months).csv"),
    ("borough", "vintage-2020-07", "MPS Borough Level Crime (most recent 24 months).csv"),
    ("borough", "vintage-2024-02", "MPS Borough Level Crime (Historical).csv"),
    ("borough", "vintage-2025-06", "MPS Borough Level Crime (most recent 24 months).csv"),
    ("borough", "vintage-2026-07", "MPS Borough Level Crime (most recent 24 months).csv"),
    ("ward", "vintage-2022-09", "MPS Ward Level Crime (most recent 24 months).csv"),
    ("ward", "vintage-2026-02", "MPS Ward Level Crime (most recent 24 months).csv"),
    (
        "lsoa",
        "vintage-2025-05",
        "MPS LSOA Level Crime (most recent 24 months) - first 19 lines.csv",
    ),
]


def test_every_mps_header_layout_is_read(tmp_path):
    """The first rows of a file of each layout (every category label of the files is mapped:
    the whole files are read by test_summary and the revision tests)."""
    paths = []
    for level, vintage, name in MPS_FILES:
        source = police_file("london-datastore", "mps-recorded-crime", level, vintage, name)
        paths.append(head_of(source, tmp_path / level / vintage / name, 40))
    result = services.police_import(actor=ACTOR, paths=paths)
    assert [f.format for f in result.draft.files] == ["mps"] * len(MPS_FILES)
    families = {f.name: f.source[0] for f in result.draft.files}
    assert sorted(set(families.values())) == ["mps-borough", "mps-lsoa", "mps-ward"]
    assert {f.vintage for f in result.draft.files} >= {"2019-01", "2026-07"}

    bd = Area.objects.get(level="borough", code="E09000002")
    assert bd.name == "Barking and Dagenham" and bd.parent.code == "metropolitan"
    assert Area.objects.get(level="ward", code="E05000026").parent == bd
    assert Area.objects.get(level="lsoa", code="E01000006").parent == bd
    heathrow = Area.objects.get(level="ward", code="E05013570")
    assert heathrow.parent is None  # "Aviation Security (SO18)" is not a borough
    assert not Area.objects.filter(name__icontains="aviation").exists()

    # the ward file's Heathrow rows count at force level but in no borough
    ward_2026 = paths[7]
    rows = _read(ward_2026)
    source = DataSource.objects.get(family="mps-ward")
    month = dt.date(2025, 1, 1)
    all_rows = sum(int(r["202501"]) for r in rows)
    boroughs = sum(int(r["202501"]) for r in rows if not r["LookUp_BoroughName"].startswith("Av"))
    assert all_rows > boroughs
    assert _total(source=source, month=month, area__level="force") == all_rows
    assert _total(source=source, month=month, area__level="borough") == boroughs
    assert _total(source=source, month=month, area__level="ward") == all_rows

    # the 2019 layout's "Burglary" rows, by its own Borough column
    old = _read(paths[1])
    burglary = sum(
        int(r["201707"])
        for r in old
        if r["Borough"] == "Barking and Dagenham" and r["Major Category"] == "Burglary"
    )
    assert (
        burglary
        and _total(
            source__family="mps-borough",
            area=bd,
            month=dt.date(2017, 7, 1),
            category__parent__slug="burglary",
        )
        == burglary
    )


def test_ons_population_by_lsoa_adds_up_to_boroughs():
    path = police_file("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")
    services.police_import(actor=ACTOR, paths=[path])
    bd = AreaPopulation.objects.get(area__code="E09000002", year=2019, age_band="all")
    assert bd.count == 212_906
    assert AreaPopulation.objects.get(area__code="E09000006", year=2019, age_band="all").count == (
        332_336
    )
    assert Area.objects.filter(level="lsoa").count() == 4835
    assert set(
        AreaPopulation.objects.filter(area__code="E09000002").values_list("age_band", flat=True)
    ) == {"all", "0-15", "16-29", "30-44", "45-64", "65+"}


def test_outcomes_files_in_a_folder_are_skipped_not_counted(tmp_path):
    outcomes = police_file(
        "data.police.uk",
        "outcomes",
        "metropolitan-burglary-only",
        "2017-07",
        "2017-07-metropolitan-outcomes.csv",
    )
    folder = tmp_path / "download"
    head_of(outcomes, folder / "2017-07" / outcomes.name, 20)
    head_of(street_month("city-of-london", "2023-01"), folder / "2023-01" / "x.csv", 20)
    result = services.police_import(actor=ACTOR, paths=[folder])
    formats = sorted(f.format for f in result.draft.files)
    assert formats == ["police.uk-street", "skip"]
    assert list(result.draft.skipped()) == [
        "a data.police.uk outcomes file (outcomes are not crime counts)"
    ]


def test_the_command_reports_what_it_did(tmp_path):
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        call_command(
            "import_police",
            str(street_month("city-of-london", "2023-01")),
            "--vintage",
            "2024-03",
            stdout=stdout,
        )
    text = out.read_text()
    assert "Imported 1 file(s)" in text and "1 new, 0 replaced" in text
    assert ImportFile.objects.get().vintage == "2024-03"


def test_only_an_administrator_or_a_batch_job_may_import(django_user_model):
    user = django_user_model.objects.create_user("analyst", password="x")
    with pytest.raises(services.PermissionDenied):
        services.police_import(actor=user, paths=[Path("/nonexistent")])
