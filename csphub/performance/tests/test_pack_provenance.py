"""Issue 14: the crime pack says which data it used (source, vintage, population estimate,
ward boundaries) in every format, and Barking and Dagenham's July 2017 pack (seed 004) rates
reoffending against London and England and Wales and shows the hate crime strands."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.performance import pack as packs
from csphub.police import selectors
from csphub.police.tests.factories import police_file

pytestmark = pytest.mark.django_db

JULY_2017 = dt.date(2017, 7, 1)
SOURCE = (
    "Metropolitan Police Service, London Datastore, borough level, published January 2019; "
    "figures are revised after publication"
)
POPULATION = (
    "Population: ONS mid-2019 estimate for Barking and Dagenham, all ages, 212,906 (the "
    "nearest available to mid-2017; no mid-2017 estimate has been imported)."
)
MAY_2022 = "Ward boundaries: the May 2022 wards"


def download_url(slug: str, month: str, paper: str, fmt: str) -> str:
    kwargs = {"slug": slug, "month": month, "paper": paper, "fmt": fmt}
    return reverse("crime_pack:download", kwargs=kwargs)


@pytest.fixture
def bd(db):
    """The MPS borough file as published in January 2019, the ONS mid-2019 estimate, the
    shipped ward extract (the ward history published April 2026, on May 2022 wards), and
    Barking and Dagenham's partnership with its indicators."""
    from csphub.demo.police_extract import EXTRACT_DIR, WARD

    vintage = police_file("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
    population = police_file("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")
    call_command("import_police", str(vintage), str(population), stdout=io.StringIO())
    call_command(
        "import_police", str(EXTRACT_DIR / WARD), "--vintage", "2026-04", stdout=io.StringIO()
    )
    return load_fixture(FIXTURES / "barking-dagenham.yaml")


@pytest.fixture
def pack(bd):
    return packs.crime_pack(packs.area_for_partnership(bd), JULY_2017, partnership=bd)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pack_states_source_vintage_population_and_boundaries(pack):
    assert pack.source_text == SOURCE
    assert pack.population_text == POPULATION
    assert pack.boundaries_text.startswith(MAY_2022)
    assert "not the wards in force in April to July 2017" in pack.boundaries_text
    assert pack.about_lines[:3] == [
        f"Police figures: {SOURCE}.",
        POPULATION,
        pack.boundaries_text,
    ]
    assert "ONS mid-2019, the nearest available to mid-2017" in pack.notes


def test_2017_ward_hotspots_say_which_boundaries_they_use(pack):
    """Northbury and Beam are May 2022 wards: they did not exist in 2017. The ward file
    imported counts 2017 on them, so the pack must say so wherever it lists them."""
    every = selectors.hotspots(area=pack.area, to=JULY_2017, limit=100)
    names = {entry["area"] for entry in every["most"]}
    assert {"Northbury", "Beam"} <= names  # the ward file counts 2017 on May 2022 wards
    assert all(entry["area_code"] >= "E05014053" for entry in every["most"])
    assert every["boundaries"] == pack.boundaries_text
    assert pack.hotspots["level"] == "ward"
    assert pack.boundaries_text.startswith(MAY_2022)
    assert "some of these wards did not exist then" in pack.boundaries_text


def test_ward_boundaries_without_a_recorded_publication_are_called_unknown(db):
    from csphub.demo.police_extract import EXTRACT_DIR, WARD

    vintage = police_file("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
    call_command("import_police", str(vintage), str(EXTRACT_DIR / WARD), stdout=io.StringIO())
    area = packs.area_for_partnership(load_fixture(FIXTURES / "barking-dagenham.yaml"))
    pack = packs.crime_pack(area, JULY_2017)
    assert pack.hotspots_most
    assert "publication date was not recorded" in pack.boundaries_text
    assert "may not be those in force in April to July 2017" in pack.boundaries_text


def test_every_format_names_source_vintage_population_and_boundaries(client, bd):
    from docx import Document
    from pypdf import PdfReader

    url = reverse("crime_pack:pack", args=[bd.slug])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, {"to": "2017-07"}).content.decode()
    assert len(queries) <= 45, len(queries)
    assert "About these figures" in html
    assert SOURCE in html and POPULATION in html and MAY_2022 in html

    pdf = client.get(download_url(bd.slug, "2017-07", "a4", "pdf")).content
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert SOURCE in text and POPULATION in text and MAY_2022 in text

    docx = Document(io.BytesIO(client.get(download_url(bd.slug, "2017-07", "a4", "docx")).content))
    paragraphs = [p.text for p in docx.paragraphs]
    assert f"Police figures: {SOURCE}." in paragraphs and POPULATION in paragraphs
    assert any(p.startswith(MAY_2022) for p in paragraphs)

    body = client.get(download_url(bd.slug, "2017-07", "a4", "csv")).content.decode()
    about = {r["category"]: r for r in csv.DictReader(io.StringIO(body)) if r["section"] == "about"}
    assert about["source"]["note"] == SOURCE
    assert about["population"]["note"] == POPULATION
    assert about["population"]["population"] == "212906"
    assert about["boundaries"]["note"].startswith(MAY_2022)


def test_reoffending_is_good_performance_against_both_comparators(pack):
    reoffending = next(f for f in pack.indicators if f.indicator.number == 12)
    assert reoffending.rag == "green" and reoffending.rag_text == "Green"
    line = (
        "Proportion of adults and juveniles who reoffend is 25.3% "
        "(London 24.9%; England and Wales 24.8%)"
    )
    assert line in [r.sentence for r in pack.good_lines]
    assert line not in [r.sentence for r in pack.improve_lines]
    rows = {r["name"]: r for s in pack.indicator_sections for r in s["rows"]}
    row = rows["Proportion of adults and juveniles who reoffend"]
    assert row["comparator"] == "London: 24.9%; England and Wales: 24.8%"
    assert row["rag"] == "✓ Green"


def test_hate_crime_shows_its_strands_in_every_format(client, bd, pack):
    from docx import Document

    rows = {r["name"]: r for s in pack.indicator_sections for r in s["rows"]}
    racist = rows["Hate crime reported: racist"]
    assert racist["performance"] == "370, up 16.0% (up 51 crimes), 12 months to June 2017"
    assert racist["comparator"] == "London (MPS): Up 24.0%"
    assert racist["rag"] == "– For monitoring"
    monitored = pack.monitor_lines
    assert (
        "Hate crime reported: Islamophobic is up 40.0% (up 6 crimes), 12 months to June 2017 "
        "against the 12 months before" in monitored
    )
    assert not any("Hate crime" in line for line in [r.sentence for r in pack.good_lines])

    html = client.get(reverse("crime_pack:pack", args=[bd.slug]), {"to": "2017-07"})
    page = html.content.decode()
    for strand in ("racist", "faith", "Islamophobic", "sexual orientation (homophobic)"):
        assert f"Hate crime reported: {strand}" in page
    assert "370, up 16.0% (up 51 crimes), 12 months to June 2017" in page
    docx = Document(io.BytesIO(client.get(download_url(bd.slug, "2017-07", "a4", "docx")).content))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert "Hate crime reported: faith" in cells
    assert "23, up 27.8% (up 5 crimes), 12 months to June 2017" in cells
