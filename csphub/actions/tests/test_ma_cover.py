"""The Matters Arising cover sheet: the partnership's defaults, a report's own wording over
them, the body's own words, and who may edit them (the secretariat, audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from csphub.accounts.permissions import viewer_for
from csphub.actions import services
from csphub.actions.matters_arising import build_document, matters_arising_for
from csphub.actions.models import CoverSheetDefaults, CoverSheetOverride
from csphub.audit.models import AuditEvent
from csphub.meetings.models import Meeting
from csphub.meetings.tests.factories import MeetingFactory
from csphub.partnerships import services as partnership_services
from csphub.partnerships.models import Body
from csphub.partnerships.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(partnership):
    body = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    return MeetingFactory(
        body=body, date=dt.date(2018, 3, 26), status=Meeting.Status.AGENDA_PUBLISHED
    )


def cover_of(meeting):
    return matters_arising_for(meeting, viewer_for(None, meeting.body.partnership)).cover


def summary(document) -> dict[str, str]:
    rows = {}
    for block in document.blocks:
        if type(block).__name__ == "SummaryList":
            rows |= {r.label: "".join(run.text for run in r.runs) for r in block.rows}
    return rows


def test_defaults_apply_and_a_meetings_override_wins(users, partnership, meeting):
    sec = users["secretariat"]
    assert cover_of(meeting).chief_officer == "Not applicable"  # nothing set yet
    services.cover_defaults_update(
        actor=sec,
        partnership=partnership,
        data={
            "decision_type": "Non Urgent Non Executive Non Key",
            "chief_officer": "Tasnim Shawkat, Director of Corporate Services and Governance",
            "ward": "N/A",
            "financial": "Cost of proposal: No Cost\nTotal current budget for this head: £366k",
        },
    )
    cover = cover_of(meeting)
    assert cover.chief_officer.startswith("Tasnim Shawkat")
    assert cover.ward == "N/A"
    services.cover_override_update(
        actor=sec,
        meeting=meeting,
        data={"chief_officer": "Mark Bowen, Director of Corporate Services", "ward": ""},
    )
    cover = cover_of(meeting)
    assert cover.chief_officer == "Mark Bowen, Director of Corporate Services"  # override
    assert cover.ward == "N/A"  # blank in the override: the default
    assert cover.decision_type == "Non Urgent Non Executive Non Key"
    assert cover.legal == "Not applicable"  # neither says: printed as such
    sections = dict(cover.sections)
    assert sections["Financial"] == [
        "Cost of proposal: No Cost",
        "Total current budget for this head: £366k",
    ]
    # Another meeting of the body keeps the defaults.
    other = MeetingFactory(body=meeting.body, date=dt.date(2018, 6, 21))
    assert cover_of(other).chief_officer.startswith("Tasnim Shawkat")
    rows = summary(build_document(matters_arising_for(meeting, viewer_for(sec, partnership))))
    assert rows["Chief officer"] == "Mark Bowen, Director of Corporate Services"
    assert rows["Decision type"] == "Non Urgent Non Executive Non Key"


def test_edits_are_audited_with_before_and_after(users, partnership, meeting):
    sec = users["secretariat"]
    services.cover_defaults_update(actor=sec, partnership=partnership, data={"ward": "N/A"})
    services.cover_defaults_update(actor=sec, partnership=partnership, data={"ward": "All"})
    services.cover_override_update(actor=sec, meeting=meeting, data={"ward": "Penge"})
    events = list(
        AuditEvent.objects.filter(verb__startswith="matters_arising.cover").order_by("seq")
    )
    assert [e.verb for e in events] == [
        "matters_arising.cover_defaults_create",
        "matters_arising.cover_defaults_update",
        "matters_arising.cover_create",
    ]
    assert events[1].before == {"ward": "N/A"} and events[1].after == {"ward": "All"}
    assert all(e.partnership_id == partnership.pk and e.actor_id == sec.pk for e in events)


@pytest.mark.parametrize("role", ["member", "cleared", "outsider", "other_secretariat"])
def test_only_the_secretariat_may_edit(users, partnership, meeting, role):
    with pytest.raises(PermissionDenied):
        services.cover_defaults_update(
            actor=users[role], partnership=partnership, data={"ward": "N/A"}
        )
    with pytest.raises(PermissionDenied):
        services.cover_override_update(actor=users[role], meeting=meeting, data={"ward": "N/A"})
    assert not CoverSheetDefaults.objects.exists() and not CoverSheetOverride.objects.exists()


def test_edit_pages_for_the_secretariat_only(client, users, partnership, meeting):
    defaults = reverse("matters_arising:cover_defaults", args=[partnership.slug])
    one = reverse("matters_arising:cover_edit", args=[partnership.slug, "board", "2018-03-26"])
    assert client.get(defaults).status_code == 302  # to sign in
    client.force_login(users["member"])
    assert client.get(defaults).status_code == 403
    assert client.post(one, {"ward": "Penge"}).status_code == 403
    assert not CoverSheetOverride.objects.exists()

    client.force_login(users["secretariat"])
    page = client.get(defaults).content.decode()
    assert "Chief officer" in page and "govuk-textarea" in page
    response = client.post(defaults, {"chief_officer": "Mark Bowen", "ward": "N/A"})
    assert response.status_code == 302
    response = client.post(one, {"chief_officer": "Tasnim Shawkat"})
    assert response.status_code == 302
    report = client.get(response["Location"]).content.decode()
    assert "Tasnim Shawkat" in report and "Mark Bowen" not in report
    assert AuditEvent.objects.filter(verb="matters_arising.cover_create").count() == 1


def test_reason_and_recommendation_take_the_bodys_words(users, partnership, meeting):
    body = meeting.body
    cover = build_document(matters_arising_for(meeting, viewer_for(None, partnership)))
    texts = [
        "".join(r.text for r in b.runs) for b in cover.blocks if type(b).__name__ == "Paragraph"
    ]
    assert "The Board is asked to review progress on matters arising from previous meetings." in (
        texts
    )  # a board, with no words set
    sec = users["secretariat"]
    partnership_services.body_update(
        actor=sec, body=body, data={"word": "Panel", "members_word": "Members"}
    )
    report = matters_arising_for(Meeting.objects.get(pk=meeting.pk), viewer_for(None, partnership))
    assert report.recommendation.startswith("The Panel is asked")
    assert report.reason.startswith("Appendix A updates Members on")
    # A former name keeps the words of its day.
    partnership_services.body_former_name_add(
        actor=sec,
        body=body,
        name="Strategic Group",
        until=dt.date(2018, 12, 31),
        word="Group",
        members_word="Members",
    )
    report = matters_arising_for(Meeting.objects.get(pk=meeting.pk), viewer_for(None, partnership))
    assert report.recommendation.startswith("The Group is asked")
    subgroup = BodyFactory(partnership=partnership, slug="vawg", kind=Body.Kind.SUBGROUP)
    sub_meeting = MeetingFactory(body=subgroup, date=dt.date(2018, 3, 1))
    assert matters_arising_for(sub_meeting, viewer_for(sec, partnership)).words == (
        "Group",
        "the Group",
    )
