"""Matters Arising: the report, for a meeting, of every action from earlier meetings of the
body that is still open or was closed since the previous report, with its latest update.

Generated, never typed. `matters_arising_for` reads it in a fixed number of queries and
leaves out what the viewer may not see; `build_document` lays it out as the seeds do (a
cover sheet, then Appendix A: Minute Number/Title | Matters Arising | Update) for the HTML,
PDF and DOCX renderers; `report_json` is the open-data form the command prints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from csphub.accounts.permissions import Viewer
from csphub.core.formats import long_date, short_date
from csphub.documents import model as doc
from csphub.meetings.models import AgendaItem, Meeting, Paper

from . import as_at, rules
from .ma_report import (  # noqa: F401 (the report's parts, still reached from here)
    RAG_TAGS,
    STATUS_TAGS,
    MattersArisingLine,
    MattersArisingReport,
    MinuteGroup,
    Owner,
    report_is_published,
)
from .models import Action, ActionOwner, ActionUpdate

RESTRICTED_MARKING = "RESTRICTED – contains exempt information"
REPORT_TITLE = "Matters Arising"


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


HELD = {
    Meeting.Status.HELD,
    Meeting.Status.DRAFT_MINUTES,
    Meeting.Status.MINUTES_APPROVED,
}
OWNER_KINDS = {ActionUpdate.Kind.OWNERS, ActionUpdate.Kind.REASSIGNED}


def _entry(update: ActionUpdate) -> as_at.Entry:
    """A history row as `as_at` reads it (owners, due dates and edits from their JSON)."""
    before = update.before if isinstance(update.before, dict) else {}
    owners = None
    if update.kind in OWNER_KINDS and isinstance(before.get("owners"), list):
        owners = as_at.owners_from(before["owners"], before.get("initials"))
    return as_at.Entry(
        id=update.pk,
        kind=update.kind,
        at=update.at,
        status_before=update.status_before,
        status_after=update.status_after,
        owners_before=owners,
        due_before=as_at.due_from(before) if update.kind == ActionUpdate.Kind.DUE else None,
        fields_before={
            k: str(before[k] if before[k] is not None else "")
            for k in as_at.EDITABLE_SHOWN
            if k in before and update.kind == ActionUpdate.Kind.EDITED
        },
    )


def _present(action: Action) -> as_at.State:
    return as_at.State(
        status=action.status,
        owners=tuple(Owner(o.name, o.initials) for o in action.owners.all()),
        due_date=action.due_date,
        due_next_meeting=action.due_next_meeting,
        rag=action.rag,
        description=action.description,
    )


def matters_arising_for(meeting: Meeting, viewer: Viewer) -> MattersArisingReport:
    """Every action from earlier meetings of the body that is still open, or was closed
    since the previous meeting, grouped by minute in minute order.

    Until the meeting is held the report is live. Once it has been held, the report is the
    one the meeting had: owners, statuses, due dates and updates as at the start of the
    meeting day, worked out from the actions' history (`as_at.state_at`); what happened
    since is kept apart on each line (`since`, `later`) for the web page only. So a report
    can be read again years later, and an action closed at the meeting is reported closed
    in the next one, then drops out.

    Only actions the viewer may see are read (`Action.objects.visible_to`), and of those,
    lines from meetings whose minutes the viewer may not read yet are left out (counted in
    `hidden_unpublished`): the report is published with the agenda, before the minutes of
    the meetings it reports on may be. Seven queries, however many actions: the body's
    meeting dates, its former names, the Matters Arising item with its papers (two), the
    actions, their owners, and their history. (The cover sheet and the body's words are
    read when shown.)
    """
    body = meeting.body
    dates = sorted(
        Meeting.objects.filter(body=body)
        .exclude(status=Meeting.Status.CANCELLED)
        .values_list("date", flat=True)
    )
    earlier = [d for d in dates if d < meeting.date]
    previous = earlier[-1] if earlier else None
    since = _local_midnight(previous) if previous is not None else None
    moment = _local_midnight(meeting.date) if meeting.status in HELD else None

    item = (
        AgendaItem.objects.visible_to(viewer)
        .filter(meeting=meeting, standing=AgendaItem.Standing.MATTERS_ARISING)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.visible_to(viewer).order_by("position", "id"))
        )
        .first()
    )
    paper = None
    if item is not None:
        paper = next((p for p in item.papers.all() if not p.file), None)

    actions = (
        Action.objects.visible_to(viewer)
        .filter(meeting__body=body, meeting__date__lt=meeting.date)
        .select_related("meeting", "meeting__body", "minute", "resolution")
        .prefetch_related(
            Prefetch(
                "owners",
                queryset=ActionOwner.objects.select_related("person", "organisation").order_by(
                    "position", "id"
                ),
            ),
            Prefetch("updates", queryset=ActionUpdate.objects.order_by("at", "id")),
        )
        .order_by("meeting__date", "minute__number", "minute__suffix", "created_at", "id")
    )
    if moment is not None:
        actions = actions.filter(created_at__lt=moment)
    if since is not None:
        actions = actions.filter(Q(status__in=rules.OPEN_STATUSES) | Q(closed_at__gt=since))

    groups: list[MinuteGroup] = []
    index: dict[tuple[int, int | None], MinuteGroup] = {}
    hidden = 0
    for action in actions:
        rows = {u.pk: u for u in action.updates.all()}
        state = as_at.state_at(_present(action), [_entry(u) for u in rows.values()], moment)
        status = state.status
        entry = rows[state.status_entry.id] if state.status_entry is not None else None
        if moment is None:
            status, closed_at = action.status, action.closed_at
        else:
            closed_at = entry.at if entry is not None and status in rules.CLOSED_STATUSES else None
        if not rules.reported_in_matters_arising(status, closed_at, since):
            continue
        if not action.meeting.shows_minutes_to(viewer):
            hidden += 1
            continue
        key = (action.meeting_id, action.minute_id)
        group = index.get(key)
        if group is None:
            group = index[key] = MinuteGroup(meeting=action.meeting, minute=action.minute)
            groups.append(group)
        following = next((d for d in dates if d > action.meeting.date), None)
        due = rules.effective_due(state.due_date, state.due_next_meeting, following)
        later_rows = [rows[e.id] for e in state.later]
        current = next(
            (u for u in reversed(later_rows) if u.kind == ActionUpdate.Kind.STATUS), None
        )
        group.lines.append(
            MattersArisingLine(
                action=action,
                matter=action.resolution.text if action.resolution_id else state.description,
                owners=list(state.owners),
                status=status,
                closed_at=closed_at,
                update=rows[state.update.id] if state.update is not None else None,
                closing=entry
                if status in rules.CLOSED_STATUSES
                and entry is not None
                and entry.kind == ActionUpdate.Kind.STATUS
                else None,
                due=due,
                overdue=rules.is_overdue(status, due, meeting.date),
                later=current if action.status != status else None,
                due_date=state.due_date,
                due_next_meeting=state.due_next_meeting,
                rag_at=state.rag,
                description_at=state.description,
                since=later_rows,
            )
        )
    # Actions with no minute sort after their meeting's minutes.
    groups.sort(
        key=lambda g: (
            g.meeting_date,
            g.minute is None,
            g.minute.number if g.minute else 0,
            g.minute.suffix if g.minute else "",
        )
    )
    return MattersArisingReport(
        meeting=meeting,
        viewer=viewer,
        body_name=body.name_on(meeting.date),
        previous=previous,
        since=since,
        as_at=moment,
        item=item,
        paper=paper,
        groups=groups,
        hidden_unpublished=hidden,
    )


# --- the open-data form -----------------------------------------------------------------


def report_json(report: MattersArisingReport) -> dict[str, Any]:
    """`{"meeting": key, "items": [{"minute", "meeting_date", "title", "matter", "owners",
    "status", "update", ...}]}`; the first eight keys of an item are the stable ones."""
    items = []
    for group in report.groups:
        for line in group.lines:
            closed_at = line.closed_at if not line.is_open else None
            items.append(
                {
                    "minute": group.label,
                    "meeting_date": group.meeting_date.isoformat(),
                    "title": group.minute.title if group.minute is not None else "",
                    "matter": line.matter,
                    "owners": line.owner_names,
                    "status": line.status,
                    "update": line.update_text,
                    "action": line.pk,
                    "description": line.action.description,
                    "owner_initials": line.owner_initials,
                    "status_label": line.status_label,
                    "rag": line.rag,
                    "rag_label": line.rag_label,
                    "due": line.due.isoformat() if line.due else None,
                    "overdue": line.overdue,
                    "update_date": line.update_date.isoformat() if line.update_date else None,
                    "closed_at": timezone.localtime(closed_at).isoformat() if closed_at else None,
                    "closing_note": line.closing_note,
                    "status_now": line.action.status,
                }
            )
    meeting = report.meeting
    return {
        "meeting": meeting.key,
        "body": report.body_name,
        "date": meeting.date.isoformat(),
        "reference": report.reference,
        "previous_meeting": report.previous.isoformat() if report.previous else None,
        "as_at": timezone.localtime(report.as_at).isoformat() if report.as_at else None,
        "items": items,
    }


# --- the document -----------------------------------------------------------------------


def _minute_cell(group: MinuteGroup) -> list[doc.Inline]:
    """The minute's number, meeting date and title as minuted."""
    first = f"Minute {group.label}" if group.label else "Meeting"
    return [doc.Run(first, strong=True), f"\n{short_date(group.meeting_date)}\n{group.title}"]


