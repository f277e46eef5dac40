"""The Safer Bromley Board's forward plan for the demo (issue 12 part 4).

The fixture has the Board's meetings of 27 October 2022 (Q3) and 12 January 2023 (Q4) but
none earlier in 2022/23, so two plain quarterly meetings are added here (16 June 2022 in Q1,
15 September 2022 in Q2; their dates are ours, not the seeds'), giving the Board a meeting in
each quarter of the strategy's last year. The strategy's discussion schedule is then planned
onto the Board's meetings through the forward plan services: the Q1 and Q2 topics go on the
new meetings' agendas before they are held; the Q4 topics are linked to the 12 January 2023
item "Progress against the current Safer Bromley Partnership Strategy". Earlier years, when
the demo Board has no meetings, show their topics as not yet scheduled.
"""

from __future__ import annotations

import datetime as dt

from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Meeting
from csphub.partnerships.models import Body, Partnership
from csphub.strategy.models import ForwardPlanItem, Strategy
from csphub.strategy.services import forward_plan as services

from .values import ACTOR, aware

PARTNERSHIP = "safer-bromley"
PERIOD = "2020-2023"
NEW_MEETINGS = (dt.date(2022, 6, 16), dt.date(2022, 9, 15))
Q4_ITEM = "Progress against the current Safer Bromley Partnership Strategy"


def load_forward_plan(partnership: Partnership) -> int:
    """Plan the Board's forward plan; the number of items (0 if not Bromley or loaded)."""
    if partnership.slug != PARTNERSHIP:
        return 0
    board = Body.objects.filter(partnership=partnership, slug="board").first()
    strategy = Strategy.objects.filter(partnership=partnership, period=PERIOD).first()
    if board is None or strategy is None or board.forward_plan_items.exists():
        return 0
    new = []
    for day in NEW_MEETINGS:
        if not Meeting.objects.filter(body=board, date=day).exists():
            new.append(
                meeting_services.meeting_schedule(
                    actor=ACTOR, body=board, date=day, start_time=dt.time(10, 0)
                )
            )
    services.forward_plan_sync(actor=ACTOR, body=board, strategy=strategy)
    items = ForwardPlanItem.objects.filter(body=board).select_related("meeting")
    for item in items:
        if item.meeting in new:
            services.forward_item_to_agenda(actor=ACTOR, item=item)
    for meeting in new:
        meeting_services.agenda_publish(
            actor=ACTOR, meeting=meeting, at=aware(meeting.date - dt.timedelta(days=11))
        )
        meeting_services.meeting_mark_held(actor=ACTOR, meeting=meeting)
    progress = AgendaItem.objects.filter(
        meeting__body=board, meeting__date=dt.date(2023, 1, 12), title=Q4_ITEM
    ).first()
    if progress is not None:
        for item in items.filter(year=2022, quarter=4, meeting=progress.meeting):
            services.forward_item_link(actor=ACTOR, item=item, agenda_item=progress)
    return items.count()
