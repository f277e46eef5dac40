"""`csphub import-document --commit --partnership P FOLDER` on a folder of drafts (saved
as JSON, the shape `--json` prints): each file all or nothing, and a summary of what needs
review."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from csphub.actions.models import Action
from csphub.importer.models import ImportDraft
from csphub.meetings.models import Meeting, Minute
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory

from .factories import BODY_NAME, load_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    december = load_fixture()
    (tmp_path / "2017-12-19.json").write_text(json.dumps(december), encoding="utf-8")
    elsewhere = load_fixture()
    elsewhere["parts"][0]["body"] = "Youth Offending Board"
    elsewhere["parts"][0]["meeting_date"] = "2018-01-10"
    (tmp_path / "2018-01-10.json").write_text(json.dumps(elsewhere), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a minutes document", encoding="utf-8")
    return tmp_path


def test_commit_a_folder_commits_what_it_can_and_lists_what_needs_review(
    partnership, folder, settings, tmp_path_factory
):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    # LG is unambiguous only because the partnership has one person with those initials
    PersonFactory(partnership=partnership, name="Laurie Grasty", slug="laurie", initials="LG")
    out = StringIO()
    call_command(
        "import_document", "--commit", "--partnership", partnership.slug, str(folder), stdout=out
    )
    text = out.getvalue()
    assert "3 files, 1 committed: 1 meeting created, 19 minutes, 12 resolutions, 9 actions." in (
        text
    )
    assert "2017-12-19.json: Minute 176: the number was printed as" in text
    assert (
        "2018-01-10.json: left as a draft to review: Part 1: no body of the partnership is "
        "called “Youth Offending Board”." in text
    )
    assert "broken.json: could not be read: broken.json: not a JSON draft" in text
    meeting = Meeting.objects.get()
    assert meeting.body == body and meeting.status == Meeting.Status.HELD
    assert Minute.objects.filter(meeting=meeting).count() == 19
    assert Action.objects.filter(meeting=meeting).count() == 9
    statuses = dict(ImportDraft.objects.values_list("original_filename", "status"))
    assert statuses == {"2017-12-19.json": "committed", "2018-01-10.json": "failed"}


def test_a_file_that_cannot_be_committed_changes_nothing(partnership, folder, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    out = StringIO()
    # Without Laurie Grasty, "LG" names nobody: the whole file waits for the secretariat
    call_command(
        "import_document",
        "--commit",
        "--partnership",
        partnership.slug,
        str(folder / "2017-12-19.json"),
        stdout=out,
    )
    assert "left as a draft to review: Part 1: match by hand: LG." in out.getvalue()
    assert not Meeting.objects.exists() and not Action.objects.exists()
    assert ImportDraft.objects.get().status == ImportDraft.Status.FAILED


def test_commit_needs_a_known_partnership(partnership, folder):
    with pytest.raises(CommandError, match="--commit needs --partnership"):
        call_command("import_document", "--commit", str(folder))
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        call_command("import_document", "--commit", "--partnership", "nowhere", str(folder))


def test_an_unparseable_file_exits_1_with_the_parsers_message(tmp_path):
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    with pytest.raises(CommandError) as refused:
        call_command("import_document", str(garbage))
    assert refused.value.returncode == 1
