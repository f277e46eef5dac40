"""Demo sub-group reports: each board's pro-forma, and one report submitted on it.

Bromley's sub-groups report to the board under Operational Update / Strategic Group Update /
Action for Safer Bromley Partnership (seed 000, agenda item 12b of 26 March 2018); Barking
and Dagenham's reports open with the purpose of the report and the decisions required, then
list their attachments (seed 004). The one submitted report is the offender management
report filed on 14 March 2018 for the Bromley meeting of 26 March 2018: its facts come from
the seed, its words are ours.
"""

from __future__ import annotations

import datetime as dt

from csphub.meetings.models import AgendaItem, Meeting
from csphub.partnerships.models import Body, Partnership, Person
from csphub.reports import rules, selectors, services

from .values import ACTOR, aware

BROMLEY = [
    rules.SectionSpec(
        "Operational Update",
        "What the sub-group and its partners have done since the last board meeting, with "
        "figures where you have them.",
        True,
        6000,
    ),
    rules.SectionSpec(
        "Strategic Group Update",
        "Changes in membership, chairing, staffing or plans the board should know about.",
        True,
        4000,
    ),
    rules.SectionSpec(
        "Action for Safer Bromley Partnership",
        "What you ask the board to do or decide. Write “None” if nothing.",
        True,
        2000,
    ),
]

BARKING_DAGENHAM = [
    rules.SectionSpec(
        "Purpose of presenting the report and decisions required",
        "Why the board is receiving this report, in a sentence or two.",
        True,
        3000,
    ),
    rules.SectionSpec(
        "Recommendations",
        "What the board is asked to agree; if only to note, say “note the contents of this "
        "report”.",
        True,
        3000,
    ),
    rules.SectionSpec(
        "List of attachments",
        "Appendices sent with the report, such as the sub-group's delivery plan.",
        False,
        1000,
    ),
]

OFFENDER_MANAGEMENT = {
    "Operational Update": (
        "The council has had £7,000 from MOPAC over the past year for administrative "
        "support to integrated offender management (IOM) in Bromley.\n\n"
        "That support began by monitoring IOM panel meetings, to make sure the agencies "
        "there did what they had agreed, and now chairs them. Mental health services, a "
        "housing association and the bail hostel now attend the panel, and information "
        "flows between agencies much better. Breaches of supervision orders and licence "
        "conditions are followed up at later panels.\n\n"
        "With the CRC's employment and skills manager we helped run a small jobs fair, and "
        "referrals into education, training and employment support have gone up. Blue Sky, "
        "Go Train and the council's Employment and Skills team have presented to the panel."
    ),
    "Strategic Group Update": (
        "We reported in December that the chair of the IOM board, a senior probation "
        "officer, was leaving. The IOM co-ordinator is still chairing it in March 2018. "
        "Bromley Police's IOM team has gone from three officers to one part-time officer, "
        "and two CRC probation officers on maternity leave have not been replaced. Blue "
        "Sky, Go Train, Affinity Sutton, Hestia and Oxleas attend the board regularly."
    ),
    "Action for Safer Bromley Partnership": (
        "Talk to the CRC and Bromley Police about whether they will bring their IOM "
        "staffing back to full strength."
    ),
}


def _item(meeting: Meeting | None, title: str) -> AgendaItem | None:
    if meeting is None:
        return None
    return AgendaItem.objects.filter(meeting=meeting, title=title).first()


def load_reports(partnership: Partnership) -> None:
    """Set the board's pro-forma and, for Bromley, file the March 2018 IOM report."""
    board = Body.objects.filter(partnership=partnership, slug="board").first()
    if board is None:
        return
    if partnership.slug == "safer-bromley":
        services.pro_forma_set(actor=ACTOR, body=board, sections=BROMLEY)
        meeting = Meeting.objects.filter(body=board, date=dt.date(2018, 3, 26)).first()
        item = _item(meeting, "Offender Management Sub Group update")
        author = Person.objects.filter(partnership=partnership, slug="rob-vale").first()
        if meeting is None or item is None or author is None:
            return
        requested = services.report_request_create(
            actor=ACTOR,
            item=item,
            author=author,
            title="Safer Bromley Partnership Strategic Group Report (offender management)",
            send=False,
            now=aware(dt.date(2018, 3, 1), 10),
        )
        pro_forma = selectors.current_pro_forma(board)
        assert pro_forma is not None
        answers = {s.pk: OFFENDER_MANAGEMENT[s.heading] for s in pro_forma.sections.all()}
        services.report_submit(
            actor=ACTOR, report_request=requested, answers=answers, now=aware(dt.date(2018, 3, 14))
        )
    elif partnership.slug == "barking-dagenham":
        services.pro_forma_set(actor=ACTOR, body=board, sections=BARKING_DAGENHAM)
