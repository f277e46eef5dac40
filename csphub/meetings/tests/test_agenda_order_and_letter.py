"""The agenda's closing items stay in the published order however they are added; the
letter date is stored when the agenda is published and the secretariat may change it; a
vacant seat is in the printed membership list and nowhere people are expected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from csphub.accounts.permissions import viewer_for
from csphub.meetings import services
from csphub.meetings.documents import build_agenda
from csphub.meetings.selectors import meeting_record
from csphub.meetings.tests.factories import MeetingFactory
from csphub.partnerships import services as ps
from csphub.partnerships.selectors import memberships_on
from csphub.partnerships.tests.factories import BodyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_user(users):
    return users["secretariat"]


@pytest.fixture
def public_viewer(partnership):
    return viewer_for(None, partnership)


@pytest.fixture
def meeting(partnership):
    body = BodyFactory(partnership=partnership, chair_title="Chairman")
    return MeetingFactory(body=body, date=dt.date(2030, 3, 26), status="scheduled")


def test_next_meeting_added_after_aob_stays_after_it(meeting, secretariat_user):
    for title, standing in [
        ("Any other business", "aob"),
        ("Date of next meeting", "next_meeting"),
    ]:
        services.agenda_item_add(
            actor=secretariat_user, meeting=meeting, title=title, standing=standing
        )
    services.agenda_item_add(actor=secretariat_user, meeting=meeting, title="Prevent")
    assert [i.title for i in meeting.items.order_by("position")] == [
        "Prevent",
        "Any other business",
        "Date of next meeting",
    ]


def test_letter_date_defaults_to_publication_and_can_be_set(meeting, secretariat_user):
    at = timezone.make_aware(dt.datetime(2030, 3, 15, 9))
    services.agenda_publish(actor=secretariat_user, meeting=meeting, at=at)
    meeting.refresh_from_db()
    assert meeting.letter_date == dt.date(2030, 3, 15)
    services.meeting_update(
        actor=secretariat_user, meeting=meeting, data={"letter_date": dt.date(2030, 3, 14)}
    )
    meeting.refresh_from_db()
    assert meeting.letter_date == dt.date(2030, 3, 14)


def test_undated_agenda_prints_no_letter_date(meeting, secretariat_user, public_viewer):
    at = timezone.make_aware(dt.datetime(2030, 3, 15, 9))
    services.agenda_publish(actor=secretariat_user, meeting=meeting, at=at, dated=False)
    meeting.refresh_from_db()
    document = build_agenda(meeting_record(meeting, public_viewer))
    assert document is not None
    assert document.blocks[0].date_text == ""


def test_vacant_seat_is_printed_but_not_a_person(meeting, secretariat_user, public_viewer):
    body = meeting.body
    magistrates = OrganisationFactory(
        partnership=body.partnership, name="Magistrates Courts Service"
    )
    chair = PersonFactory(partnership=body.partnership, name="Anne Bristow")
    ps.membership_create(actor=secretariat_user, body=body, person=chair, role="chair")
    ps.membership_create(
        actor=secretariat_user, body=body, person=None, organisation=magistrates, position=5
    )
    assert [m.holder for m in memberships_on(body, meeting.date)] == ["Anne Bristow"]
    seats = memberships_on(body, meeting.date, vacancies=True)
    assert [m.holder for m in seats] == ["Anne Bristow", "Vacant"]
    services.agenda_publish(actor=secretariat_user, meeting=meeting)
    meeting.refresh_from_db()
    sheet = build_agenda(meeting_record(meeting, public_viewer)).blocks[0]
    assert [m.display for m in sheet.members] == [
        "Anne Bristow (Chairman)",
        "Vacant – Magistrates Courts Service",
    ]


def test_vacant_seat_needs_an_organisation(meeting, secretariat_user):
    with pytest.raises(ValueError, match="vacant seat"):
        ps.membership_create(actor=secretariat_user, body=meeting.body, person=None)
