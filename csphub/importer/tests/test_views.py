"""The import pages: secretariat only (403 for others, 404 across partnerships), the
review screen shows and saves every field, and query counts do not grow with the draft."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from csphub.actions.models import Action
from csphub.importer.models import ImportDraft, PersonMatch
from csphub.meetings.models import Meeting
from csphub.partnerships.tests.factories import BodyFactory

from .factories import BODY_NAME, load_fixture, make_draft

pytestmark = pytest.mark.django_db


def _urls(draft):
    slug = draft.partnership.slug
    return [
        reverse("importer:index", args=[slug]),
        reverse("importer:review", args=[slug, draft.pk]),
        reverse("importer:people", args=[slug, draft.pk]),
        reverse("importer:commit", args=[slug, draft.pk]),
    ]


@pytest.mark.parametrize("role", ["member", "cleared", "outsider"])
def test_pages_are_refused_to_anyone_but_the_secretariat(client, partnership, users, role):
    draft = make_draft(partnership)
    client.force_login(users[role])
    for url in _urls(draft):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, partnership):
    draft = make_draft(partnership)
    for url in _urls(draft):
        assert client.get(url).status_code == 302


def test_another_partnerships_draft_is_not_found(client, partnership, other_partnership, users):
    draft = make_draft(other_partnership)
    client.force_login(users["secretariat"])
    for name in ["review", "people", "commit", "result"]:
        url = reverse(f"importer:{name}", args=[partnership.slug, draft.pk])
        assert client.get(url).status_code == 404, url


def test_the_review_screen_shows_the_source_the_fields_and_what_to_check(
    client, partnership, users
):
    draft = make_draft(partnership, source_text="Minutes of the meeting held at 10.00 am")
    client.force_login(users["secretariat"])
    page = client.get(reverse("importer:review", args=[partnership.slug, draft.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="csp-import-source" tabindex="0"' in html
    assert "Minutes of the meeting held at 10.00 am" in html
    assert 'value="Chris Hafford"' in html and 'value="186a"' in html
    assert "Minute 176: the number was printed as" in html
    assert html.count(">Check</strong>") >= 2  # minute 176, and the actions (owner LG)
    assert 'href="/p/safer-testshire/import/"' in html  # "Import documents" in navigation


def _post_data(part):
    """What the review form posts for a part, as the browser would send it."""
    data = {
        "meeting-body": part["body"] or "",
        "meeting-meeting_date-day": "",
        "meeting-meeting_date-month": "",
        "meeting-meeting_date-year": "",
        "meeting-start_time": part["start_time"] or "",
        "meeting-venue": part["venue"] or "",
        "meeting-chair": part["chair"] or "",
    }
    if part["meeting_date"]:
        y, m, d = part["meeting_date"].split("-")
        data |= {
            "meeting-meeting_date-day": d,
            "meeting-meeting_date-month": m,
            "meeting-meeting_date-year": y,
        }
    lists = {
        "present": [{"name": r["name"], "role": r["role"] or ""} for r in part["present"]],
        "also_present": [
            {"name": r["name"], "role": r["role"] or ""} for r in part["also_present"]
        ],
        "apologies": [
            {"name": r["name"], "substitute": r["substitute"] or ""} for r in part["apologies"]
        ],
        "absent": [{"name": n} for n in part["absent"]],
        "items": [
            {
                "number": r["number"],
                "title": r["title"],
                "pages": r["pages"] or "",
                "presenter": r["presenter"] or "",
            }
            for r in part["items"]
        ],
        "resolutions": [{"item": r["item"] or "", "text": r["text"]} for r in part["resolutions"]],
        "actions": [
            {
                "item": r["item"] or "",
                "text": r["text"],
                "owners": "/".join(r["owners"]),
                "status": r["status"] or "",
                "due-day": "",
                "due-month": "",
                "due-year": "",
            }
            for r in part["actions"]
        ],
    }
    for key, rows in lists.items():
        data[f"{key}-TOTAL_FORMS"] = str(len(rows))
        data[f"{key}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            for name, value in row.items():
                data[f"{key}-{i}-{name}"] = value
    return data


def test_correcting_a_field_saves_the_draft(client, partnership, users):
    draft = make_draft(partnership)
    client.force_login(users["secretariat"])
    part = copy.deepcopy(draft.edited["parts"][0])
    part["venue"] = "Committee Room 1, Bromley Civic Centre"
    part["items"][1]["title"] = "Minutes of the previous meeting"
    part["items"][1]["presenter"] = "Chairman"
    response = client.post(
        reverse("importer:review", args=[partnership.slug, draft.pk]), _post_data(part)
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    saved = draft.edited["parts"][0]
    assert saved["venue"] == "Committee Room 1, Bromley Civic Centre"
    assert saved["items"][1]["title"] == "Minutes of the previous meeting"
    assert saved["items"][1]["presenter"] == "Chairman"
    assert saved["actions"][0]["owners"] == ["LG", "TG"]
    assert saved["meeting_date"] == "2017-12-19"


def test_a_wrong_field_is_named_in_the_error_summary(client, partnership, users):
    draft = make_draft(partnership)
    client.force_login(users["secretariat"])
    data = _post_data(draft.edited["parts"][0]) | {
        "meeting-start_time": "ten",
        "items-3-number": "17x7",
    }
    response = client.post(reverse("importer:review", args=[partnership.slug, draft.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_meeting-start_time">Enter the start time as hours and minutes' in html
    assert 'href="#id_items-3-number">Enter a minute number such as 175 or 186a' in html
    draft.refresh_from_db()
    assert draft.edited["parts"][0]["start_time"] == "10:00"


def _query_count(client, url):
    """Queries for a page, after a first request has warmed the session and caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_query_counts_do_not_grow_with_the_draft(client, partnership, users):
    BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    small = load_fixture()
    small["parts"][0] |= {
        "present": small["parts"][0]["present"][:2],
        "items": small["parts"][0]["items"][:2],
        "actions": small["parts"][0]["actions"][:1],
        "resolutions": [],
        "apologies": [],
        "also_present": [],
    }
    big_draft, small_draft = make_draft(partnership), make_draft(partnership, small)
    client.force_login(users["secretariat"])
    for name in ["review", "people", "commit"]:
        counts = [
            _query_count(client, reverse(f"importer:{name}", args=[partnership.slug, d.pk]))
            for d in (small_draft, big_draft)
        ]
        assert counts[0] == counts[1], (name, counts)


