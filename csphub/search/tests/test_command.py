"""`csphub search` and `csphub reindex`, over the loaded demo and the test meeting."""

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from csphub.demo.loader import FIXTURES, load_fixture
from csphub.meetings.models import Paper
from csphub.meetings.tests.documents import pdf_with
from csphub.search.models import SearchEntry

from .conftest import PUBLIC, SECRET

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_demo_baxter_finds_the_minute_of_19_december_2017(db):
    load_fixture(FIXTURES / "safer-bromley.yaml")  # the loader's services fill the index
    data = json.loads(run("safer-bromley", "Baxter", "--format", "json"))
    assert data["query"] == "Baxter"
    minutes = [r for r in data["results"] if r["kind"] == "minute"]
    assert any(
        r["meeting"] == "safer-bromley/board/2017-12-19"
        and r["title"].startswith("183 ")
        and "[Baxter]" in r["snippet"]
        and r["url"].startswith("/p/safer-bromley/meetings/board/2017-12-19/#minute-")
        for r in minutes
    )
    for r in data["results"]:
        assert set(r) == {"kind", "title", "meeting", "url", "snippet"}


def test_public_by_default_and_more_as_a_cleared_user(users, meeting):
    assert json.loads(run("safer-testshire", SECRET, "--format", "json"))["results"] == []
    cleared = users["cleared"].username
    data = json.loads(run("safer-testshire", SECRET, "--format", "json", "--as-user", cleared))
    assert sorted(r["kind"] for r in data["results"]) == ["item", "minute", "paper"]


def test_text_format_and_filters(meeting):
    text = run("safer-testshire", PUBLIC, "--body", "board", "--from", "2017-12-19")
    assert text.startswith(f"5 result(s) for '{PUBLIC}'")
    assert "safer-testshire/board/2017-12-19" in text
    assert run("safer-testshire", PUBLIC, "--to", "2017-01-01").startswith("0 result(s)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere", "x"], "No partnership 'nowhere'"),
        (["safer-testshire", "x", "--as-user", "nobody"], "No user 'nobody'"),
        (["safer-testshire", "x", "--from", "19/12/2017"], "--from must be a date"),
        (["safer-testshire", "x", "--limit", "0"], "--limit must be at least 1"),
    ],
)
def test_bad_arguments_say_what_is_wrong(partnership, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_reindex_backfills_paper_text_and_rebuilds(partnership, meeting):
    paper = Paper.objects.get(title="Public report")
    Paper.objects.filter(pk=paper.pk).update(text="")  # as uploaded before extraction
    paper.file.save("p", io.BytesIO(pdf_with("Backfilled aardvarks")), save=False)
    Paper.objects.filter(pk=paper.pk).update(file=paper.file.name)
    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Extracted text of 1 paper(s)" in out.getvalue()
    assert "Backfilled aardvarks" in Paper.objects.get(pk=paper.pk).text
    assert json.loads(run("safer-testshire", "aardvarks", "--format", "json"))["results"]
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        call_command("reindex", "nowhere")
