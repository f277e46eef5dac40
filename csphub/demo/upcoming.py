"""The demo's meetings ahead: each body's next three meetings, relative to the day it is loaded.

Why: the seeds' meetings are all in the past (2017 to 2023), so without these a new user's
first sight of the demo is "No meetings are scheduled yet", and nothing shows the cycle from
a published agenda onwards. Each body gets its next three meetings on its own pattern (its
stated frequency, on the weekday and week of the month of its last meeting, at its usual time
and venue; see :mod:`csphub.meetings.cadence`). The first of them has its agenda published on
the day the demo is loaded, with the standing items and the business a board or sub-group of
that kind takes each time. These dates are ours, not the seeds'.

Loading again later adds meetings only to bodies that have none ahead, so the demo stays alive
whenever it is reloaded and nothing is doubled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from csphub.meetings import cadence, deadlines
from csphub.meetings import services as meeting_services
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Body

from .values import ACTOR

AHEAD = 3
# The agenda goes out at least this long before the next meeting, so the notice period is met
# with days to spare and the question deadline is still ahead.
LEAD_DAYS = 14

BUSINESS = {
    Body.Kind.BOARD: (
        "Crime and disorder performance update",
        "Progress against the partnership strategy",
        "Reports from the sub-groups",
    ),
}
SUBGROUP_BUSINESS = (
    "Delivery plan: quarterly update",
    "Performance update",
)


def _business(body: Body) -> tuple[str, ...]:
    return BUSINESS.get(body.kind, SUBGROUP_BUSINESS)


def schedule_upcoming(today: dt.date | None = None) -> Iterator[str]:
    """Schedule each body's meetings ahead of ``today`` (the local date by default)."""
    today = today or timezone.localdate()
    bodies = Body.objects.select_related("partnership").order_by("partnership__slug", "name")
    for body in bodies:
        meetings = Meeting.objects.filter(body=body).exclude(status=Meeting.Status.CANCELLED)
        if meetings.filter(date__gte=today).exists():
            continue
        last = meetings.order_by("-date").first()
        weekday = last.date.weekday() if last and last.date.weekday() < 5 else 3
        start = last.start_time if last else dt.time(10, 0)
        venue = last.venue if last else ""
        dates = cadence.meeting_dates(
            after=today + dt.timedelta(days=LEAD_DAYS - 1),
            frequency=body.meeting_frequency,
            weekday=weekday,
            count=AHEAD,
        )
        scheduled = [
            meeting_services.meeting_schedule(
                actor=ACTOR, body=body, date=day, start_time=start, venue=venue
            )
            for day in dates
        ]
        first = scheduled[0]
        for title in _business(body):
            meeting_services.agenda_item_add(actor=ACTOR, meeting=first, title=title)
        meeting_services.agenda_publish(actor=ACTOR, meeting=first, at=_publication_time(today))
        yield (
            f"Upcoming: {body.partnership.slug}/{body.slug} "
            + ", ".join(f"{d:%-d %b %Y}" for d in dates)
            + " (agenda published for the first)"
        )


def _publication_time(today: dt.date) -> dt.datetime:
    """Nine in the morning of the load day, or now if that is earlier (never in the future)."""
    at = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)), deadlines.LONDON)
    return min(at, timezone.now())
