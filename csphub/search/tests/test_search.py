"""The search selector: what each viewer may find, snippets, filters, and a bounded cost."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csphub.accounts.permissions import viewer_for
from csphub.accounts.visibility import anyone
from csphub.meetings import services
from csphub.meetings.models import Minute
from csphub.meetings.tests.documents import pdf_with
from csphub.search import indexing
from csphub.search.models import SearchEntry
from csphub.search.selectors import search

from .conftest import PUBLIC, SECRET

pytestmark = pytest.mark.django_db

ROLES = ["member", "cleared", "secretariat", "administrator", "outsider", "other_secretariat"]


def found(partnership, user, query, **kw):
    return search(partnership, viewer_for(user, partnership), query, limit=100, **kw)


@pytest.mark.parametrize("role", ["anonymous", "member", "outsider", "other_secretariat"])
def test_restricted_phrase_is_found_by_no_one_uncleared(partnership, users, meeting, role):
    user = None if role == "anonymous" else users[role]
    for query in (SECRET, "quokkagate", "zebracrossing"):
        page = found(partnership, user, query)
        assert page.total == 0 and page.results == []


@pytest.mark.parametrize("role", ["cleared", "secretariat"])
def test_restricted_phrase_is_found_in_paper_item_and_minute_by_the_cleared(
    partnership, users, meeting, role
):
    page = found(partnership, users[role], SECRET)
    assert sorted(r.kind for r in page.results) == ["item", "minute", "paper"]
    assert all("<mark>" in r.snippet for r in page.results)


def test_public_finds_every_kind_with_links_and_meeting(partnership, meeting):
    page = found(partnership, None, PUBLIC)
    by_kind = {r.kind: r for r in page.results}
    assert set(by_kind) == {"item", "paper", "minute", "resolution", "action"}
    minute = Minute.objects.get(title="Patrols")
    base = "/p/safer-testshire/meetings/board/2017-12-19/"
    assert by_kind["minute"].url == f"{base}#minute-{minute.pk}"
    assert by_kind["resolution"].url == f"{base}#minute-{minute.pk}"
    assert by_kind["item"].url.startswith(f"{base}#item-")
    assert by_kind["paper"].url.startswith(f"{base}papers/")
    assert by_kind["action"].url.startswith("/p/safer-testshire/actions/")
    assert by_kind["minute"].meeting == "safer-testshire/board/2017-12-19"
    assert by_kind["minute"].date == dt.date(2017, 12, 19)


def test_snippet_escapes_html_and_marks_the_match(partnership, meeting):
    minute = next(r for r in found(partnership, None, "went").results if r.kind == "minute")
    # SQLite keeps the tag as text (escaped); PostgreSQL's headline drops tags: never raw HTML.
    assert "<mark>went</mark>" in minute.snippet and "<b>" not in minute.snippet
    assert "[went]" in minute.snippet_text


def test_stemmed_words_match(partnership, meeting):
    assert any(r.kind == "minute" for r in found(partnership, None, "patrol").results)


@pytest.mark.parametrize("role", [None, *ROLES])
def test_results_equal_what_visible_to_allows_for_every_role(partnership, users, meeting, role):
    """What search returns for each kind is exactly the indexed rows `visible_to` allows."""
    user = users[role] if role else None
    viewer = viewer_for(user, partnership)
    got = {
        (r.kind, r.title)
        for q in (PUBLIC, SECRET)
        for r in search(partnership, viewer, q, limit=100).results
    }
    expected = set()
    for kind, model in indexing.SOURCES.items():
        visible = set(model.objects.visible_to(viewer).values_list("id", flat=True))
        for entry in SearchEntry.objects.filter(kind=kind, partnership=partnership):
            words = f"{entry.title} {entry.text}".lower()
            if entry.object_id in visible and (PUBLIC in words or SECRET in words):
                expected.add((kind, entry.title))
    assert got == expected


def test_another_partnership_is_never_searched(other_partnership, users, meeting):
    assert found(other_partnership, users["other_secretariat"], PUBLIC).total == 0


def test_filters_by_body_dates_and_kind(partnership, meeting):
    assert found(partnership, None, PUBLIC, body="board").total == 5
    assert found(partnership, None, PUBLIC, body="other").total == 0
    assert found(partnership, None, PUBLIC, date_from=dt.date(2017, 12, 20)).total == 0
    day = dt.date(2017, 12, 19)
    assert found(partnership, None, PUBLIC, date_from=day, date_to=day).total == 5
    assert found(partnership, None, PUBLIC, date_to=dt.date(2017, 12, 18)).total == 0
    assert [r.kind for r in found(partnership, None, PUBLIC, kinds=["minute"]).results] == [
        "minute"
    ]


def test_pages_by_limit_and_offset(partnership, meeting):
    everything = found(partnership, None, PUBLIC).results
    first = search(partnership, anyone(), PUBLIC, limit=2)
    rest = search(partnership, anyone(), PUBLIC, limit=10, offset=2)
    assert first.total == rest.total == len(everything) == 5
    assert first.results + rest.results == everything


def test_editing_a_minute_updates_the_results(partnership, users, meeting):
    minute = Minute.objects.get(title="Patrols")
    services.minute_update(
        actor=users["secretariat"], minute=minute, data={"text": "Now about wombats."}
    )
    assert [r.kind for r in found(partnership, None, "wombats").results] == ["minute"]
    assert "minute" not in {r.kind for r in found(partnership, None, "went").results}


def test_adding_and_removing_a_paper_updates_the_results(partnership, users, meeting):
    sec = users["secretariat"]
    item = meeting.items.get(title__contains=PUBLIC)
    upload = SimpleUploadedFile("new.pdf", pdf_with("Replacement figures for capybaras"))
    paper = services.paper_add(actor=sec, item=item, title="Revised report", file=upload)
    assert [r.title for r in found(partnership, None, "capybaras").results] == ["Revised report"]
    services.paper_delete(actor=sec, paper=paper)
    assert found(partnership, None, "capybaras").total == 0


def test_rebuild_gives_the_same_index(partnership, meeting):
    before = set(SearchEntry.objects.values_list("kind", "object_id", "title", "text"))
    assert indexing.rebuild() == len(before)
    after = set(SearchEntry.objects.values_list("kind", "object_id", "title", "text"))
    assert after == before
    assert found(partnership, None, PUBLIC).total == 5


def test_query_count_does_not_grow_with_results(
    partnership, users, meeting, django_assert_max_num_queries
):
    from csphub.actions.tests.factories import ActionFactory

    viewer = viewer_for(users["secretariat"], partnership)
    with django_assert_max_num_queries(4):
        small = search(partnership, viewer, PUBLIC, limit=50)
    ActionFactory.create_batch(40, body=meeting.body, description=f"More {PUBLIC} work")
    with django_assert_max_num_queries(4):
        large = search(partnership, viewer, PUBLIC, limit=50)
    assert len(large.results) > len(small.results)


def test_empty_or_wordless_queries_find_nothing_without_a_query(
    partnership, meeting, django_assert_num_queries
):
    for query in ("", "   ", '"*-()', "___"):
        with django_assert_num_queries(0):
            assert search(partnership, anyone(), query).total == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=60))
def test_any_input_is_a_safe_query(partnership, meeting, text):
    search(partnership, anyone(), text)


@pytest.mark.parametrize("text", ['"', "*", "AND", "-", "NEAR(", 'a" OR "b', "col:x", "^x", "x*"])
def test_fts_syntax_is_only_words(partnership, meeting, text):
    search(partnership, anyone(), text)


def test_a_real_agenda_pack_as_a_word_paper_is_searchable(partnership, users, meeting, seeds_dir):
    """The Bromley agenda pack of 26 March 2018 (seed text) uploaded as a Word paper."""
    from csphub.meetings.tests.documents import docx_with

    text = (seeds_dir / "000_dcba145223183f72.txt").read_text(encoding="utf-8")
    item = meeting.items.get(title__contains=PUBLIC)
    upload = SimpleUploadedFile("pack.docx", docx_with(text))
    services.paper_add(actor=users["secretariat"], item=item, title="Agenda pack", file=upload)
    page = found(partnership, None, "Lymer")
    assert [r.title for r in page.results] == ["Agenda pack"]
    assert "<mark>Lymer</mark>" in page.results[0].snippet
