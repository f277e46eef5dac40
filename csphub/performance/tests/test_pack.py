"""The crime data pack on the real MPS borough file: Barking and Dagenham to July 2017, the
month of the published Performance Call Over (seed 004), in every output format."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csphub.partnerships.tests.factories import PartnershipFactory
from csphub.performance import calculations as calc
from csphub.performance import pack as packs
from csphub.performance import pack_text
from csphub.police.models import Area
from csphub.police.tests.factories import police_file

pytestmark = pytest.mark.django_db

SENTENCE = "Burglary is up 27.9% (up 113 offences)"


def download_url(slug: str, month: str, paper: str, fmt: str) -> str:
    kwargs = {"slug": slug, "month": month, "paper": paper, "fmt": fmt}
    return reverse("crime_pack:download", kwargs=kwargs)


@pytest.fixture
def bd(db):
    vintage = police_file("london-datastore", "mps-recorded-crime", "borough", "vintage-2019-01")
    population = police_file("population", "ons-sape-london-lsoa", "london-mid2019-pop.csv")
    call_command("import_police", str(vintage), str(population), stdout=io.StringIO())
    return PartnershipFactory(
        slug="barking-dagenham",
        name="Barking and Dagenham Community Safety Partnership",
        council="London Borough of Barking and Dagenham",
    )


@pytest.fixture
def pack(bd):
    area = packs.area_for_partnership(bd)
    return packs.crime_pack(area, calc.parse_month("2017-07"))


def rows_of(pack):
    return {r.category: r for r in pack.rows}


def test_the_july_2017_pack_has_the_published_figures(pack):
    assert pack.area.code == "E09000002"
    burglary = rows_of(pack)["Burglary"]
    assert (burglary.comparison.current, burglary.comparison.change) == (518, 113)
    assert burglary.rag == calc.RED and burglary.rag_text == "✕ Red"
    assert burglary in pack.improve
    assert any(s.startswith(SENTENCE) for s in pack.executive_summary)
    damage = rows_of(pack)["Criminal damage and arson"]
    assert damage.rag == calc.GREEN and damage in pack.good
    # monitored categories are never rated, and sit apart
    for row in pack.monitor:
        assert row.rag == calc.NO_RATING and row not in pack.good + pack.improve
    assert {r.slug for r in pack.monitor} <= set(packs.DEFAULT_MONITOR)
    # London comparison: the borough's share of London's crime
    assert pack.comparator is not None and pack.comparator.level == Area.Level.FORCE
    assert 0 < burglary.share_pct < 10
    assert burglary.share_pct == calc.share_pct(518, burglary.comparator_fytd)
    assert burglary.rate_per_1000 == calc.rate_per(burglary.rolling_12, 212_906)
    assert len(pack.charts) == packs.CHARTED and pack.charts[0].slug == "all-crime"


def test_the_monitor_list_and_polarities_are_parameters(bd, pack):
    area = pack.area
    to = pack.to
    rated = packs.crime_pack(area, to, monitor=())
    assert not rated.monitor
    burglary_watched = packs.crime_pack(area, to, polarity_map={"burglary": calc.MONITOR})
    assert "Burglary" in [r.category for r in burglary_watched.monitor]


def test_the_page_shows_the_pack_and_its_numbers_equal_the_csv(client, bd, pack):
    url = reverse("crime_pack:pack", args=[bd.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"to": "2017-07"})
    assert response.status_code == 200
    # bounded however many categories there are: summary, comparator, one chart query ...
    assert len(queries) <= 40, len(queries)
    html = response.content.decode()
    assert SENTENCE in html
    assert "Good performance" in html and "Areas for improvement" in html
    assert "For monitoring" in html and "<svg" in html
    assert "csp-rag--red" in html and "Red" in html

    download = client.get(download_url(bd.slug, "2017-07", "a4", "csv"))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(download.content.decode())))
    categories = {r["category"]: r for r in table if r["section"] == "category"}
    assert categories["Burglary"]["fytd"] == "518" and categories["Burglary"]["change"] == "113"
    for row in pack.rows:
        shown = pack_text.row_numbers(pack, row)
        assert shown[0] == calc.format_number(int(categories[row.category]["fytd"]))
        for number in shown:
            if number:
                assert f">{number}<" in html, (row.category, number)
    trend = [r for r in table if r["section"] == "trend" and r["category"] == "Burglary"]
    assert len(trend) == 12


def test_default_month_is_the_latest_with_data(client, bd):
    response = client.get(reverse("crime_pack:pack", args=[bd.slug]))
    assert response.status_code == 200
    assert "December 2018" in response.content.decode()


def test_bad_month_and_format(client, bd):
    url = reverse("crime_pack:pack", args=[bd.slug])
    # issue 11: the month is chosen from a list; a value that is not a month says so
    html = client.get(url, {"to": "July"}).content.decode()
    assert "Choose a month from the list" in html and "govuk-error-summary" in html
    assert client.get(url, {"to": "2017-07", "format": "xls"}).status_code == 404


def test_pdf_a4_and_a3_landscape_with_figures(client, bd):
    from pypdf import PdfReader

    for paper, wide in (("a4", False), ("a3", True)):
        response = client.get(download_url(bd.slug, "2017-07", paper, "pdf"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/pdf")
        reader = PdfReader(io.BytesIO(response.content))
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (width > height) is wide
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert "Burglary" in text and "518" in text
        images = sum(len(p.images) for p in reader.pages)
        drawn = b"/XObject" in response.content or images
        assert drawn, "the trend charts are in the PDF"
    a3 = PdfReader(io.BytesIO(response.content)).pages[0]
    assert round(float(a3.mediabox.width)) in range(1185, 1195)  # A3: 420 mm


def test_docx_has_the_tables_and_pictures(client, bd):
    from docx import Document

    response = client.get(download_url(bd.slug, "2017-07", "a4", "docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Burglary" in cells and "518" in cells and "✕ Red" in cells
    assert len(document.inline_shapes) == packs.CHARTED
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        assert sum(n.startswith("word/media/") for n in z.namelist()) == packs.CHARTED


def test_command_writes_a3_pdf_and_csv(bd, tmp_path):
    out = tmp_path / "pack.pdf"
    call_command(
        "crime_pack", "barking-dagenham", "--to", "2017-07", "--format", "pdf",
        "--paper", "a3", "--out", str(out), stdout=io.StringIO(),
    )  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")
    out_csv = tmp_path / "pack.csv"
    call_command(
        "crime_pack", "barking-dagenham", "--to", "2017-07", "--format", "csv",
        "--out", str(out_csv), "--area", "E09000002", stdout=io.StringIO(),
    )  # fmt: skip
    assert "Burglary,518,405,113" in out_csv.read_text()
    with pytest.raises(CommandError, match="No partnership"):
        call_command("crime_pack", "nowhere", "--out", str(out), stdout=io.StringIO())


def test_a_partnership_without_data_gets_a_page_not_an_error(client, db):
    partnership = PartnershipFactory(slug="nowhere-csp")
    response = client.get(reverse("crime_pack:pack", args=[partnership.slug]))
    assert response.status_code == 200
    assert "No police crime data" in response.content.decode()
    assert client.get(download_url(partnership.slug, "latest", "a4", "pdf")).status_code == 404


def test_old_format_links_move_permanently_to_the_download(client, bd):
    """``?to=2017-07&format=pdf&paper=a3`` links published before keep working."""
    url = reverse("crime_pack:pack", args=[bd.slug])
    for query, target in [
        ({"to": "2017-07", "format": "pdf", "paper": "a3"}, "2017-07-a3.pdf"),
        ({"to": "2017-07", "format": "csv"}, "2017-07.csv"),
        ({"format": "docx"}, "latest.docx"),
    ]:
        response = client.get(url, query)
        assert response.status_code == 301
        assert response["Location"] == f"{url}{target}"
    assert client.get(url, {"to": "July", "format": "pdf"}).status_code == 404
    assert client.get(url, {"to": "2017-07", "format": "pdf", "paper": "b5"}).status_code == 404
    response = client.get(f"{url}latest.csv")
    assert response.status_code == 200
    assert 'filename="barking-dagenham-crime-pack-2018-12.csv"' in response["Content-Disposition"]


# --- issue 11: the period chooser, its default, no zeros for a month without data -----------


@pytest.fixture
def bd_wards(bd):
    """The borough files (to December 2018) and the shipped ward extract (to March 2018)."""
    from csphub.demo.police_extract import EXTRACT_DIR, WARD

    call_command("import_police", str(EXTRACT_DIR / WARD), stdout=io.StringIO())
    return bd


def test_the_pack_opens_on_the_latest_month_every_source_has(client, bd_wards):
    response = client.get(reverse("crime_pack:pack", args=[bd_wards.slug]))
    period = response.context["period"]
    assert period.to == period.default == calc.parse_month("2018-03")
    assert response.context["pack"].to == calc.parse_month("2018-03")
    html = response.content.decode()
    assert '<select class="govuk-select" id="id_to" name="to"' in html
    assert '<option value="2018-03" selected>March 2018</option>' in html
    assert "December 2018 (not every source has data)" in html
    assert "March 2018 is the latest month for which every source has data" in html
    assert ">Show<" in html.replace("\n", "").replace("  ", "")


def test_hotspots_are_wards_ranked_by_count(bd_wards):
    area = packs.area_for_partnership(bd_wards)
    pack = packs.crime_pack(area, calc.parse_month("2017-07"))
    counts = [row["entry"]["fytd"] for row in pack.hotspots_most]
    assert len(counts) == 10 and counts == sorted(counts, reverse=True) and counts[-1] > 0


def test_a_month_beyond_the_ward_data_has_no_hotspots_rather_than_zeros(bd_wards):
    area = packs.area_for_partnership(bd_wards)
    pack = packs.crime_pack(area, calc.parse_month("2018-12"))
    assert pack.has_data and pack.hotspots_most == []


def test_a_month_without_police_data_says_so_instead_of_zeros(client, bd):
    url = reverse("crime_pack:pack", args=[bd.slug])
    response = client.get(url, {"to": "2019-06"})
    html = response.content.decode()
    assert "No police data has been loaded for Barking and Dagenham for June 2019" in html
    assert "Every category" not in html and "Executive summary" not in html
    assert '<option value="2019-06" selected>June 2019' in html


def test_small_numbers_are_not_rated_in_the_pack(pack):
    small = [r for r in pack.rows if r.comparison.small]
    assert small, "the July 2017 pack has small-number categories"
    assert all(r.rag == calc.NO_RATING for r in small)
    assert all(r not in pack.improve for r in small)


def test_crime_pack_without_any_imported_data_says_so(tmp_path):
    PartnershipFactory(slug="barking-dagenham", council="London Borough of Barking and Dagenham")
    with pytest.raises(CommandError, match="No police data has been imported yet"):
        call_command(
            "crime_pack", "barking-dagenham", "--out", str(tmp_path / "p.pdf"),
            stdout=io.StringIO(),
        )  # fmt: skip


@pytest.mark.parametrize("paper", ["a4", "a3-landscape"])
def test_pdf_tables_never_break_inside_a_word_or_number(bd, paper):
    """Every number and every word of the category and hotspot tables comes out of the PDF
    whole (WeasyPrint output read back with pypdf), on A4 and on A3 landscape."""
    from pypdf import PdfReader

    from csphub.documents.render_pdf import render_pdf
    from csphub.performance.pack_document import pack_document

    area = packs.area_for_partnership(bd)
    pack = packs.crime_pack(area, calc.parse_month("2017-07"), partnership=bd)
    pdf = render_pdf(pack_document(pack), paper=paper)
    words = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        words.update(page.extract_text().split())
    expected = set()
    for item in pack.table_rows:
        expected.update(n for n in item["numbers"] if n and " " not in n)
        expected.update(w for w in item["row"].category.split() if w.isalpha() and len(w) > 3)
    missing = sorted(expected - words)
    assert not missing, f"broken or missing in the {paper} PDF: {missing[:10]}"


def test_short_pack_tables_are_kept_together(bd):
    from csphub.documents.render_html import render_html
    from csphub.performance.pack_document import pack_document

    area = packs.area_for_partnership(bd)
    pack = packs.crime_pack(area, calc.parse_month("2017-07"))
    tables = [b for b in pack_document(pack).blocks if type(b).__name__ == "Table"]
    assert tables and not tables[0].keep_together  # the long table of every category flows
    html = render_html(pack_document(pack))
    assert ".doc-table--keep { break-inside: avoid" in html
    assert "white-space: nowrap" in html


def test_a_download_is_kept_while_the_data_is_unchanged(client, bd, settings):
    """The pack's download is kept whole while the audit chain head stays put (decision
    0030); any recorded change, such as an import, means it is worked out again."""
    from django.core.cache import caches

    from csphub.audit.services import audit_record

    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pack-downloads",
        },
    }
    caches["fragments"].clear()
    url = download_url(bd.slug, "2017-07", "a4", "csv")
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert len(warm) < len(cold)
    audit_record(actor="test", verb="test.change", note="any recorded change")
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).content == first.content
    assert len(after) > len(warm)
