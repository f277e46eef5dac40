"""A fresh clone has no ``../shared`` beside it: `load_demo` imports the police extract
shipped in the repository instead, so Barking and Dagenham's July 2017 pack still shows
burglary 518 (issue 11, "fresh clone")."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from csphub.demo.loader import FIXTURES
from csphub.demo.police_extract import EXTRACT_DIR
from csphub.police.models import ImportFile

pytestmark = pytest.mark.django_db

COMMAND = "csphub.demo.management.commands.load_demo"


def test_the_shipped_extract_is_small_and_says_where_it_comes_from():
    files = sorted(p for p in EXTRACT_DIR.iterdir() if p.suffix == ".csv")
    assert len(files) == 4
    assert sum(p.stat().st_size for p in files) < 600 * 1024
    note = (EXTRACT_DIR / "README.md").read_text()
    assert "Open Government Licence v2.0" in note and "Office for National Statistics" in note


def test_without_shared_the_demo_pack_shows_burglary_518(settings, tmp_path, monkeypatch, client):
    settings.CSPHUB_POLICE_DATA_DIR = tmp_path / "no-shared-here"
    barking_only = [FIXTURES / "barking-dagenham.yaml"]
    monkeypatch.setattr(f"{COMMAND}.fixture_paths", lambda: barking_only)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "the extract shipped with the demo" in text
    assert "(shipped extract): imported" in text
    assert {f.name.split("/")[-1] for f in ImportFile.objects.all()} >= {
        "mps-borough-level-crime-2017-01-to-2018-12.csv"
    }

    page = client.get(reverse("crime_pack:pack", args=["barking-dagenham"]) + "?to=2017-07")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Burglary is up 27.9% (up 113 offences)" in html
    burglary = next(r for r in page.context["pack"].rows if r.slug == "burglary")
    assert (burglary.comparison.current, burglary.comparison.previous) == (518, 405)
    assert page.context["pack"].hotspots_most  # the ward extract gives the hotspots

    # the demo attached the July 2017 pack to the board of 12 September 2017, as with ../shared
    assert "Crime data pack for" in text and "attached" in text

    # a second run imports nothing again
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "(shipped extract): already imported" in again.getvalue()


def test_demo_police_extract_writes_the_same_files(tmp_path):
    from csphub.police.tests.factories import police_file

    shared = police_file()  # skips when ../shared is absent
    out = io.StringIO()
    call_command("demo_police_extract", "--from", str(shared), "--to", str(tmp_path), stdout=out)
    for written in sorted(tmp_path.iterdir()):
        assert written.read_bytes() == (EXTRACT_DIR / written.name).read_bytes(), written.name
    assert "Wrote" in out.getvalue()