def _matter_cell(line: MattersArisingLine) -> list[doc.Inline]:
    """The resolution as minuted (or, for an action that stands for its minute, the
    action): nothing of ours is added to the minutes' words."""
    return [line.matter]


def _update_cell(line: MattersArisingLine) -> list[doc.Inline]:
    """Owners, status, due date and update as at the report. Nothing that happened after
    it is printed: a frozen report reads as the meeting had it."""
    who = line.owner_initials or "No owner"
    parts: list[doc.Inline] = [doc.Run(f"{who} – {line.status_label}", strong=True)]
    if line.rag:
        parts.append(doc.Run(f" – {line.rag_label}", strong=True))
    if line.due_text and line.is_open:
        parts.append(f"\nDue: {line.due_text}" + (" (overdue)" if line.overdue else ""))
    if line.closed_on is not None:
        closed = f"Closed ({line.status_label.lower()}) on {short_date(line.closed_on)}."
        parts += ["\n", doc.Run(closed, strong=True)]
        if line.closing_note:
            parts += [" ", line.closing_note]
    if line.update is not None:
        parts += ["\n", line.update_text, "\n"]
        parts.append(doc.Run(f"Update of {short_date(line.update_date)}", emphasis=True))
    elif line.closed_on is None:
        parts += ["\n", doc.Run("No update received.", emphasis=True)]
    return parts


