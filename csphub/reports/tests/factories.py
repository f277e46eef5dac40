"""Test data for sub-group reports: a board with a meeting, a sub-group item, a lead and
the board's pro-forma (set through the service, as the secretariat would)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csphub.audit.actors import SystemActor
from csphub.meetings.models import AgendaItem, Meeting
from csphub.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from csphub.partnerships.models import Body, Partnership, Person
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory, PersonFactory
from csphub.reports import rules, selectors, services
from csphub.reports.models import ProForma

SYSTEM = SystemActor("tests")

BROMLEY_SECTIONS = [
    rules.SectionSpec("Operational Update", "What the sub-group has done since the last meeting."),
    rules.SectionSpec("Strategic Group Update", "Changes the board should know about."),
    rules.SectionSpec(
        "Action for Safer Bromley Partnership", "What you ask the board to do.", False, 1000
    ),
]


@dataclass
class World:
    partnership: Partnership
    board: Body
    subgroup: Body
    meeting: Meeting
    item: AgendaItem
    lead: Person
    pro_forma: ProForma


def build_world(
    partnership: Partnership | None = None,
    *,
    date: dt.date = dt.date(2030, 3, 25),
    status: str = Meeting.Status.SCHEDULED,
) -> World:
    partnership = partnership or PartnershipFactory()
    board = BodyFactory(partnership=partnership, slug="board", name="Safer Testshire Board")
    subgroup = BodyFactory(
        partnership=partnership,
        slug="da-vawg",
        name="Domestic Abuse and VAWG Sub-group",
        kind=Body.Kind.SUBGROUP,
        parent=board,
    )
    meeting = MeetingFactory(body=board, date=date, status=status)
    parent = AgendaItemFactory(meeting=meeting, title="Reports from sub-groups", position=10)
    item = AgendaItemFactory(
        meeting=meeting, parent=parent, title="Domestic Abuse Sub Group update", position=11
    )
    lead = PersonFactory(
        partnership=partnership,
        name="Victoria Roberts",
        slug="victoria-roberts",
        email="victoria.roberts@example.org",
    )
    pro_forma = services.pro_forma_set(actor=SYSTEM, body=board, sections=BROMLEY_SECTIONS)
    return World(partnership, board, subgroup, meeting, item, lead, pro_forma)


def answers_for(pro_forma: ProForma, **overrides: str) -> dict[int, str]:
    texts = {
        "Operational Update": "Detection rates for domestic abuse rose steadily this quarter.",
        "Strategic Group Update": "The VAWG commissioning plan was agreed on 21 February.",
        "Action for Safer Bromley Partnership": "Note the report.",
    }
    texts.update(overrides)
    return {s.pk: texts.get(s.heading, "") for s in pro_forma.sections.all()}


def report_request_with_submission(*, item: AgendaItem, author: Person):
    """A request for ``item`` with one submission (rows made directly: no PDF, no paper),
    for tests that only need one to exist, such as the access matrix."""
    from django.utils import timezone

    from csphub.reports.models import ReportAnswer, ReportRequest, SubmittedReport

    board = item.meeting.body
    pro_forma = selectors.current_pro_forma(board) or services.pro_forma_set(
        actor=SYSTEM, body=board, sections=BROMLEY_SECTIONS
    )
    now = timezone.now()
    made = ReportRequest.objects.create(
        partnership=board.partnership,
        item=item,
        author=author,
        title="Offender Management Sub-group report",
        deadline=now + dt.timedelta(days=7),
        created_at=now,
        sent_at=now,
        expires_at=now + dt.timedelta(days=28),
    )
    report = SubmittedReport.objects.create(
        request=made, pro_forma=pro_forma, submitted_at=now, via=SubmittedReport.Via.LINK
    )
    for section in pro_forma.sections.all():
        ReportAnswer.objects.create(report=report, section=section, text="Panel attendance good.")
    return made
