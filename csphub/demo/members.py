"""Demo members with a home of their own (issue 11): the demo member sign-ins are linked to
people who sit on the board and own open actions, and the board gets a meeting ahead with a
published agenda, so `<slug>-member` and `<slug>-cleared` see their next meeting, its papers
(the restricted one only for the cleared) and their actions.

The seeds stop in 2023, so "ahead" must be worked out on the day the demo is loaded: the
meeting is scheduled four to five weeks after that day, on a Thursday, through the same
services the secretariat uses. Loading again changes nothing while that meeting is ahead.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from csphub.actions.rules import OPEN_STATUSES
from csphub.meetings import services as meeting_services
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Body, Partnership, Person
from csphub.partnerships.services import user_person_link

from .values import ACTOR

THURSDAY = 3


def next_meeting_date(today: dt.date) -> dt.date:
    """The first Thursday at least four weeks after `today`: far enough ahead for any
    notice period, near enough to be "your next meeting"."""
    day = today + dt.timedelta(days=28)
    return day + dt.timedelta(days=(THURSDAY - day.weekday()) % 7)


def _board(partnership: Partnership) -> Body | None:
    boards = Body.objects.filter(partnership=partnership, kind=Body.Kind.BOARD)
    return boards.filter(slug="board").first() or boards.order_by("name").first()


def _candidates(board: Body, today: dt.date) -> list[Person]:
    """Current board members, those owning the most open actions first."""
    return list(
        Person.objects.filter(
            memberships__body=board, user__isnull=True, memberships__end__isnull=True
        )
        .annotate(
            open_actions=Count(
                "actionowner",
                filter=Q(actionowner__action__status__in=OPEN_STATUSES),
                distinct=True,
            )
        )
        .order_by("-open_actions", "name")
        .distinct()
    )


def _schedule_meeting_ahead(board: Body, today: dt.date) -> Meeting | None:
    ahead = Meeting.objects.filter(body=board, date__gte=today).exclude(
        status=Meeting.Status.CANCELLED
    )
    if ahead.filter(status__in=Meeting.AGENDA_PUBLIC).exists():
        return None
    date = next_meeting_date(today)
    meeting = ahead.filter(date=date).first()
    if meeting is None:
        last = Meeting.objects.filter(body=board).exclude(venue="").order_by("-date").first()
        meeting = meeting_services.meeting_schedule(
            actor=ACTOR,
            body=board,
            date=date,
            start_time=dt.time(10, 0),
            venue=last.venue if last else "",
        )
    performance = meeting_services.agenda_item_add(
        actor=ACTOR, meeting=meeting, title="Partnership performance", presenter="Analyst"
    )
    meeting_services.paper_add(
        actor=ACTOR,
        item=performance,
        title="Performance report: crime and disorder indicators",
        author="Community Safety Analyst",
        date_filed=today,
    )
    police = meeting_services.agenda_item_add(
        actor=ACTOR,
        meeting=meeting,
        title="Operational update from the police",
        is_restricted=True,
        restricted_reason="para-7",
    )
    meeting_services.paper_add(
        actor=ACTOR,
        item=police,
        title="Police operational update",
        author="Borough Commander",
        security_marking="OFFICIAL-SENSITIVE",
        is_restricted=True,
        show_on_website=False,
        date_filed=today,
    )
    return meeting_services.agenda_publish(actor=ACTOR, meeting=meeting)


def ensure_member_homes(today: dt.date | None = None) -> list[str]:
    """Link each partnership's demo member sign-ins to board members, and make sure the
    board has a meeting ahead with a published agenda."""
    today = today or timezone.localdate()
    User = get_user_model()
    lines = []
    for partnership in Partnership.objects.order_by("slug"):
        board = _board(partnership)
        if board is None:
            continue
        candidates = _candidates(board, today)
        for suffix in ("member", "cleared"):
            user = User.objects.filter(username=f"{partnership.slug}-{suffix}").first()
            if user is None or Person.objects.filter(partnership=partnership, user=user).exists():
                continue
            if not candidates:
                break
            person = candidates.pop(0)
            user_person_link(actor=ACTOR, partnership=partnership, user=user, person=person)
            lines.append(f"Linked {user.get_username()} to {person.display_name}")
        meeting = _schedule_meeting_ahead(board, today)
        if meeting is not None:
            lines.append(f"Scheduled {board.name} on {meeting.date:%-d %B %Y}, agenda published")
    return lines
