"""The public question form cannot be flooded (issue 10 part 2): a length limit, a rate limit
per address, and a honeypot that refuses robots silently. Each test reproduces what the
form once accepted: 40 anonymous questions in 1.3 s, a 2,000,000-character question."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from csphub.meetings import question_guard, services
from csphub.meetings.models import Meeting, Question, QuestionSender
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory
from csphub.partnerships.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db
CANARY = "CANARY-question-9e2f"


@pytest.fixture
def meeting(partnership):
    body = BodyFactory(partnership=partnership, slug="board")
    meeting = MeetingFactory(
        body=body,
        date=timezone.localdate() + dt.timedelta(days=60),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )
    secret = AgendaItemFactory(
        meeting=meeting,
        title=f"Gang matrix {CANARY}",
        is_restricted=True,
        restricted_reason="para-7",
    )
    PaperFactory(item=secret, title=f"Paper {CANARY}")
    return meeting


def url(meeting):
    return reverse(
        "meetings:question_new",
        args=[meeting.body.partnership.slug, meeting.body.slug, meeting.date.isoformat()],
    )


def form(text="What is being done about speeding?", **extra):
    return {
        "asker_name": "Pat Resident",
        "asker_email": "pat@example.org",
        "asker_kind": "public",
        "text": text,
        **extra,
    }


def test_the_form_shows_a_hidden_honeypot_and_no_restricted_content(client, meeting):
    response = client.get(url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert CANARY not in html
    assert 'aria-hidden="true"' in html and "Leave this blank" in html
    assert 'tabindex="-1"' in html


def test_a_question_over_5000_characters_is_refused(client, meeting):
    """Was: a 2,000,000-character question stored."""
    response = client.post(url(meeting), form("x" * 5001), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 200
    assert "Your question must be 5,000 characters or fewer" in response.content.decode()
    assert not Question.objects.exists()
    response = client.post(url(meeting), form("x" * 5000), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 302
    assert Question.objects.get().text == "x" * 5000


def test_the_service_refuses_a_long_question_too(meeting):
    with pytest.raises(ValidationError, match="5,000 characters or fewer"):
        services.question_submit(
            meeting=meeting, asker_name="A", asker_kind="public", text="x" * 5001
        )
    assert not Question.objects.exists()


def test_one_address_is_limited_to_5_questions_in_10_minutes(client, meeting):
    """Was: 40 anonymous questions in 1.3 s all accepted."""
    for n in range(question_guard.RATE_LIMIT):
        response = client.post(url(meeting), form(f"Question {n}"), REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 302
    response = client.post(url(meeting), form("One too many"), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert "Try again in 10 minutes" in response.content.decode()
    assert CANARY not in response.content.decode()
    assert Question.objects.count() == question_guard.RATE_LIMIT
    # another address is not held back
    response = client.post(url(meeting), form("From elsewhere"), REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302
    # the address is kept only as a keyed hash
    assert not QuestionSender.objects.filter(sender__contains="192.0.2").exists()


def test_the_limit_lifts_after_the_window_and_old_senders_are_forgotten(client, meeting):
    key = question_guard.sender_key("192.0.2.9")
    old = timezone.now() - question_guard.RATE_WINDOW - dt.timedelta(seconds=1)
    QuestionSender.objects.bulk_create(
        QuestionSender(sender=key, sent_at=old) for _ in range(question_guard.RATE_LIMIT)
    )
    response = client.post(url(meeting), form(), REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302
    assert list(QuestionSender.objects.values_list("sender", flat=True)) == [key]


def test_a_filled_honeypot_is_refused_silently(client, meeting):
    response = client.post(
        url(meeting), form(website="http://spam.example"), REMOTE_ADDR="192.0.2.3", follow=True
    )
    assert response.status_code == 200
    assert "Your question has been received" in response.content.decode()
    assert not Question.objects.exists()


def test_a_refused_question_writes_nothing(client, meeting):
    from csphub.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    client.post(url(meeting), form("x" * 5001), REMOTE_ADDR="192.0.2.4")
    client.post(url(meeting), form(website="spam"), REMOTE_ADDR="192.0.2.4")
    assert AuditEvent.objects.count() == before
    assert not Question.objects.exists()
    assert not QuestionSender.objects.exists()
