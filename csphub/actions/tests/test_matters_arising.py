"""Matters Arising: generated from the action log, never typed.

Which actions a report lists (open, or closed since the previous meeting; earlier meetings
only; nothing restricted for the public), how it is grouped and ordered, its JSON, PDF and
DOCX forms, the secretariat's one-click outcomes and wording edits, and query counts that
do not grow with the number of actions.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx
from pypdf import PdfReader

from csphub.accounts.permissions import viewer_for
from csphub.actions import services
from csphub.actions.matters_arising import (
    build_document,
    matters_arising_for,
    report_json,
)
from csphub.actions.models import Action, ActionUpdate
from csphub.audit.models import AuditEvent
from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinuteFactory,
    PaperFactory,
    ResolutionFactory,
)
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory

pytestmark = pytest.mark.django_db

KEYS = {"minute", "meeting_date", "title", "matter", "owners", "status", "update"}


def aware(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")


@pytest.fixture
def meetings(board):
    """Four meetings of the board; the March one is the meeting the report is for."""
    approved = Meeting.Status.MINUTES_APPROVED
    return {
        "oct": MeetingFactory(body=board, date=dt.date(2017, 10, 16), status=approved),
        "dec": MeetingFactory(body=board, date=dt.date(2017, 12, 19), status=approved),
        "mar": MeetingFactory(
            body=board, date=dt.date(2018, 3, 26), status=Meeting.Status.AGENDA_PUBLISHED
        ),
        "jun": MeetingFactory(
            body=board, date=dt.date(2018, 6, 21), status=Meeting.Status.SCHEDULED
        ),
    }


@pytest.fixture
def ma_item(meetings):
    return AgendaItemFactory(
        meeting=meetings["mar"],
        title="Matters arising",
        standing=AgendaItem.Standing.MATTERS_ARISING,
        position=5,
    )


@pytest.fixture
def people(partnership):
    return {
        "lg": PersonFactory(partnership=partnership, name="Laurie Grasty", initials="LG"),
        "tg": PersonFactory(partnership=partnership, name="Terry Gooding", initials="TG"),
        "ls": PersonFactory(partnership=partnership, name="Lucien Spencer", initials="LS"),
    }


def minute(meeting, number, title, suffix="", **kw):
    return MinuteFactory(meeting=meeting, number=number, suffix=suffix, title=title, **kw)


def act(users, m, description, owners, *, resolution=None, created=None, **kw):
    return services.action_create(
        actor=users["secretariat"],
        body=m.meeting.body,
        description=description,
        owners=owners,
        minute=m,
        resolution=resolution,
        source=Action.Source.RESOLUTION if resolution else Action.Source.MINUTE,
        created_at=created or aware(m.meeting.date, 13),
        **kw,
    )


def report_for(meeting, user=None):
    return matters_arising_for(meeting, viewer_for(user, meeting.body.partnership))


def labels(report) -> list[tuple[str, str]]:
    return [(g.label, g.meeting_date.isoformat()) for g in report.groups]


def url(meeting, name="matters_arising:report", *extra):
    return reverse(
        name,
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat(), *extra],
    )


@pytest.fixture
def december(users, meetings, people):
    """Minutes of 19 December 2017 with actions, as in report CSD18054."""
    dec = meetings["dec"]
    m180 = minute(dec, 180, "Resilience update")
    r1 = ResolutionFactory(
        minute=m180,
        position=1,
        text=(
            "RESOLVED that an update on the mass casualty exercise is brought to the next meeting."
        ),
    )
    r2 = ResolutionFactory(
        minute=m180, position=2, text="RESOLVED that Victim Support is invited to participate."
    )
    m186a = minute(dec, 186, "Offender management update", suffix="a")
    m181 = minute(dec, 181, "Update on the Prevent strategy")
    return {
        # created out of minute order on purpose
        "186a": act(users, m186a, "Update on the CRC Jobs Fair", [people["ls"]]),
        "180-1": act(
            users,
            m180,
            "Bring an update on the mass casualty exercise",
            [people["lg"], people["tg"]],
            resolution=r1,
            due_next_meeting=True,
            rag="amber",
        ),
        "180-2": act(users, m180, "Invite Victim Support", [people["tg"]], resolution=r2),
        "181": act(users, m181, "Update on the revised Prevent Action Plan", [people["lg"]]),
    }


# --- which actions, in which order --------------------------------------------------------


def test_open_actions_grouped_by_minute_in_minute_order(december, meetings):
    report = report_for(meetings["mar"])
    assert labels(report) == [("180", "2017-12-19"), ("181", "2017-12-19"), ("186a", "2017-12-19")]
    first = report.groups[0]
    assert first.title == "Resilience update"
    assert [line.pk for line in first.lines] == [december["180-1"].pk, december["180-2"].pk]
    line = first.lines[0]
    # the matter as resolved, the action's own words beside it
    assert line.matter.startswith("RESOLVED that an update on the mass casualty exercise")
    assert line.description == "Bring an update on the mass casualty exercise"
    assert line.owner_names == ["Laurie Grasty", "Terry Gooding"]
    assert line.owner_initials == "LG/TG"
    assert line.status_label == "Open"
    assert line.rag_label == "! Amber (at risk)"
    assert line.due == dt.date(2018, 3, 26)  # "by the next meeting" after 19 December
    # no resolution: the matter is the action's description
    assert report.groups[1].lines[0].matter == "Update on the revised Prevent Action Plan"


def test_earlier_meetings_only(users, december, meetings, people):
    same_day = act(
        users, minute(meetings["mar"], 195, "Chairman's update"), "Later", [people["lg"]]
    )
    later = act(users, minute(meetings["jun"], 205, "June item"), "Much later", [people["lg"]])
    other_body = BodyFactory(partnership=meetings["mar"].body.partnership, slug="vawg")
    elsewhere = act(
        users,
        minute(MeetingFactory(body=other_body, date=dt.date(2017, 11, 1)), 12, "VAWG"),
        "Another body's action",
        [people["lg"]],
    )
    ids = {line.pk for line in report_for(meetings["mar"]).lines}
    assert ids == {a.pk for a in december.values()}
    assert not ids & {same_day.pk, later.pk, elsewhere.pk}
    # the June report does list the March action
    assert same_day.pk in {
        line.pk for line in report_for(meetings["jun"], users["secretariat"]).lines
    }


def test_closed_action_reported_once_then_drops_out(users, meetings, people):
    """Closed after the December meeting: the March report shows it closed, June's does not.
    Closed before the December meeting: December's report showed its closing, March's not."""
    sec = users["secretariat"]
    october = minute(meetings["oct"], 170, "Resilience overview")
    late = act(users, october, "Send the Risk Forum minutes", [people["lg"]])
    early = act(users, october, "Circulate the MSLs", [people["tg"]])
    services.action_update_record(
        actor=sec, action=late, text="The minutes were circulated.", at=aware(dt.date(2018, 1, 9))
    )
    services.action_set_status(
        actor=sec, action=late, status="done", note="Sent.", at=aware(dt.date(2018, 1, 10))
    )
    services.action_set_status(
        actor=sec, action=early, status="done", at=aware(dt.date(2017, 11, 2))
    )

    december = report_for(meetings["dec"], sec)
    march = report_for(meetings["mar"], sec)
    june = report_for(meetings["jun"], sec)

    assert {line.pk for line in december.lines} == {late.pk, early.pk}
    assert {line.pk for line in march.lines} == {late.pk}
    assert june.lines == []

    line = march.lines[0]
    assert not line.is_open
    assert line.closed_on == dt.date(2018, 1, 10)
    assert line.closing_note == "Sent."
    assert line.update_text == "The minutes were circulated."
    assert march.closed_count == 1 and march.open_count == 0
    cell = build_document(march).blocks[-1].body_cells[0][2]
    assert "Closed (done) on 10 January 2018." in "".join(r.text for r in cell.runs)


def test_held_meeting_report_is_the_one_the_meeting_had(users, meetings, people):
    """Once a meeting is held its report stays as it stood that morning: later updates and
    the closing at the meeting are shown beside it, and reported in the next report."""
    sec = users["secretariat"]
    mar, jun = meetings["mar"], meetings["jun"]
    dec_minute = minute(meetings["dec"], 187, "Motorbikes")
    action = act(users, dec_minute, "Check the whereabouts of 2 MPS motorbikes", [people["tg"]])
    services.action_update_record(
        actor=sec, action=action, text="Forwarded to DS Warnett.", at=aware(dt.date(2018, 3, 15))
    )
    services.action_set_status(
        actor=sec, action=action, status="done", note="Bikes found.", at=aware(mar.date)
    )
    services.action_update_record(
        actor=sec, action=action, text="Bikes back in service.", at=aware(dt.date(2018, 4, 2))
    )
    recorded_late = act(
        users, dec_minute, "Entered after the meeting", [people["lg"]], created=aware(mar.date)
    )

    live = report_for(mar, sec)  # not held yet: the report is live
    assert {line.pk for line in live.lines} == {action.pk, recorded_late.pk}
    assert live.lines[0].status == "done" and live.as_at is None

    mar.status = Meeting.Status.HELD
    mar.save()
    held = report_for(mar, sec)
    assert held.as_at == aware(mar.date, 0)
    assert [line.pk for line in held.lines] == [action.pk]
    line = held.lines[0]
    assert (line.status, line.is_open, line.is_open_now) == ("open", True, False)
    assert line.update_text == "Forwarded to DS Warnett."
    assert line.later_label == "Done on 26 March 2018"
    assert report_json(held)["items"][0]["status"] == "open"
    assert report_json(held)["items"][0]["status_now"] == "done"

    june = report_for(jun, sec)
    line = next(line for line in june.lines if line.pk == action.pk)
    assert (line.status, line.closed_on, line.closing_note) == (
        "done",
        dt.date(2018, 3, 26),
        "Bikes found.",
    )
    assert line.update_text == "Bikes back in service."
    assert line.later is None
    september = MeetingFactory(body=jun.body, date=dt.date(2018, 9, 20))
    assert action.pk not in {line.pk for line in report_for(september, sec).lines}


def test_closing_at_a_held_meeting_shows_beside_the_line(client, users, december, meetings):
    meetings["mar"].status = Meeting.Status.HELD
    meetings["mar"].save()
    client.force_login(users["secretariat"])
    target = url(meetings["mar"], "matters_arising:close", december["181"].pk)
    page = client.get(client.post(target, {"outcome": "done"})["Location"]).content.decode()
    assert "Since this meeting" in page
    assert "Done on " in page


def test_open_action_keeps_appearing_until_closed(users, meetings, people):
    old = act(users, minute(meetings["oct"], 171, "Prevent"), "Revise the plan", [people["lg"]])
    services.action_set_status(
        actor=users["secretariat"],
        action=old,
        status="carried_forward",
        at=aware(dt.date(2017, 12, 19)),
    )
    for key in ["dec", "mar", "jun"]:
        assert [line.pk for line in report_for(meetings[key], users["secretariat"]).lines] == [
            old.pk
        ]


def test_no_previous_meeting_includes_all_closed(users, meetings, people):
    first = MeetingFactory(
        body=meetings["oct"].body, date=dt.date(2017, 1, 5), status=Meeting.Status.MINUTES_APPROVED
    )
    done = act(users, minute(first, 100, "First"), "Done long ago", [people["lg"]], status="done")
    report = report_for(meetings["oct"], users["secretariat"])
    assert report.previous == dt.date(2017, 1, 5)
    assert done.pk in {line.pk for line in report.lines}  # closed after the 5 January meeting
    assert report_for(first).lines == []


def test_restricted_actions_left_out_for_the_public(users, december, meetings, people):
    secret = minute(
        meetings["dec"], 190, "Gang matrix", is_restricted=True, restricted_reason="para-7"
    )
    hidden = act(users, secret, "Share the matrix", [people["lg"]])
    assert hidden.is_restricted
    for user in [None, users["member"], users["outsider"]]:
        assert hidden.pk not in {line.pk for line in report_for(meetings["mar"], user).lines}
    for user in [users["cleared"], users["secretariat"]]:
        report = report_for(meetings["mar"], user)
        assert hidden.pk in {line.pk for line in report.lines}
        assert report.has_restricted


def test_restricted_action_not_on_public_page_or_json(
    client, users, december, meetings, people, ma_item
):
    secret = minute(meetings["dec"], 190, "Gang matrix CANARY", is_restricted=True)
    act(users, secret, "Share the CANARY matrix", [people["lg"]])
    page = client.get(url(meetings["mar"])).content.decode()
    assert "CANARY" not in page
    for fmt in ["pdf", "docx"]:
        response = client.get(url(meetings["mar"], "meetings:document", "matters-arising", fmt))
        assert response.status_code == 200
        assert b"CANARY" not in response.content
    out = io.StringIO()
    call_command("matters_arising", meetings["mar"].key, stdout=out)
    assert "CANARY" not in out.getvalue()


def test_unpublished_minutes_are_not_reported_to_the_public(
    users, meetings, people, client, ma_item
):
    meetings["dec"].status = Meeting.Status.HELD
    meetings["dec"].save()
    action = act(users, minute(meetings["dec"], 180, "Resilience"), "Draft action", [people["lg"]])
    assert report_for(meetings["mar"]).lines == []
    report = report_for(meetings["mar"], users["secretariat"])
    assert [line.pk for line in report.lines] == [action.pk]
    assert report.unpublished_count == 1
    client.force_login(users["secretariat"])
    assert "minutes are not published yet" in client.get(url(meetings["mar"])).content.decode()


# --- the open-data form and the documents -------------------------------------------------


def test_json_shape(users, december, meetings):
    services.action_update_record(
        actor=users["secretariat"],
        action=december["186a"],
        text="Awaiting update from Mr Spencer.",
        at=aware(dt.date(2018, 2, 22)),
    )
    out = io.StringIO()
    call_command("matters_arising", meetings["mar"].key, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["meeting"] == "safer-testshire/board/2018-03-26"
    assert [i["minute"] for i in data["items"]] == ["180", "180", "181", "186a"]
    for item in data["items"]:
        assert set(item) >= KEYS
        assert item["meeting_date"] == "2017-12-19"
        assert isinstance(item["owners"], list)
    jobs_fair = data["items"][-1]
    assert jobs_fair == {
        **jobs_fair,
        "minute": "186a",
        "title": "Offender management update",
        "matter": "Update on the CRC Jobs Fair",
        "owners": ["Lucien Spencer"],
        "status": "open",
        "update": "Awaiting update from Mr Spencer.",
        "update_date": "2018-02-22",
    }
    assert data["items"][0]["owners"] == ["Laurie Grasty", "Terry Gooding"]
    assert report_json(report_for(meetings["mar"])) == data


def test_report_number_from_the_paper_or_generated(users, december, meetings, ma_item):
    assert report_for(meetings["mar"]).reference == "MA-board-2018-03-26"
    PaperFactory(item=ma_item, title="Matters Arising", reference="CSD18054")
    assert report_for(meetings["mar"]).reference == "CSD18054"


def _pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def _docx_text(content: bytes) -> str:
    d = Docx(io.BytesIO(content))
    text = "\n".join(p.text for p in d.paragraphs)
    return text + "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_command_writes_documents(users, december, meetings, ma_item, tmp_path, fmt):
    out = tmp_path / f"ma.{fmt}"
    call_command(
        "matters_arising", meetings["mar"].key, format=fmt, out=str(out), stdout=io.StringIO()
    )
    content = out.read_bytes()
    text = {
        "pdf": _pdf_text,
        "docx": _docx_text,
        "html": lambda b: b.decode(),
    }[fmt](content)
    for number in ["180", "181", "186a"]:
        assert f"Minute {number}" in text
    text = " ".join(text.split()).replace("/ ", "/")  # table cells wrap in the PDF
    for words in [
        "MA-board-2018-03-26",
        "Safer Testshire Board",
        "Monday 26 March 2018",
        "Appendix A",
        "Minute Number/Title",
        "Matters Arising",
        "Update",
        "review progress on matters arising from previous meetings",
        "LG/TG",
    ]:
        assert words in text, words


def test_document_layout(users, december, meetings, partnership):
    partnership.contact_name = "Steve Wood, Democratic Services Officer"
    partnership.save()
    document = build_document(report_for(meetings["mar"]))
    summary = next(b for b in document.blocks if type(b).__name__ == "SummaryList")
    rows = {r.label: "".join(run.text for run in r.runs) for r in summary.rows}
    assert rows["Report number"] == "MA-board-2018-03-26"
    assert rows["Decision maker"] == "Safer Testshire Board"
    assert rows["Date"] == "Monday 26 March 2018"
    assert rows["Contact officer"].startswith("Steve Wood")
    paragraphs = [
        "".join(r.text for r in b.runs) for b in document.blocks if type(b).__name__ == "Paragraph"
    ]
    assert (
        "The Board is asked to review progress on matters arising from previous meetings."
        in paragraphs
    )
    table = document.blocks[-1]
    assert [c.text for c in table.header_cells[0]] == [
        "Minute Number/Title",
        "Matters Arising",
        "Update",
    ]
    assert len(table.rows) == 4
    assert document.marking == ""


def test_command_refuses_unpublished_meeting_and_unknown_user(users, meetings):
    with pytest.raises(CommandError, match="not published"):
        call_command("matters_arising", meetings["jun"].key)
    with pytest.raises(CommandError, match="No user"):
        call_command("matters_arising", meetings["mar"].key, as_user="nobody")
    out = io.StringIO()
    call_command(
        "matters_arising", meetings["jun"].key, as_user=users["secretariat"].username, stdout=out
    )
    assert json.loads(out.getvalue())["meeting"].endswith("2018-06-21")


# --- pages ----------------------------------------------------------------------------------


def test_report_page_public_when_agenda_published(client, users, december, meetings, ma_item):
    response = client.get(url(meetings["mar"]))
    assert response.status_code == 200
    page = response.content.decode()
    for words in ["Minute 180", "Resilience update", "Minute 186a", "LG/TG", "MA-board-2018-03-26"]:
        assert words in page
    assert "Mark done" not in page and "Edit wording" not in page
    assert client.get(url(meetings["jun"])).status_code == 404
    pdf = client.get(url(meetings["mar"], "meetings:document", "matters-arising", "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Minute 186a" in _pdf_text(pdf.content)
    docx = client.get(url(meetings["mar"], "meetings:document", "matters-arising", "docx"))
    assert "Minute 186a" in _docx_text(docx.content)
    assert client.get(url(meetings["mar"]) + "?format=exe").status_code == 404


def test_report_page_for_secretariat_has_buttons_even_before_publishing(
    client, users, meetings, people
):
    action = act(users, minute(meetings["mar"], 195, "March item"), "Do it", [people["lg"]])
    client.force_login(users["secretariat"])
    page = client.get(url(meetings["jun"])).content.decode()
    assert f'id="action-{action.pk}"' in page
    assert "Mark done" in page and "Carry forward" in page


def test_meeting_page_links_the_generated_report(client, users, december, meetings, ma_item):
    page = client.get(reverse("meetings:detail", args=["safer-testshire", "board", "2018-03-26"]))
    html = page.content.decode()
    assert url(meetings["mar"]) in html
    assert "Matters Arising report" in html
    assert 'id="matters-arising"' in html
    assert "Mark done" not in html
    client.force_login(users["secretariat"])
    html = client.get(
        reverse("meetings:detail", args=["safer-testshire", "board", "2018-03-26"])
    ).content.decode()
    assert html.count('value="done"') == 4
    assert url(meetings["mar"], "matters_arising:close", december["181"].pk) in html


def test_agenda_document_lists_the_report_as_the_paper(client, december, meetings, ma_item):
    response = client.get(
        reverse(
            "meetings:document",
            args=["safer-testshire", "board", "2018-03-26", "agenda", "html"],
        )
    )
    assert "Matters Arising report" in response.content.decode()
    response = client.get(
        reverse(
            "meetings:document",
            args=["safer-testshire", "board", "2018-03-26", "matters-arising", "pdf"],
        )
    )
    assert response.status_code == 200
    assert "Minute 181" in _pdf_text(response.content)


def test_old_format_links_move_permanently_to_the_meeting_document(
    client, december, meetings, ma_item
):
    """Links published as .../matters-arising/board/2018-03-26/?format=pdf keep working."""
    for fmt in ["pdf", "docx"]:
        response = client.get(url(meetings["mar"]) + f"?format={fmt}")
        assert response.status_code == 301
        target = url(meetings["mar"], "meetings:document", "matters-arising", fmt)
        assert response["Location"] == target
        assert response["Location"].endswith(f"/2018-03-26/matters-arising.{fmt}")
    assert client.get(url(meetings["jun"]) + "?format=pdf").status_code == 404  # unpublished
    assert client.get(url(meetings["mar"]) + "?format=html").status_code == 404


# --- one click at the meeting ---------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["done", "carried_forward"])
def test_close_or_carry_forward(client, users, december, meetings, outcome):
    action = december["181"]
    client.force_login(users["secretariat"])
    response = client.post(
        url(meetings["mar"], "matters_arising:close", action.pk), {"outcome": outcome}
    )
    assert response.status_code == 302
    assert response["Location"] == url(meetings["mar"]) + f"#action-{action.pk}"
    action.refresh_from_db()
    assert action.status == outcome
    assert (action.closed_at is not None) == (outcome == "done")
    history = action.updates.get(kind=ActionUpdate.Kind.STATUS)
    assert (history.status_before, history.status_after) == ("open", outcome)
    assert history.text == "At the meeting on 26 March 2018."
    assert history.author == users["secretariat"]
    assert AuditEvent.objects.filter(verb="action.status", object_id=str(action.pk)).exists()
    follow = client.get(response["Location"]).content.decode()
    assert "marked done" in follow or "carried forward" in follow


def test_close_returns_to_the_meeting_page(client, users, december, meetings):
    client.force_login(users["secretariat"])
    back = (
        reverse("meetings:detail", args=["safer-testshire", "board", "2018-03-26"])
        + "#matters-arising"
    )
    target = url(meetings["mar"], "matters_arising:close", december["181"].pk)
    response = client.post(target, {"outcome": "done", "next": back})
    assert response["Location"] == back
    response = client.post(
        url(meetings["mar"], "matters_arising:close", december["180-1"].pk),
        {"outcome": "done", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(url(meetings["mar"]))


def test_close_is_for_the_secretariat_only(client, users, december, meetings):
    target = url(meetings["mar"], "matters_arising:close", december["181"].pk)
    assert client.post(target, {"outcome": "done"}).status_code == 302  # sign in first
    for who in ["member", "cleared", "outsider", "other_secretariat"]:
        client.force_login(users[who])
        assert client.post(target, {"outcome": "done"}).status_code == 403, who
    client.force_login(users["secretariat"])
    assert client.get(target).status_code == 405
    assert client.post(target, {"outcome": "dropped"}).status_code == 400
    december["181"].refresh_from_db()
    assert december["181"].status == "open"
    assert not december["181"].updates.filter(kind=ActionUpdate.Kind.STATUS).exists()


def test_close_only_reaches_actions_this_report_lists(client, users, december, meetings, people):
    later = act(users, minute(meetings["jun"], 205, "June"), "Later", [people["lg"]])
    client.force_login(users["secretariat"])
    target = url(meetings["mar"], "matters_arising:close", later.pk)
    assert client.post(target, {"outcome": "done"}).status_code == 404


# --- the wording of updates -----------------------------------------------------------------


def test_edit_wording_is_audited_and_published_but_the_original_kept(
    client, users, december, meetings, ma_item
):
    update = services.action_update_record(
        actor=users["secretariat"],
        action=december["186a"],
        text="still nothing from spencer!!",
        at=aware(dt.date(2018, 2, 22)),
    )
    target = url(meetings["mar"], "matters_arising:edit_wording", update.pk)
    client.force_login(users["member"])
    assert client.get(target).status_code == 403
    assert client.post(target, {"published_text": "x"}).status_code == 403
    client.force_login(users["secretariat"])
    form = client.get(target)
    assert form.status_code == 200
    assert "still nothing from spencer!!" in form.content.decode()
    assert client.post(target, {"published_text": ""}).status_code == 200  # error shown
    response = client.post(target, {"published_text": "Awaiting update from Mr Spencer."})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.text == "still nothing from spencer!!"
    assert update.published_text == "Awaiting update from Mr Spencer."
    event = AuditEvent.objects.get(verb="action_update.edit_wording")
    assert event.before == {"text": "still nothing from spencer!!"}
    assert event.after == {"text": "Awaiting update from Mr Spencer."}

    secretariat_page = client.get(url(meetings["mar"])).content.decode()
    assert "Awaiting update from Mr Spencer." in secretariat_page
    assert "still nothing from spencer!!" in secretariat_page  # shown as the owner's words
    client.logout()
    public_page = client.get(url(meetings["mar"])).content.decode()
    assert "Awaiting update from Mr Spencer." in public_page
    assert "still nothing from spencer" not in public_page
    out = io.StringIO()
    call_command("matters_arising", meetings["mar"].key, stdout=out)
    assert json.loads(out.getvalue())["items"][-1]["update"] == "Awaiting update from Mr Spencer."


def test_edit_wording_only_for_updates_in_the_report(client, users, december, meetings, people):
    later = act(users, minute(meetings["jun"], 205, "June"), "Later", [people["lg"]])
    update = services.action_update_record(actor=users["secretariat"], action=later, text="x")
    client.force_login(users["secretariat"])
    assert (
        client.get(url(meetings["mar"], "matters_arising:edit_wording", update.pk)).status_code
        == 404
    )
    created = december["181"].updates.get(kind=ActionUpdate.Kind.CREATED)
    assert (
        client.get(url(meetings["mar"], "matters_arising:edit_wording", created.pk)).status_code
        == 404
    )


# --- query counts ---------------------------------------------------------------------------


def grow(users, meetings, people, n):
    dec = meetings["dec"]
    start = 300 + Action.objects.count() * 3
    for i in range(n):
        m = minute(dec, start + i, f"Item {i}")
        res = ResolutionFactory(minute=m, text=f"RESOLVED that item {i} be done.")
        a = act(users, m, f"Action {i}", [people["lg"], people["tg"]], resolution=res)
        services.action_update_record(actor=users["secretariat"], action=a, text=f"Update {i}")
        if i % 3 == 0:
            services.action_set_status(actor=users["secretariat"], action=a, status="done")


def count(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [None, "secretariat"])
def test_report_page_queries_do_not_grow(client, users, meetings, people, ma_item, role):
    if role:
        client.force_login(users[role])

    def page():
        assert client.get(url(meetings["mar"])).status_code == 200

    grow(users, meetings, people, 3)
    few = count(page)
    grow(users, meetings, people, 27)
    assert len(report_for(meetings["mar"], users["secretariat"]).lines) == 30
    assert count(page) == few


def test_json_and_meeting_page_queries_do_not_grow(client, users, meetings, people, ma_item):
    mar = Meeting.objects.select_related("body", "body__partnership").get(pk=meetings["mar"].pk)
    viewer = viewer_for(None, mar.body.partnership)
    detail = reverse("meetings:detail", args=["safer-testshire", "board", "2018-03-26"])
    client.force_login(users["secretariat"])

    grow(users, meetings, people, 3)
    few_json = count(lambda: report_json(matters_arising_for(mar, viewer)))
    few_page = count(lambda: client.get(detail))
    grow(users, meetings, people, 27)
    assert count(lambda: report_json(matters_arising_for(mar, viewer))) == few_json
    assert count(lambda: client.get(detail)) == few_page
    assert few_json <= 7


# --- the demo: the seeds' reports regenerated ----------------------------------------------


def test_demo_reports_match_the_seeds(db):
    from csphub.demo.loader import FIXTURES, load_fixture

    path = FIXTURES / "safer-bromley.yaml"
    if "actions:" not in path.read_text(encoding="utf-8"):
        pytest.skip("The Safer Bromley demo fixture has no actions yet.")
    load_fixture(path)
    for key, day, expected in [
        (
            "safer-bromley/board/2018-03-26",
            "2017-12-19",
            {"180", "181", "183", "186a", "187", "189"},
        ),
        ("safer-bromley/board/2023-06-02", "2023-01-12", {"50", "52", "53", "58"}),
    ]:
        out = io.StringIO()
        call_command("matters_arising", key, stdout=out)
        data = json.loads(out.getvalue())
        found = {i["minute"] for i in data["items"] if i["meeting_date"] == day}
        assert expected <= found, f"{key}: missing {sorted(expected - found)}"
        assert all(i["update"] for i in data["items"] if i["minute"] in expected)
        if day == "2017-12-19":  # as the March 2018 meeting had them: all still open
            assert all(
                i["status"] in {"open", "in_progress", "carried_forward"}
                for i in data["items"]
                if i["minute"] in expected
            )
        for item in data["items"]:
            assert set(item) >= KEYS
