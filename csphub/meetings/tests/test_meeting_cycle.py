"""The meeting cycle (issue 11): the services refuse what has not happened yet, every step
that cannot be taken back has a confirmation page, the notice period is shown before and
after publishing, and the public form takes questions only for meetings still to come."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from csphub.audit.models import AuditEvent
from csphub.meetings import services
from csphub.meetings.links import meeting_url
from csphub.meetings.models import AgendaItem, Meeting, Question
from csphub.meetings.selectors import approval_meetings
from csphub.meetings.tests.factories import MinuteFactory
from csphub.partnerships.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

PAST = dt.date(2017, 12, 19)  # a Tuesday
LATER = dt.date(2018, 3, 26)  # a Monday


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="board", notice_clear_days=5)


@pytest.fixture
def sec(users):
    return users["secretariat"]


@pytest.fixture
def sec_client(client, sec):
    client.force_login(sec)
    return client


def future(days: int = 60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def schedule(sec, body, day: dt.date) -> Meeting:
    return services.meeting_schedule(
        actor=sec, body=body, date=day, start_time=dt.time(10), venue="Committee Room 1"
    )


def held(sec, body, day: dt.date) -> Meeting:
    meeting = schedule(sec, body, day)
    services.agenda_publish(actor=sec, meeting=meeting)
    return services.meeting_mark_held(actor=sec, meeting=meeting)


def with_draft_minutes(sec, meeting: Meeting) -> Meeting:
    MinuteFactory(meeting=meeting, number=175, title="Matters arising")
    return services.minutes_publish_draft(actor=sec, meeting=meeting)


def previous_item(meeting: Meeting) -> AgendaItem:
    return meeting.items.get(standing=AgendaItem.Standing.PREVIOUS_MINUTES)


# --- Services -------------------------------------------------------------------------


def test_mark_held_before_the_start_is_refused_and_changes_nothing(sec, body):
    meeting = schedule(sec, body, future())
    services.agenda_publish(actor=sec, meeting=meeting)
    with pytest.raises(ValidationError, match="before it starts"):
        services.meeting_mark_held(actor=sec, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert not AuditEvent.objects.filter(verb="meeting.held").exists()
    # from the start it can be marked held (`now` is passed in, as the view does)
    start = timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(10)))
    services.meeting_mark_held(actor=sec, meeting=meeting, now=start)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_publishing_draft_minutes_of_a_future_meeting_is_refused(sec, body):
    meeting = schedule(sec, body, future())
    services.agenda_publish(actor=sec, meeting=meeting)
    MinuteFactory(meeting=meeting, number=1, title="Welcome")
    with pytest.raises(ValidationError, match="before it starts"):
        services.minutes_publish_draft(actor=sec, meeting=meeting)


def test_approval_needs_a_later_held_meeting_of_the_same_body(sec, body, partnership):
    first = with_draft_minutes(sec, held(sec, body, PAST))
    unheld = schedule(sec, body, LATER)
    with pytest.raises(ValidationError, match="has been held"):
        services.minutes_approve(actor=sec, meeting=first, at_meeting=unheld)
    earlier = held(sec, body, dt.date(2017, 10, 16))
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(actor=sec, meeting=first, at_meeting=earlier)
    other_body = BodyFactory(partnership=partnership, slug="asb")
    elsewhere = held(sec, other_body, LATER)
    with pytest.raises(ValidationError, match="same body"):
        services.minutes_approve(actor=sec, meeting=first, at_meeting=elsewhere)
    assert Meeting.objects.get(pk=first.pk).status == Meeting.Status.DRAFT_MINUTES

    assert list(approval_meetings(first)) == []  # neither the unheld one nor the others
    services.agenda_publish(actor=sec, meeting=unheld)
    services.meeting_mark_held(actor=sec, meeting=unheld)
    assert list(approval_meetings(first)) == [unheld]
    services.minutes_approve(actor=sec, meeting=first, at_meeting=unheld)
    first.refresh_from_db()
    assert first.minutes_locked and first.approved_at_meeting == unheld


def test_the_service_refuses_a_question_for_a_past_meeting(sec, body):
    meeting = schedule(sec, body, PAST)
    with pytest.raises(ValidationError, match="no longer taking questions"):
        services.question_submit(
            meeting=meeting, asker_name="A Resident", asker_kind="public", text="Why?"
        )
    # one received before the meeting started is still recorded (e.g. from the post)
    before = timezone.make_aware(dt.datetime(2017, 12, 12, 9))
    services.question_submit(
        meeting=meeting,
        asker_name="A Resident",
        asker_kind="public",
        text="Why?",
        received_at=before,
    )
    assert meeting.questions.count() == 1


def test_previous_minutes_item_names_the_previous_meeting_and_follows_changes(sec, body):
    first = schedule(sec, body, dt.date(2018, 1, 11))
    assert previous_item(first).title == "Minutes of the previous meeting"
    second = schedule(sec, body, dt.date(2018, 3, 22))
    assert (
        previous_item(second).title
        == "Minutes of the previous meeting held on Thursday 11 January 2018"
    )
    # moving the first meeting retitles the second's item
    services.meeting_update(actor=sec, meeting=first, data={"date": dt.date(2018, 1, 18)})
    assert previous_item(second).title.endswith("held on Thursday 18 January 2018")
    # a meeting scheduled in between becomes the previous one
    middle = schedule(sec, body, dt.date(2018, 2, 15))
    assert previous_item(second).title.endswith("held on Thursday 15 February 2018")
    assert previous_item(middle).title.endswith("held on Thursday 18 January 2018")
    # a cancelled meeting is nobody's previous meeting
    services.meeting_cancel(actor=sec, meeting=middle)
    assert previous_item(second).title.endswith("held on Thursday 18 January 2018")


def test_a_published_agenda_keeps_the_title_it_went_out_with(sec, body):
    schedule(sec, body, dt.date(2018, 1, 11))
    second = schedule(sec, body, dt.date(2018, 3, 22))
    services.agenda_publish(actor=sec, meeting=second)
    schedule(sec, body, dt.date(2018, 2, 15))
    assert previous_item(second).title.endswith("held on Thursday 11 January 2018")


# --- Confirmation pages ---------------------------------------------------------------


def test_publish_agenda_asks_first_with_the_notice_then_says_what_was_given(sec_client, sec, body):
    meeting = schedule(sec, body, future(30))
    page = sec_client.get(meeting_url(meeting, "meetings:publish_agenda"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Are you sure you want to publish the agenda?" in text
    assert "Publishing now gives" in text and "(5 required)." in text
    assert "govuk-warning-text" in text
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED  # GET: nothing

    response = sec_client.post(meeting_url(meeting, "meetings:publish_agenda"), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    banner = response.content.decode()
    assert "govuk-notification-banner--success" in banner
    assert "Published with " in banner and "clear days’ notice (5 required)." in banner


def test_a_late_agenda_is_warned_before_and_after(sec_client, sec, body):
    meeting = schedule(sec, body, future(2))
    text = sec_client.get(meeting_url(meeting, "meetings:publish_agenda")).content.decode()
    assert "the agenda will be late" in text
    assert "less than the required notice" in text
    response = sec_client.post(meeting_url(meeting, "meetings:publish_agenda"), follow=True)
    text = response.content.decode()
    assert "Published late:" in text and "(5 required)." in text
    assert "govuk-notification-banner--success" not in text


def test_mark_held_page_refuses_a_meeting_that_has_not_started(sec_client, sec, body):
    meeting = schedule(sec, body, future())
    services.agenda_publish(actor=sec, meeting=meeting)
    page = sec_client.get(meeting_url(meeting, "meetings:mark_held")).content.decode()
    assert "cannot be marked as held before it starts" in page
    assert "Mark as held</button>" not in page.replace("\n", "").replace("  ", "")
    sec_client.post(meeting_url(meeting, "meetings:mark_held"))
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.AGENDA_PUBLISHED
    detail = sec_client.get(meeting_url(meeting)).content.decode()
    assert "meetings/board/" in detail and "/manage/held/" not in detail


def test_mark_held_after_the_start_through_the_confirmation(sec_client, sec, body):
    meeting = schedule(sec, body, PAST)
    services.agenda_publish(actor=sec, meeting=meeting)
    detail = sec_client.get(meeting_url(meeting)).content.decode()
    assert 'id="meeting-status">Awaiting minutes<' in detail
    assert meeting_url(meeting, "meetings:mark_held") in detail
    page = sec_client.get(meeting_url(meeting, "meetings:mark_held")).content.decode()
    assert "Are you sure the meeting has been held?" in page
    response = sec_client.post(meeting_url(meeting, "meetings:mark_held"), follow=True)
    assert "Meeting marked as held." in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_cancel_asks_first(sec_client, sec, body):
    meeting = schedule(sec, body, future())
    page = sec_client.get(meeting_url(meeting, "meetings:cancel")).content.decode()
    assert "Are you sure you want to cancel the meeting?" in page
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    sec_client.post(meeting_url(meeting, "meetings:cancel"))
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED


def test_publish_minutes_asks_first(sec_client, sec, body):
    meeting = held(sec, body, PAST)
    MinuteFactory(meeting=meeting, number=1, title="Welcome")
    page = sec_client.get(meeting_url(meeting, "meetings:publish_minutes")).content.decode()
    assert "Are you sure you want to publish the draft minutes?" in page
    sec_client.post(meeting_url(meeting, "meetings:publish_minutes"))
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT_MINUTES


def test_approve_offers_only_later_held_meetings_and_locks_on_confirmation(sec_client, sec, body):
    first = with_draft_minutes(sec, held(sec, body, PAST))
    unheld = schedule(sec, body, dt.date(2018, 1, 30))
    target = held(sec, body, LATER)
    minutes_page = sec_client.get(meeting_url(first, "meetings:minutes")).content.decode()
    assert meeting_url(first, "meetings:approve") in minutes_page
    page = sec_client.get(meeting_url(first, "meetings:approve")).content.decode()
    assert "Are you sure you want to approve the minutes?" in page
    assert "locked for good" in page
    assert 'type="radio"' in page and "26 March 2018" in page
    assert "30 January 2018" not in page and "---------" not in page

    # an unheld meeting sent by hand is refused, with a GOV.UK message on the field
    response = sec_client.post(
        meeting_url(first, "meetings:approve"), {"at_meeting": str(unheld.pk)}
    )
    assert "Select a later meeting of the same body that has been held" in (
        response.content.decode()
    )
    response = sec_client.post(meeting_url(first, "meetings:approve"), {})
    assert "Select the meeting at which the minutes were approved" in response.content.decode()
    assert Meeting.objects.get(pk=first.pk).status == Meeting.Status.DRAFT_MINUTES

    sec_client.post(meeting_url(first, "meetings:approve"), {"at_meeting": str(target.pk)})
    first.refresh_from_db()
    assert first.status == Meeting.Status.MINUTES_APPROVED
    assert first.approved_at_meeting == target


def test_approve_page_explains_when_no_meeting_has_been_held(sec_client, sec, body):
    first = with_draft_minutes(sec, held(sec, body, PAST))
    schedule(sec, body, future())
    page = sec_client.get(meeting_url(first, "meetings:approve")).content.decode()
    assert "mark that meeting as held first" in page
    assert 'type="radio"' not in page


def test_approve_page_queries_do_not_grow_with_meetings(
    sec_client, sec, body, django_assert_max_num_queries
):
    first = with_draft_minutes(sec, held(sec, body, dt.date(2016, 1, 5)))
    held(sec, body, dt.date(2016, 2, 5))
    url = meeting_url(first, "meetings:approve")
    sec_client.get(url)
    with CaptureQueriesContext(connection) as few:
        sec_client.get(url)
    for month in range(3, 12):
        held(sec, body, dt.date(2016, month, 5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        sec_client.get(url)


# --- The public question form -----------------------------------------------------------


def test_question_form_for_a_past_meeting_says_it_is_closed_and_takes_nothing(client, sec, body):
    meeting = schedule(sec, body, PAST)
    services.agenda_publish(actor=sec, meeting=meeting)
    url = meeting_url(meeting, "meetings:question_new")
    page = client.get(url).content.decode()
    assert "This meeting is no longer taking questions" in page
    assert "<textarea" not in page
    client.post(
        url, {"asker_name": "A Resident", "asker_kind": "public", "text": "Why?", "website": ""}
    )
    assert not Question.objects.exists()
    detail = client.get(meeting_url(meeting)).content.decode()
    assert "Ask a question for this meeting" not in detail


def test_question_form_speaks_govuk(client, sec, body):
    meeting = schedule(sec, body, future())
    url = meeting_url(meeting, "meetings:question_new")
    page = client.get(url).content.decode()
    assert "---------" not in page
    assert "checked" not in page  # no radio chosen for the asker
    assert "Submit question" in page and ">\n  Save\n<" not in page
    response = client.post(url, {"asker_name": "", "text": "", "website": ""})
    text = response.content.decode()
    assert "This field is required." not in text
    assert "Enter your name" in text
    assert "Enter your question" in text
    assert "Select whether you are asking as a councillor or a member of the public" in text
    assert "govuk-error-summary" in text
    response = client.post(
        url,
        {"asker_name": "A Resident", "asker_kind": "public", "text": "Why?", "website": ""},
    )
    assert response.status_code == 302
    assert Question.objects.filter(meeting=meeting).count() == 1


# --- Labels, scheduling from the Meetings tab ---------------------------------------------


def test_restricted_reason_is_not_labelled_optional(sec_client, sec, body):
    meeting = schedule(sec, body, future())
    page = sec_client.get(meeting_url(meeting, "meetings:agenda")).content.decode()
    assert "Reason it is restricted" in page
    assert "Reason it is restricted (optional)" not in page
    assert "Presenter (optional)" in page  # genuinely optional fields still say so


def test_schedule_a_meeting_from_the_meetings_tab(sec_client, client, partnership, body):
    tab = reverse("public:meetings", args=[partnership.slug])
    choose = reverse("meetings:schedule", args=[partnership.slug])
    assert choose in sec_client.get(tab).content.decode()
    page = sec_client.get(choose).content.decode()
    assert "govuk-breadcrumbs" in page and 'type="radio"' in page and body.name in page
    response = sec_client.get(choose, {"body": "nonsense"})
    assert "Select the body the meeting is for" in response.content.decode()
    response = sec_client.get(choose, {"body": body.slug})
    new = reverse("meetings:new", args=[partnership.slug, body.slug])
    assert response.status_code == 302 and response.url == new
    form = sec_client.get(new).content.decode()
    assert "govuk-breadcrumbs" in form and ">Meetings</a>" in form
    client.logout()
    assert choose not in client.get(tab).content.decode()


def test_the_meetings_list_shows_a_past_published_meeting_as_awaiting_minutes(
    client, sec, body, partnership
):
    past = schedule(sec, body, PAST)
    services.agenda_publish(actor=sec, meeting=past)
    coming = schedule(sec, body, future())
    services.agenda_publish(actor=sec, meeting=coming)
    page = client.get(reverse("public:meetings", args=[partnership.slug])).content.decode()
    assert "Awaiting minutes" in page  # the past one
    assert "Agenda published" in page  # the one still to come