def test_people_commit_and_result_pages_make_the_meeting(client, partnership, users):
    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    draft = make_draft(partnership)
    client.force_login(users["secretariat"])
    slug = partnership.slug
    page = client.get(reverse("importer:people", args=[slug, draft.pk]))
    html = page.content.decode()
    assert "Create a new person" in html and "Leave out" in html
    assert "JB is read as Justin Brett, who was there; Janet Bailey" in html
    rows = page.context["rows"]
    data = {}
    for row in rows:
        data[f"match-{row['n']}"] = row["chosen"] or "new"
        data[f"new-{row['n']}"] = "Laurie Grasty" if row["name"] == "LG" else row["new_name"]
    response = client.post(reverse("importer:people", args=[slug, draft.pk]), data)
    assert response.status_code == 302
    assert PersonMatch.objects.get(draft=draft, name="LG").new_name == "Laurie Grasty"
    commit_url = reverse("importer:commit", args=[slug, draft.pk])
    choice = {"target": "new", "body": str(body.pk), "meeting": "", "minutes_status": "draft"}
    confirm = client.post(commit_url, choice)
    assert confirm.status_code == 200 and "Commit these minutes?" in confirm.content.decode()
    assert not Meeting.objects.exists()
    done = client.post(commit_url, choice | {"confirm": "1"})
    assert done.status_code == 302
    meeting = Meeting.objects.get()
    assert Action.objects.filter(meeting=meeting).count() == 9
    result = client.get(done["Location"])
    html = result.content.decode()
    assert "Minutes committed" in html and "/p/safer-testshire/meetings/strategic-group/" in html
    assert "Minute 186b:" in html
    assert ImportDraft.objects.get().status == ImportDraft.Status.COMMITTED