def _section(lines: list[str]) -> doc.Block:
    if len(lines) == 1:
        return doc.Paragraph(lines[0])
    return doc.ListBlock(list(lines), style="number")


def _cover_blocks(report: MattersArisingReport) -> list[doc.Block]:
    """The cover sheet in the seeds' order: header rows, reason and recommendation, the
    non-applicable sections and background documents, then each impact section."""
    meeting = report.meeting
    partnership = meeting.body.partnership
    cover = report.cover
    officer = partnership.contact_name or partnership.name
    if cover.contact_job_title:
        officer = f"{officer}, {cover.contact_job_title}"
    contact: list[doc.Inline] = [officer]
    for extra in (
        f"Tel: {partnership.contact_phone}" if partnership.contact_phone else "",
        f"E-mail: {partnership.contact_email}" if partnership.contact_email else "",
    ):
        if extra:
            contact.append(f"\n{extra}")
    blocks: list[doc.Block] = [
        doc.Paragraph(doc.Run(partnership.council or partnership.name, strong=True)),
        doc.Paragraph(
            doc.Run("PART TWO – RESTRICTED" if report.has_restricted else "PART ONE – PUBLIC")
        ),
        doc.SummaryList(
            [
                doc.SummaryRow("Report number", report.reference),
                doc.SummaryRow("Decision maker", report.body_name),
                doc.SummaryRow("Date", long_date(meeting.date)),
                doc.SummaryRow("Decision type", cover.decision_type),
                doc.SummaryRow("Title", REPORT_TITLE.upper()),
                doc.SummaryRow("Contact officer", contact),
                doc.SummaryRow("Chief officer", cover.chief_officer),
                doc.SummaryRow("Ward", cover.ward),
            ]
        ),
        doc.Heading("Reason for report", level=1, number="1."),
        doc.Paragraph([doc.Run("Appendix A", strong=True), report.reason[len("Appendix A") :]]),
        doc.Heading("Recommendation", level=1, number="2."),
        doc.Paragraph(report.recommendation),
        doc.SummaryList(
            [
                doc.SummaryRow("Non-applicable sections", cover.non_applicable_sections),
                doc.SummaryRow("Background documents", cover.background_documents),
            ]
        ),
    ]
    for heading, lines in cover.sections:
        blocks += [doc.Heading(heading, level=2), _section(lines or [rules.NOT_GIVEN])]
    return blocks


def build_document(report: MattersArisingReport) -> doc.Document:
    """The report in the seeds' layout: cover sheet, then the Appendix A table, as at the
    report (see `matters_arising_for`)."""
    meeting = report.meeting
    partnership = meeting.body.partnership
    document = doc.Document(
        title=REPORT_TITLE,
        subtitle=f"{report.body_name}, {long_date(meeting.date)}",
        partnership=partnership.name,
        brand_colour=partnership.colour,
        organisation=partnership.council or partnership.name,
        author=partnership.contact_name or partnership.name,
        date_text=long_date(meeting.date),
        marking=RESTRICTED_MARKING if report.has_restricted else "",
    )
    document.blocks += _cover_blocks(report)
    document.blocks += [
        doc.PageBreak(),
        doc.Heading("Matters arising from previous meetings", level=1, number="Appendix A"),
    ]
    if not report.lines:
        document.blocks.append(
            doc.Paragraph("There are no matters arising from previous meetings.")
        )
        return document
    rows: list[list[doc.CellLike]] = []
    for group in report.groups:
        for line in group.lines:
            rows.append(
                [
                    doc.Cell(_minute_cell(group), header=True),
                    doc.Cell(_matter_cell(line)),
                    doc.Cell(_update_cell(line)),
                ]
            )
    document.blocks.append(
        doc.Table(
            caption="Matters arising from previous meetings",
            header=[["Minute Number/Title", "Matters Arising", "Update"]],
            rows=rows,
            col_widths=[0.2, 0.4, 0.4],
        )
    )
    return document
