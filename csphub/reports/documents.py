"""A submitted report as a document (the one document model): the paper's PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils import timezone

from csphub.core import formats
from csphub.documents import model as doc

from .models import ProForma, ReportRequest


def report_document(
    report_request: ReportRequest,
    pro_forma: ProForma,
    answers: Mapping[int, str],
    submitted_at: dt.datetime,
    late: bool,
) -> doc.Document:
    """The report as a document: cover details, then each section's heading and text."""
    meeting = report_request.item.meeting
    partnership = meeting.body.partnership
    local = timezone.localtime(submitted_at)
    rows = [
        doc.SummaryRow(
            "Report to", f"{meeting.body.name_on(meeting.date)}, {formats.long_date(meeting.date)}"
        ),
        doc.SummaryRow("Agenda item", report_request.item.title),
        doc.SummaryRow("Author", report_request.author.display_name),
        doc.SummaryRow("Date report filed", formats.long_date(local.date())),
    ]
    if report_request.reporting_body is not None:
        rows.insert(0, doc.SummaryRow("From", report_request.reporting_body.name))
    blocks: list[doc.Block] = [doc.SummaryList(rows)]
    if late:
        deadline = timezone.localtime(report_request.deadline)
        blocks.append(
            doc.Notice(
                f"Received after the deadline of {formats.clock(deadline.time())} on "
                f"{formats.long_date(deadline.date())}.",
                title="Late paper",
                kind="warning",
            )
        )
    for section in pro_forma.sections.all():
        blocks.append(doc.Heading(section.heading, level=2))
        text = (answers.get(section.pk) or "").strip()
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        for p in paragraphs or ["No update."]:
            blocks.append(doc.Paragraph(" ".join(p.split())))
    return doc.Document(
        title=report_request.title,
        subtitle=f"{meeting.body.name_on(meeting.date)}, {formats.long_date(meeting.date)}",
        partnership=partnership.name,
        brand_colour=partnership.colour or "#1d4f91",
        author=report_request.author.display_name,
        organisation=partnership.name,
        blocks=blocks,
    )