def test_a_refused_commit_shows_why_and_changes_nothing(client, partnership, users):
    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    draft = make_draft(partnership)
    client.force_login(users["secretariat"])
    url = reverse("importer:commit", args=[partnership.slug, draft.pk])
    data = {"target": "new", "body": str(body.pk), "minutes_status": "draft", "confirm": "1"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "is not matched to a person" in response.content.decode()
    assert not Meeting.objects.exists()
    assert ImportDraft.objects.get().status == ImportDraft.Status.FAILED


def test_upload_without_a_file_is_named(client, partnership, users):
    client.force_login(users["secretariat"])
    response = client.post(reverse("importer:index", args=[partnership.slug]), {})
    assert response.status_code == 400
    assert 'href="#id_file"' in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_commit_into_an_existing_meeting(client, partnership, users):
    import datetime as dt

    from csphub.importer import drafts, selectors, services
    from csphub.meetings.tests.factories import MeetingFactory

    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    meeting = MeetingFactory(
        body=body, date=dt.date(2017, 12, 19), status=Meeting.Status.AGENDA_PUBLISHED
    )
    draft = make_draft(partnership)
    part = drafts.normalise_part(draft.edited["parts"][0])
    choices = selectors.auto_choices(partnership, drafts.names_to_match(part))
    choices["LG"] = selectors.Choice(PersonMatch.Choice.SKIP)
    services.draft_match_people(actor=users["secretariat"], draft=draft, choices=choices)
    client.force_login(users["secretariat"])
    url = reverse("importer:commit", args=[partnership.slug, draft.pk])
    page = client.get(url)
    assert f'<option value="{meeting.pk}">{BODY_NAME}, 19 December 2017</option>' in (
        page.content.decode()
    )
    data = {"target": "existing", "meeting": str(meeting.pk), "minutes_status": "approved"}
    confirm = client.post(url, data)
    assert f"{BODY_NAME}, Tuesday 19 December 2017" in confirm.content.decode()
    assert client.post(url, data | {"confirm": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes.count() == 19 and Meeting.objects.count() == 1


def test_the_list_and_result_pages_do_not_grow_with_the_data(client, partnership, users):
    from csphub.importer import drafts, selectors, services

    body = BodyFactory(partnership=partnership, slug="strategic-group", name=BODY_NAME)
    actor = users["secretariat"]

    def committed(parsed):
        draft = make_draft(partnership, parsed)
        part = drafts.normalise_part(draft.edited["parts"][0])
        choices = selectors.auto_choices(partnership, drafts.names_to_match(part))
        choices["LG"] = selectors.Choice(PersonMatch.Choice.SKIP)
        services.draft_match_people(actor=actor, draft=draft, choices=choices)
        services.draft_commit(actor=actor, draft=draft, index=0, body=body)
        return draft

    small = load_fixture()
    small["parts"][0] |= {"meeting_date": "2018-03-08", "actions": small["parts"][0]["actions"][:1]}
    first, second = committed(small), committed(load_fixture())
    client.force_login(actor)
    index = reverse("importer:index", args=[partnership.slug])
    one = _query_count(client, index)
    make_draft(partnership)
    make_draft(partnership)
    assert _query_count(client, index) == one
    counts = [
        _query_count(client, reverse("importer:result", args=[partnership.slug, d.pk]))
        for d in (first, second)
    ]
    assert counts[0] == counts[1]
