"""Sample documents shaped like the Bromley agenda pack in the seeds."""

from csphub.documents.model import (
    AgendaItem,
    Cell,
    Contact,
    Document,
    FrontSheet,
    Heading,
    ListBlock,
    Member,
    Minute,
    Notice,
    PageBreak,
    Paragraph,
    Resolution,
    Run,
    SummaryList,
    SummaryRow,
    Table,
)

PARTNERSHIP = "Safer Bromley Partnership"
BODY = "Safer Bromley Partnership Strategic Group"
HOSTILE = '<script>alert("x")</script> & Co'


def agenda(*, marking: str = "") -> Document:
    front = FrontSheet(
        body_name=BODY,
        organisation="London Borough of Bromley",
        date_text="15 March 2018",
        contact=Contact("Steve Wood", "020 8313 4316", "stephen.wood@bromley.gov.uk"),
        members=[
            Member(
                "Nigel Davies", "LBB Executive Director, Environmental Services", "Vice-Chairman"
            ),
            Member("Councillor Kate Lymer", "Portfolio Holder for Public Protection and Safety"),
            Member("Sharon Baldwin", "Safer Neighbourhood Board Chairman"),
            Member("Paul Warnett", "Bromley Police"),
        ],
        meeting_details=[
            f"A meeting of the {BODY} will be held at Committee Room 1 - Bromley Civic Centre on ",
            Run("Monday 26 March 2018 at 10.00 am", strong=True),
        ],
    )
    items = [
        AgendaItem("1", "Apologies for absence"),
        AgendaItem("3", "Minutes of the previous meeting held on 19 December 2017", "Pages 5 - 18"),
        AgendaItem(
            "4",
            "Questions from councillors or members of the public",
            note="Questions must be received in writing 4 working days before the meeting, "
            "by 5pm on Tuesday 20 March 2018.",
        ),
        AgendaItem(
            "5",
            "Matters arising",
            "Pages 19 - 22",
            presenter="Steve Wood",
            time_allowed="10 minutes",
            papers=["Matters Arising report CSD18054"],
        ),
        AgendaItem(
            "12",
            "Reports from sub-groups",
            sub_items=[
                AgendaItem("12a", "Domestic abuse sub group update", "Pages 31 - 34", level=3),
                AgendaItem("12b", "Offender management sub group update", level=3),
            ],
        ),
        AgendaItem(
            "18",
            "Gang profile briefing",
            restricted="Exempt – paragraph 7 of Schedule 12A",
            presenter="DI Charles Clare",
        ),
        AgendaItem("19", "Date of next meeting", note="Thursday 21 June 2018"),
    ]
    return Document(
        title=f"{BODY}: agenda",
        subtitle="Monday 26 March 2018, 10.00 am",
        partnership=PARTNERSHIP,
        organisation="London Borough of Bromley",
        author="Democratic Services",
        date_text="Issued 15 March 2018",
        marking=marking,
        blocks=[front, PageBreak(), Heading("Agenda"), *items],
    )


def minutes(*, marking: str = "") -> Document:
    blocks = [
        Heading("Present"),
        ListBlock(
            [
                "Chris Hafford, Borough Police Commander (Chairman)",
                "Terry Gooding, Bromley Fire Commander",
            ],
            style="plain",
        ),
        Heading("Minutes"),
        Minute(
            "175",
            "Apologies for absence",
            body=[
                Paragraph(
                    "Apologies were received from Janet Bailey; Sham Kidane attended in her place."
                )
            ],
        ),
        Minute(
            "179",
            "Chairman's update",
            body=[
                Paragraph(["The Borough Commander said ", Run(HOSTILE, emphasis=True), "."]),
                ListBlock(["Investigations", "Emergency Response", "Safeguarding"]),
            ],
            resolutions=[Resolution("the Chairman's update be noted.")],
        ),
        Minute(
            "180",
            "Resilience update",
            body=[Paragraph("The Group noted the Resilience update report.")],
            resolutions=[
                Resolution(
                    "an update on the mass casualty exercise is brought to the next meeting.",
                    "LG/TG",
                ),
                Resolution("Victim Support is invited to participate."),
            ],
        ),
        Minute("185", "Reports from sub-groups"),
        Minute(
            "186a",
            "Offender management sub group update",
            body=[Paragraph("The IOM update was given by Amanda Mumford.")],
            resolutions=[Resolution("Lucien Spencer update the Group on the Jobs Fair.", "LS")],
        ),
        Minute(
            "188",
            "Communications update",
            body=[Paragraph("The Communications Update was provided by Mr Andrew Rogers.")],
            post_meeting_note=[
                Paragraph("Mr Brett spoke briefly with Mr Rogers after the meeting.")
            ],
            resolutions=[Resolution("Andrew Rogers disseminate the link to the newsletter.", "AR")],
        ),
        Minute(
            "191",
            "Date of next meeting",
            body=[Paragraph("The date of the next meeting was confirmed as 8 March 2018.")],
            action="SW",
        ),
        PageBreak(),
        Heading("Matters arising", number="Appendix A"),
        SummaryList([SummaryRow("Report No.", "CSD18054"), SummaryRow("Ward", "N/A")]),
        Notice(
            "This appendix lists every open action from earlier meetings.",
            title="About this report",
        ),
        Notice("Restricted appendix: not for publication.", kind="warning"),
        Table(
            caption="Matters arising from previous meetings",
            header=[["Minute", "Matters arising", Cell("Update", align="left")]],
            rows=[
                [
                    Cell("Minute 180\n19 December 2017", header=True),
                    "Mass casualty exercise",
                    "Date not confirmed.",
                ],
                [
                    Cell("Minute 183", header=True),
                    ["Update from ", Run("Mr Spencer", strong=True)],
                    "Awaiting update.",
                ],
            ],
            col_widths=[0.2, 0.4, 0.4],
        ),
    ]
    return Document(
        title=f"{BODY}: minutes",
        subtitle="Minutes of the meeting held at 10.00 am on 19 December 2017",
        partnership=PARTNERSHIP,
        organisation="London Borough of Bromley",
        author="Steve Wood",
        marking=marking,
        blocks=blocks,
    )


def hostile() -> Document:
    """Markup-looking user text in every field a person can type into."""
    evil = HOSTILE
    return Document(
        title=evil,
        subtitle=evil,
        partnership=evil,
        author=evil,
        date_text=evil,
        marking=evil,
        blocks=[
            FrontSheet(
                body_name=evil,
                meeting_details=evil,
                members=[Member(evil, evil, evil)],
                organisation=evil,
                date_text=evil,
                contact=Contact(evil, evil, evil, evil),
                addressee=evil,
                notes=[evil],
            ),
            Heading(evil, number=evil),
            Paragraph([evil, Run(evil, strong=True), Run(evil, emphasis=True)]),
            ListBlock([evil], style="number"),
            SummaryList([SummaryRow(evil, evil)]),
            Table(evil, [[evil]], [[Cell(evil, header=True)]]),
            AgendaItem(evil, evil, evil, evil, evil, evil, [evil], evil),
            Minute(
                evil,
                evil,
                [Paragraph(evil)],
                [Resolution(evil, evil)],
                [Paragraph(evil)],
                evil,
            ),
            Notice(evil, evil, "warning"),
            Notice(evil, evil),
        ],
    )
