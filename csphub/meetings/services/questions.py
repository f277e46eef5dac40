"""Questions from councillors and the public, their answers, and declarations."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, model_create, model_update
from csphub.partnerships.models import Person

from .. import deadlines, question_guard
from ..models import (
    AgendaItem,
    Declaration,
    Meeting,
    Question,
    QuestionSender,
)
from ._shared import check_takes_questions, ensure_minutes_editable, partnership_of


def question_deadline_for(meeting: Meeting) -> dt.datetime:
    naive = deadlines.question_deadline(meeting.date, meeting.body.question_working_days)
    return timezone.make_aware(naive)


@transaction.atomic
def question_submit(
    *,
    meeting: Meeting,
    asker_name: str,
    asker_kind: str,
    text: str,
    asker_email: str = "",
    received_at: dt.datetime | None = None,
    actor: Actor | None = None,
    sender_address: str = "",
) -> Question:
    """Anyone may ask; a question after the deadline is accepted but marked late.

    ``sender_address`` (the client's IP address, for the public form) is rate limited: see
    :mod:`..question_guard`. Raises ValidationError for a question that is too long, a
    meeting not taking questions, or too many questions from one address."""
    received_at = received_at or timezone.now()
    check_takes_questions(meeting, received_at)
    if len(text) > question_guard.MAX_QUESTION_CHARS:
        raise ValidationError({"text": question_guard.TOO_LONG})
    _check_rate(question_guard.sender_key(sender_address))
    if isinstance(actor, AnonymousUser):
        actor = None  # the public: the audit trail says "system", the question says who
    deadline = question_deadline_for(meeting)
    question = Question(
        meeting=meeting,
        asker_name=asker_name,
        asker_kind=asker_kind,
        text=text,
        asker_email=asker_email,
        received_at=received_at,
        deadline=deadline,
        is_late=deadlines.is_question_late(received_at, deadline),
    )
    question.full_clean()
    question.save()
    audit_record(
        actor=actor or "public",
        verb="question.submit",
        obj=question,
        partnership=partnership_of(meeting),
        after={"is_late": question.is_late},
    )
    return question


def _check_rate(sender: str) -> None:
    """Refuse a question over the limit from ``sender``; else note it (and forget senders
    older than the window, so addresses are kept no longer than the limit needs)."""
    if not sender:
        return
    now = timezone.now()
    start = question_guard.window_start(now)
    QuestionSender.objects.filter(sent_at__lt=start).delete()
    recent = QuestionSender.objects.filter(sender=sender, sent_at__gte=start).count()
    if question_guard.over_limit(recent):
        raise QuestionRateLimited(question_guard.TOO_MANY)
    QuestionSender.objects.create(sender=sender, sent_at=now)


class QuestionRateLimited(ValidationError):
    """Too many questions from one address: the view answers 429."""


@transaction.atomic
def question_answer(
    *, actor: Actor, question: Question, answer: str, answered_by: str = ""
) -> Question:
    ensure_can_manage(actor, partnership_of(question.meeting))
    return model_update(
        actor=actor,
        instance=question,
        partnership=partnership_of(question.meeting),
        verb="question.answer",
        data={"answer": answer, "answered_by": answered_by, "status": Question.Status.ANSWERED},
        fields=("answer", "answered_by", "status"),
    )


@transaction.atomic
def declaration_add(
    *, actor: Actor, meeting: Meeting, person: Person, text: str, item: AgendaItem | None = None
) -> Declaration:
    ensure_can_manage(actor, partnership_of(meeting))
    ensure_minutes_editable(meeting)
    if person.partnership_id != meeting.body.partnership_id:
        raise ValidationError("The person is not part of this partnership.")
    return model_create(
        actor=actor,
        model=Declaration,
        partnership=partnership_of(meeting),
        verb="declaration.add",
        meeting=meeting,
        person=person,
        text=text,
        item=item,
    )
