"""Action pages: who sees what in every format, the filters, the secretariat's forms, and
query counts that do not grow with the number of actions."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from csphub.actions import services
from csphub.actions.models import Action, ActionUpdate
from csphub.actions.tests.factories import ActionUpdateFactory, action_with_owners, minute_of
from csphub.audit.models import AuditEvent
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory, ResolutionFactory
from csphub.partnerships.tests.factories import BodyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
SLUG = "safer-testshire"
CANARY = "CANARY-action-9f3e"


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")


@pytest.fixture
def lg(partnership):
    return PersonFactory(partnership=partnership, name="Lisa Green", initials="LG", slug="lisa")


@pytest.fixture
def tg(partnership):
    return PersonFactory(partnership=partnership, name="Tom Grey", initials="TG", slug="tom")


@pytest.fixture
def minute(body):
    return minute_of(body, date=dt.date(2017, 12, 19), number=180, title="Gangs matrix")


@pytest.fixture
def actions(body, minute, lg, tg):
    """A public action, a restricted one (with the canary), and one from unpublished minutes."""
    secret_minute = minute_of(
        body, date=dt.date(2017, 12, 19), number=181, is_restricted=True, restricted_reason="para-7"
    )
    public = action_with_owners(
        body,
        [lg, tg],
        minute=minute,
        description="Circulate the briefing to all members",
        due_date=dt.date(2018, 1, 31),
        rag="amber",
        reference="A3",
        others="LFB",
        start_date=dt.date(2017, 12, 20),
        updates=1,
    )
    restricted = action_with_owners(
        body, [lg], minute=secret_minute, description=f"Share the nominal list {CANARY}"
    )
    ActionUpdateFactory(action=restricted, text=f"Update {CANARY}")
    return {"public": public, "restricted": restricted}


def url(name, *args, **query):
    from urllib.parse import urlencode

    target = reverse(f"actions:{name}", args=[SLUG, *args])
    return target + ("?" + urlencode(query, doseq=True) if query else "")


def login(client, users, role):
    if role:
        client.force_login(users[role])


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        book = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None
        )
    return response.content.decode("utf-8-sig")


# --- who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (None, False),
        ("outsider", False),
        ("other_secretariat", False),
        ("member", False),
        ("cleared", True),
        ("secretariat", True),
    ],
)
def test_restricted_action_only_for_those_cleared_in_every_format(
    client, users, actions, lg, role, sees
):
    login(client, users, role)
    for target in [
        url("log"),
        url("log", layout="plan"),
        url("log", format="csv"),
        url("log", format="xlsx"),
        url("log", layout="plan", format="xlsx"),
        url("log", q="nominal"),
        url("body_log", "board"),
        url("body_log", "board", format="csv"),
        url("owner", lg.slug),
    ]:
        response = client.get(target)
        assert response.status_code == 200, target
        body = text_of(response)
        assert (CANARY in body) is sees, target
        assert "Circulate the briefing" in body or "q=nominal" in target, target
    detail = client.get(url("detail", actions["restricted"].pk))
    assert detail.status_code == (200 if sees else 404)


def test_public_sees_only_actions_from_published_minutes(client, body, lg):
    held = minute_of(body, date=dt.date(2018, 3, 26), status=Meeting.Status.HELD)
    unpublished = action_with_owners(body, [lg], minute=held, description="Not yet public")
    manual = action_with_owners(body, [lg], description="Internal to the board")
    page = client.get(url("log")).content.decode()
    assert "Not yet public" not in page
    assert "Internal to the board" not in page
    for action in (unpublished, manual):
        assert client.get(url("detail", action.pk)).status_code == 404


def test_another_partnerships_action_is_not_found_here(client, users, other_partnership, lg):
    foreign_body = BodyFactory(partnership=other_partnership, slug="board")
    foreign_person = PersonFactory(partnership=other_partnership, slug="someone")
    foreign = action_with_owners(
        foreign_body, [foreign_person], minute=minute_of(foreign_body), description="Elsewhere"
    )
    client.force_login(users["secretariat"])
    assert client.get(url("detail", foreign.pk)).status_code == 404
    assert "Elsewhere" not in client.get(url("log")).content.decode()
    assert client.get(url("owner", "someone")).status_code == 404
    response = client.post(url("set_status", foreign.pk), {"status-status": "done"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "open"


def test_navigation_links_to_the_actions(client, partnership):
    page = client.get(reverse("partnerships:home", args=[SLUG])).content.decode()
    assert f'href="{url("log")}"' in page


# --- the log page -------------------------------------------------------------------------


def test_log_shows_the_columns(client, users, actions, minute):
    client.force_login(users["member"])
    page = client.get(url("log")).content.decode()
    meeting_url = reverse("meetings:detail", args=[SLUG, "board", "2017-12-19"])
    assert f'href="{meeting_url}#minute-{minute.pk}"' in page
    assert "Minute 180" in page
    assert (
        '<span aria-hidden="true">LG</span><span class="govuk-visually-hidden">Lisa Green</span>'
        in page
    )
    assert "31 January 2018" in page
    assert "csp-rag--amber" in page
    assert "Amber (at risk)" in page
    assert "Update 0 on Circulate the briefing" in page
    assert f'href="{url("detail", actions["public"].pk)}"' in page
    assert "Add an action" not in page


def test_due_by_next_meeting_shows_its_date(client, users, body, minute, lg):
    MeetingFactory(body=body, date=dt.date(2018, 3, 26))
    action_with_owners(body, [lg], minute=minute, due_next_meeting=True)
    client.force_login(users["member"])
    page = client.get(url("log")).content.decode()
    assert 'Next meeting<br><span class="govuk-body-s">26 March 2018</span>' in page


def test_filters_narrow_the_log(client, users, body, minute, lg, tg, partnership):
    other_body = BodyFactory(partnership=partnership, slug="vawg")
    police = OrganisationFactory(partnership=partnership, name="Police", short_name="MPS")
    a = action_with_owners(body, [lg], minute=minute, description="Alpha", status="done")
    b = action_with_owners(other_body, [tg], description="Bravo", due_date=dt.date(2017, 1, 1))
    c = action_with_owners(body, [police], description="Charlie")
    ActionUpdateFactory(action=c, text="Spoke to the Borough Commander")
    client.force_login(users["secretariat"])

    def shown(**query):
        page = client.get(url("log", **query)).content.decode()
        return {x.description for x in (a, b, c) if f'id="action-{x.pk}"' in page}

    assert shown() == {"Alpha", "Bravo", "Charlie"}
    assert shown(owner="lisa") == {"Alpha"}
    assert shown(organisation=police.pk) == {"Charlie"}
    assert shown(status=["open", "in_progress"]) == {"Bravo", "Charlie"}
    assert shown(overdue="on") == {"Bravo"}
    assert shown(meeting=minute.meeting.pk) == {"Alpha"}
    assert shown(body="vawg") == {"Bravo"}
    assert shown(q="borough commander") == {"Charlie"}
    assert shown(q="ALPHA") == {"Alpha"}


def test_an_invalid_filter_is_reported_and_ignored(client, users, actions):
    client.force_login(users["secretariat"])
    page = client.get(url("log", owner="nobody", status="won")).content.decode()
    assert "govuk-error-summary" in page
    assert "Circulate the briefing" in page


def test_sort_by_due_date(client, users, body, lg):
    action_with_owners(body, [lg], description="Later one", due_date=dt.date(2018, 6, 1))
    action_with_owners(body, [lg], description="Sooner one", due_date=dt.date(2018, 2, 1))
    client.force_login(users["secretariat"])
    page = client.get(url("log", sort="due")).content.decode()
    assert page.index("Sooner one") < page.index("Later one")
    page = client.get(url("log", sort="-due")).content.decode()
    assert page.index("Later one") < page.index("Sooner one")


def test_log_paginates_at_fifty(client, users, body, lg):
    for _ in range(55):
        action_with_owners(body, [lg])
    client.force_login(users["secretariat"])
    first = client.get(url("log")).content.decode()
    assert "Showing 1 to 50 of 55 actions" in first
    assert "govuk-pagination" in first
    second = client.get(url("log", page=2)).content.decode()
    assert "Showing 51 to 55 of 55 actions" in second
    csv_rows = list(csv.reader(io.StringIO(text_of(client.get(url("log", format="csv"))))))
    assert len(csv_rows) == 56  # exports are not paginated


def test_plan_layout(client, users, actions):
    client.force_login(users["member"])
    page = client.get(url("log", layout="plan")).content.decode()
    for header in [
        "No.",
        "Action",
        "Lead",
        "Others",
        "Status",
        "Start date",
        "Target completion",
        "Update",
    ]:
        assert f'<th scope="col" class="govuk-table__header">{header}</th>' in page
    assert "A – Amber" in page
    assert "Lisa Green, Tom Grey" in page
    assert "20 December 2017" in page
    assert "LFB" in page


def test_body_log_is_scoped_to_the_body(client, users, actions, partnership, lg):
    other = BodyFactory(partnership=partnership, slug="vawg")
    action_with_owners(other, [lg], description="Another body's action")
    client.force_login(users["secretariat"])
    page = client.get(url("body_log", "board")).content.decode()
    assert "Circulate the briefing" in page
    assert "Another body" not in page
    assert 'name="body"' not in page
    assert client.get(url("body_log", "nope")).status_code == 404


def test_unknown_format_is_not_found(client, actions):
    assert client.get(url("log", format="pdf")).status_code == 404


# --- exports --------------------------------------------------------------------------------


def test_csv_export(client, users, actions):
    client.force_login(users["member"])
    response = client.get(url("log", format="csv", status="open"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="safer-testshire-actions-')
    assert disposition.endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Action"] for r in rows] == ["Circulate the briefing to all members"]
    assert rows[0]["Owners"] == "LG/TG"
    assert rows[0]["Minute"] == "180"
    assert rows[0]["Meeting date"] == "2017-12-19"
    assert rows[0]["RAG"] == "! Amber (at risk)"


def test_xlsx_export(client, users, actions):
    client.force_login(users["secretariat"])
    response = client.get(url("body_log", "board", format="xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="safer-testshire-board-actions-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["No.", "Action", "Body", "Minute"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 60
    rows = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    public = next(r for r in rows if r["No."] == "A3")
    assert public["Due"] == dt.datetime(2018, 1, 31)
    assert public["Meeting date"] == dt.datetime(2017, 12, 19)


def test_plan_layout_export(client, users, actions):
    client.force_login(users["member"])
    response = client.get(url("log", layout="plan", format="csv"))
    assert "action-plan" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "No.",
        "Action",
        "Lead",
        "Others",
        "Status",
        "Start date",
        "Target completion",
        "Update",
    ]
    assert rows[1][:5] == [
        "A3",
        "Circulate the briefing to all members",
        "Lisa Green, Tom Grey",
        "LFB",
        "A ! Amber",
    ]


# --- an owner's page ------------------------------------------------------------------------


def test_owner_page_lists_open_actions_across_bodies(client, users, partnership, body, lg):
    other = BodyFactory(partnership=partnership, slug="vawg", name="VAWG Sub-group")
    action_with_owners(body, [lg], description="Board action")
    action_with_owners(other, [lg], description="VAWG action", status="carried_forward")
    action_with_owners(body, [lg], description="Finished action", status="done")
    client.force_login(users["member"])
    response = client.get(url("owner", "lisa"))
    page = response.content.decode()
    assert "Lisa Green" in page
    assert "Board action" in page
    assert "VAWG action" in page
    assert "VAWG Sub-group" in page
    assert "Finished action" not in page
    assert "2 open actions" in page
    assert client.get(url("owner", "nobody")).status_code == 404


def test_owner_page_for_the_public_shows_only_published_actions(client, body, minute, lg):
    action_with_owners(body, [lg], minute=minute, description="Public action")
    action_with_owners(body, [lg], description="Members-only action")
    page = client.get(url("owner", "lisa")).content.decode()
    assert "Public action" in page
    assert "Members-only action" not in page


# --- one action -----------------------------------------------------------------------------


def test_detail_shows_source_owners_and_history(client, users, body, minute, lg, tg):
    resolution = ResolutionFactory(minute=minute, text="RESOLVED that the matrix be shared.")
    from csphub.actions import services

    action = services.action_create(
        actor=users["secretariat"],
        body=body,
        description="Share the matrix",
        owners=[lg],
        resolution=resolution,
        source=Action.Source.RESOLUTION,
    )
    services.action_update_record(actor=users["secretariat"], action=action, text="Shared with LG")
    services.action_set_status(actor=users["secretariat"], action=action, status="in_progress")
    services.action_reassign(
        actor=users["secretariat"], action=action, owners=[tg], note="Lisa has left the council"
    )
    client.force_login(users["member"])
    page = client.get(url("detail", action.pk)).content.decode()
    assert "RESOLVED that the matrix be shared." in page
    assert "Minute 180, 19 December 2017" in page
    assert "Shared with LG" in page
    assert "From Open to <strong>In progress</strong>" in page
    assert "Reason: Lisa has left the council" in page
    assert "From Lisa Green to <strong>Tom Grey</strong>" in page
    assert f'href="{url("owner", "tom")}"' in page
    assert "Post an update" not in page  # members read; only the secretariat writes


def test_secretariat_sees_the_forms(client, users, actions):
    client.force_login(users["secretariat"])
    page = client.get(url("detail", actions["public"].pk)).content.decode()
    for target in ["post_update", "set_status", "set_due", "reassign", "edit"]:
        assert f'action="{url(target, actions["public"].pk)}"' in page
    update = actions["public"].updates.get(kind="update")
    assert f'action="{url("update_wording", update.pk)}"' in page


POSTS = {
    "post_update": {"update-text": "Briefing sent", "update-status": "done"},
    "set_status": {"status-status": "in_progress", "status-note": "Started"},
    "set_due": {"due-due_date": "2018-03-01", "due-note": "Agreed at the meeting"},
    "reassign": {"reassign-note": "Forwarded to Tom Grey"},
    "edit": {"edit-description": "Circulate the briefing", "edit-rag": "green"},
}


@pytest.mark.parametrize("name", list(POSTS))
def test_each_form_posts_to_its_own_endpoint(client, users, actions, tg, name):
    action = actions["public"]
    data = dict(POSTS[name])
    if name == "reassign":
        data["reassign-people"] = [tg.pk]
    client.force_login(users["secretariat"])
    response = client.post(url(name, action.pk), data)
    assert response.status_code == 302
    assert response["Location"].startswith(url("detail", action.pk))
    follow = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in follow
    action.refresh_from_db()
    expected = {
        "post_update": lambda: (
            action.status == "done" and action.updates.filter(text="Briefing sent").exists()
        ),
        "set_status": lambda: action.status == "in_progress",
        "set_due": lambda: action.due_date == dt.date(2018, 3, 1),
        "reassign": lambda: [o.person for o in action.owners.all()] == [tg],
        "edit": lambda: action.rag == "green" and action.description == "Circulate the briefing",
    }[name]
    assert expected()
    assert AuditEvent.objects.filter(object_id=str(action.pk)).exists()


@pytest.mark.parametrize("name", [*POSTS, "update_wording"])
def test_forms_are_post_only_and_secretariat_only(client, users, actions, name):
    action = actions["public"]
    pk = action.updates.get(kind="update").pk if name == "update_wording" else action.pk
    target = url(name, pk)
    assert client.post(target, {}).status_code == 302  # anonymous: sign in first
    assert "/accounts/" in client.post(target, {})["Location"]
    client.force_login(users["member"])
    assert client.post(target, {}).status_code == 403
    client.force_login(users["secretariat"])
    assert client.get(target).status_code == 405


def test_an_invalid_form_is_shown_again_with_its_errors(client, users, actions):
    client.force_login(users["secretariat"])
    action = actions["public"]
    response = client.post(url("reassign", action.pk), {"reassign-note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choose at least one person or organisation as the owner." in page
    assert '<details class="govuk-details" id="reassign" open>' in page
    assert "<title>Error: " in page
    assert action.owners.count() == 2
    response = client.post(
        url("set_due", action.pk), {"due-due_date": "2018-03-01", "due-due_next_meeting": "on"}
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_publish_wording(client, users, actions):
    action = actions["public"]
    update = action.updates.get(kind="update")
    client.force_login(users["secretariat"])
    response = client.post(
        url("update_wording", update.pk),
        {f"wording-{update.pk}-published_text": "The briefing went to all members."},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.shown_text == "The briefing went to all members."
    client.force_login(users["member"])
    page = client.get(url("detail", action.pk)).content.decode()
    assert "The briefing went to all members." in page
    assert "The owner wrote" not in page  # the original is for the secretariat


def test_wording_of_another_partnerships_update_is_not_found(client, users, other_partnership):
    foreign_body = BodyFactory(partnership=other_partnership)
    foreign = action_with_owners(
        foreign_body, [PersonFactory(partnership=other_partnership)], updates=1
    )
    update = foreign.updates.get()
    client.force_login(users["secretariat"])
    response = client.post(
        url("update_wording", update.pk), {f"wording-{update.pk}-published_text": "x"}
    )
    assert response.status_code == 404
    update.refresh_from_db()
    assert update.published_text == ""


# --- adding an action -----------------------------------------------------------------------


def test_new_action_from_a_minute_is_prefilled(client, users, body, minute, lg, tg):
    minute.action_by = "LG/TG"
    minute.save()
    client.force_login(users["secretariat"])
    page = client.get(url("new", minute=minute.pk)).content.decode()
    assert "From minute 180: Gangs matrix" in page
    assert f'value="{lg.pk}" checked' in page
    assert f'value="{tg.pk}" checked' in page
    assert 'name="body"' not in page  # the minute's body


def test_new_action_from_a_resolution(client, users, body, minute, lg):
    resolution = ResolutionFactory(minute=minute, text="RESOLVED that a report come back.")
    client.force_login(users["secretariat"])
    target = url("new", resolution=resolution.pk)
    assert "RESOLVED that a report come back." in client.get(target).content.decode()
    response = client.post(
        target,
        {"description": "Report back", "people": [lg.pk], "due_next_meeting": "on", "rag": "red"},
    )
    assert response.status_code == 302
    action = Action.objects.get(description="Report back")
    assert response["Location"] == url("detail", action.pk)
    assert (action.minute, action.resolution, action.body) == (minute, resolution, body)
    assert action.source == Action.Source.RESOLUTION
    assert action.due_next_meeting
    assert action.updates.get().kind == ActionUpdate.Kind.CREATED


def test_new_action_by_hand_needs_an_owner(client, users, body, partnership):
    police = OrganisationFactory(partnership=partnership, name="Police")
    client.force_login(users["secretariat"])
    response = client.post(url("new"), {"body": body.pk, "description": "Do a thing"})
    assert response.status_code == 200
    assert "Choose at least one person or organisation" in response.content.decode()
    response = client.post(
        url("new"), {"body": body.pk, "description": "Do a thing", "organisations": [police.pk]}
    )
    assert response.status_code == 302
    assert Action.objects.get().owners.get().organisation == police


def test_new_action_refuses_another_partnerships_minute(client, users, other_partnership):
    foreign = minute_of(BodyFactory(partnership=other_partnership))
    client.force_login(users["secretariat"])
    assert client.get(url("new", minute=foreign.pk)).status_code == 404
    assert client.get(url("new", minute="x")).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("cleared", 403), (None, 302)])
def test_new_action_is_secretariat_only(client, users, role, status):
    login(client, users, role)
    assert client.get(url("new")).status_code == status


def test_meeting_page_links_to_its_actions_and_to_add_one(client, users, minute):
    meeting_url = reverse("meetings:detail", args=[SLUG, "board", "2017-12-19"])
    public = client.get(meeting_url).content.decode()
    assert f"{url('log')}?meeting={minute.meeting.pk}" in public
    assert url("new") not in public
    client.force_login(users["secretariat"])
    page = client.get(meeting_url).content.decode()
    assert f"{url('new')}?minute={minute.pk}" in page


def test_body_page_links_to_its_actions(client, body):
    page = client.get(reverse("partnerships:body", args=[SLUG, "board"])).content.decode()
    assert url("body_log", "board") in page


# --- query counts ---------------------------------------------------------------------------


def _make(body, people, orgs, n, start):
    for i in range(start, start + n):
        minute = minute_of(body, date=dt.date(2017, 1, 1) + dt.timedelta(days=7 * (i % 5)))
        action_with_owners(
            body,
            [people[i % len(people)], orgs[i % len(orgs)]],
            minute=minute,
            updates=2,
            due_next_meeting=bool(i % 2),
            rag=["red", "amber", "green", ""][i % 4],
        )


@pytest.mark.parametrize(
    "target",
    [
        url("log"),
        url("log", layout="plan"),
        url("log", format="csv"),
        url("log", format="xlsx"),
        url("log", q="action", status=["open"], sort="-meeting"),
        url("body_log", "board"),
        url("body_log", "board", format="xlsx"),
        url("owner", "lisa"),
    ],
)
@pytest.mark.parametrize("role", [None, "secretariat"])
def test_query_count_does_not_grow_with_actions(
    client, users, partnership, body, lg, tg, target, role
):
    login(client, users, role)
    people = [lg, tg]
    orgs = [OrganisationFactory(partnership=partnership) for _ in range(2)]
    _make(body, people, orgs, 3, 0)
    client.get(target)  # warm any per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    _make(body, people, orgs, 27, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(target).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries), target


@pytest.mark.parametrize("role", [None, "secretariat"])
def test_detail_query_count_does_not_grow_with_updates(client, users, body, minute, lg, tg, role):
    login(client, users, role)
    action = action_with_owners(body, [lg, tg], minute=minute, updates=3)
    client.get(url("detail", action.pk))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("detail", action.pk)).status_code == 200
    for n in range(30):
        ActionUpdateFactory(action=action, text=f"More {n}")
        ActionUpdateFactory(
            action=action,
            kind=ActionUpdate.Kind.REASSIGNED,
            text="Left",
            before={"owners": ["A"]},
            after={"owners": ["B"]},
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("detail", action.pk)).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_plan_layout_reads_in_the_order_actions_were_added(client, users, body, lg):
    from django.utils import timezone

    now = timezone.now()
    action_with_owners(
        body, [lg], description="First added", due_date=dt.date(2018, 6, 1), created_at=now
    )
    action_with_owners(
        body,
        [lg],
        description="Second added",
        due_date=dt.date(2018, 2, 1),
        created_at=now + dt.timedelta(hours=1),
    )
    client.force_login(users["secretariat"])
    plan = client.get(url("log", layout="plan")).content.decode()
    assert plan.index("First added") < plan.index("Second added")
    assert '<option value="created" selected>' in plan
    log = client.get(url("log")).content.decode()
    assert log.index("Second added") < log.index("First added")  # soonest due first


def test_actions_from_a_meeting_with_none_visible_is_an_empty_log_not_an_error(
    client, actions, body
):
    secret_meeting_minute = minute_of(
        body, date=dt.date(2018, 1, 10), is_restricted=True, restricted_reason="para-7"
    )
    action_with_owners(body, [], minute=secret_meeting_minute, description=f"Hidden {CANARY}")
    page = client.get(url("log", meeting=secret_meeting_minute.meeting.pk)).content.decode()
    assert "govuk-error-summary" not in page
    assert "No actions match" in page
    assert CANARY not in page


# --- the cached fragment (decision 0030) -------------------------------------------------------
# Served again only while the data under it is unchanged, and never to a viewer who may see
# less than the one it was rendered for.


@pytest.fixture
def fragment_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-fragments",
        },
    }
    caches["fragments"].clear()
    return caches["fragments"]


def test_a_warm_log_skips_the_rows_and_a_service_write_refreshes_it(
    client, users, actions, fragment_cache
):
    login(client, users, "secretariat")
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url("log")).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get(url("log")).content.decode()
    assert again.count("Circulate the briefing") == first.count("Circulate the briefing") > 0
    assert len(warm) < len(cold)  # the rows, owners and updates are not read again

    services.action_edit(
        actor=users["secretariat"],
        action=actions["public"],
        data={"description": "Circulate the revised briefing"},
    )
    fresh = client.get(url("log")).content.decode()
    assert "Circulate the revised briefing" in fresh


@pytest.mark.parametrize("then", [None, "outsider", "other_secretariat", "member"])
def test_a_cleared_viewers_fragment_never_reaches_a_viewer_who_may_not_see_it(
    client, users, actions, fragment_cache, then
):
    login(client, users, "cleared")
    for target in (url("log"), url("log", layout="plan")):
        assert CANARY in client.get(target).content.decode()
    client.logout()
    login(client, users, then)
    for target in (url("log"), url("log", layout="plan")):
        assert CANARY not in client.get(target).content.decode(), (then, target)


def test_each_query_string_is_its_own_fragment(client, users, actions, fragment_cache):
    login(client, users, "secretariat")
    assert "Circulate the briefing" in client.get(url("log", q="briefing")).content.decode()
    assert "Circulate the briefing" not in client.get(url("log", q="zebra")).content.decode()
