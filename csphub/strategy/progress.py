"""Progress against the strategy: one priority's report, the paper of the Board's
substantive discussion item.

`progress_for` gathers, in a fixed number of queries: the priority's commitments; the
delivery-plan actions serving it (through `PlanObjective.priority`) that the viewer may read,
with status, RAG, owners, due date and latest update, counted by status and by RAG; the
linked indicators' figures from the indicators page's own code; and the open actions past
their due date. `build_document` lays it out in the one document model, so the page, the PDF
and the DOCX say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from csphub.accounts.permissions import Viewer, viewer_for
from csphub.actions import rules as action_rules
from csphub.actions.models import Action
from csphub.actions.selectors import STATUS_ORDER, ActionRow, action_rows, with_details
from csphub.core.formats import long_date, short_date
from csphub.documents import model as doc
from csphub.documents import registry
from csphub.partnerships.models import Partnership
from csphub.performance import figures as ind

from .models import Commitment, Priority, Strategy
from .queries import IndicatorFigures, indicator_figures, strategy_find
from .wording import counted, quarter_text

NAME = "progress-report"
RESTRICTED_MARKING = "RESTRICTED"
RAG_ORDER = ["red", "amber", "green", ""]


@dataclass
class PlanActionRow:
    row: ActionRow
    plan: str
    body: str
    objective: str
    outcome: str


@dataclass
class ProgressReport:
    strategy: Strategy
    priority: Priority
    commitments: list[Commitment]
    actions: list[PlanActionRow]
    figures: IndicatorFigures
    indicators: list[ind.IndicatorFigure]
    today: dt.date
    viewer: Viewer

    @property
    def by_status(self) -> list[tuple[str, int]]:
        labels = dict(Action.Status.choices)
        keys = counted((a.row.action.status for a in self.actions), STATUS_ORDER)
        return [(labels.get(k, k), n) for k, n in keys]

    @property
    def by_rag(self) -> list[tuple[str, int]]:
        keys = counted((a.row.action.rag for a in self.actions), RAG_ORDER)
        return [(action_rules.rag_label(k), n) for k, n in keys]

    @property
    def overdue(self) -> list[PlanActionRow]:
        return [a for a in self.actions if a.row.overdue]

    @property
    def has_restricted(self) -> bool:
        return any(a.row.action.is_restricted for a in self.actions)

    @property
    def title(self) -> str:
        return f"Priority {self.priority.number}: {self.priority.title}"

    @property
    def quarter(self) -> str:
        return quarter_text(self.priority.discussion_quarter)


def progress_for(
    priority: Priority, viewer: Viewer, today: dt.date | None = None
) -> ProgressReport:
    """The report for ``priority`` as ``viewer`` may read it (restricted actions only for
    those cleared, by `Action.objects.visible_to`)."""
    strategy = priority.strategy
    partnership = strategy.partnership
    today = today or timezone.localdate()
    actions = with_details(
        Action.objects.visible_to(viewer).filter(
            partnership=partnership, plan_action__objective__priority=priority
        )
    ).select_related("plan_action__objective__plan__body")
    actions = actions.order_by(
        "plan_action__objective__plan__body__name",
        "-plan_action__objective__plan__year",
        "plan_action__objective__position",
        "plan_action__objective__id",
        "plan_action__position",
        "id",
    )
    rows = []
    for row in action_rows(list(actions), today):
        link = row.action.plan_action
        rows.append(
            PlanActionRow(
                row=row,
                plan=link.objective.plan.title,
                body=link.objective.plan.body.name,
                objective=link.objective.title,
                outcome=link.outcome,
            )
        )
    indicators = list(
        priority.indicators.filter(partnership=partnership).order_by("number", "name")
    )
    figures = indicator_figures(partnership, {i.pk for i in indicators})
    return ProgressReport(
        strategy=strategy,
        priority=priority,
        commitments=list(priority.commitments.order_by("position", "id")),
        actions=rows,
        figures=figures,
        indicators=[figures.of(i) for i in indicators],
        today=today,
        viewer=viewer,
    )


# --- the document ----------------------------------------------------------------------------


def _num(n: int) -> doc.Cell:
    return doc.Cell(str(n), align="right")


def build_document(report: ProgressReport) -> doc.Document:
    priority, strategy = report.priority, report.strategy
    partnership = strategy.partnership
    document = doc.Document(
        title=f"Progress against the strategy: {report.title}",
        subtitle=f"{strategy.title} (version {strategy.version})",
        partnership=partnership.name,
        brand_colour=partnership.colour,
        organisation=partnership.council or partnership.name,
        author=partnership.contact_name or partnership.name,
        date_text=long_date(report.today),
        marking=RESTRICTED_MARKING if report.has_restricted else "",
    )
    blocks = document.blocks
    blocks.append(
        doc.SummaryList(
            [
                doc.SummaryRow("Strategy", f"{strategy.title} ({strategy.get_status_display()})"),
                doc.SummaryRow("Priority", report.title),
                doc.SummaryRow(
                    "Led by", priority.lead_body.name if priority.lead_body else "Not recorded"
                ),
                doc.SummaryRow("Board's substantive discussion", report.quarter or "Not recorded"),
                doc.SummaryRow("Figures", report.figures.to_label or "No figures yet"),
                doc.SummaryRow("Report date", long_date(report.today)),
            ]
        )
    )
    blocks.append(doc.Heading("Our aim", level=1, number="1."))
    blocks.append(doc.Paragraph(priority.aim or "No aim recorded."))
    blocks.append(doc.Heading("What we will tackle", level=1, number="2."))
    if report.commitments:
        blocks.append(doc.ListBlock([c.text for c in report.commitments], style="number"))
    else:
        blocks.append(doc.Paragraph("No commitments recorded."))
    if priority.how_we_know.strip():
        blocks.append(doc.Heading("How we will know we are on track", level=1, number="3."))
        lines = [line.strip() for line in priority.how_we_know.splitlines() if line.strip()]
        blocks.append(doc.ListBlock(list(lines)))
    blocks.append(doc.Heading("Indicators", level=1, number="4."))
    blocks += _indicator_blocks(report)
    blocks.append(doc.Heading("Delivery-plan actions", level=1, number="5."))
    blocks += _action_blocks(report)
    blocks.append(doc.Heading("Overdue", level=1, number="6."))
    blocks += _overdue_blocks(report)
    return document


def _indicator_blocks(report: ProgressReport) -> list[doc.Block]:
    if not report.indicators:
        return [doc.Paragraph("No indicators are linked to this priority.")]
    blocks: list[doc.Block] = []
    if report.figures.to_label:
        blocks.append(
            doc.Paragraph(
                f"Financial year to date, {report.figures.to_label}, against the same months "
                "of the previous year, as on the indicators page."
            )
        )
    rows: list[list[doc.CellLike]] = []
    for f in report.indicators:
        current = f.current if f.has_data else (f.latest_text or "No data")
        rows.append(
            [
                doc.Cell(f.indicator.name, header=True),
                doc.Cell(current, align="right"),
                doc.Cell(f.previous, align="right"),
                doc.Cell(f.change, align="right"),
                doc.Cell(f.target_text, align="right"),
                doc.Cell(f.rag_text),
            ]
        )
    blocks.append(
        doc.Table(
            caption="Indicators of this priority",
            header=[
                [
                    "Indicator",
                    doc.Cell("Year to date", align="right"),
                    doc.Cell("Same period last year", align="right"),
                    doc.Cell("Change", align="right"),
                    doc.Cell("Target", align="right"),
                    "Rating",
                ]
            ],
            rows=rows,
            col_widths=[0.3, 0.14, 0.14, 0.16, 0.1, 0.16],
        )
    )
    return blocks


def _action_blocks(report: ProgressReport) -> list[doc.Block]:
    if not report.actions:
        hidden = ", or none is public" if report.viewer.is_public else ""
        return [
            doc.Paragraph(f"No delivery-plan actions serving this priority are recorded{hidden}.")
        ]
    total = len(report.actions)
    blocks: list[doc.Block] = [
        doc.Paragraph(
            f"{total} action{'s' if total != 1 else ''} of the sub-groups' delivery plans "
            f"serve this priority; {len(report.overdue)} overdue."
        ),
        doc.Table(
            caption="Actions by status",
            header=[["Status", doc.Cell("Actions", align="right")]],
            rows=[[label, _num(n)] for label, n in report.by_status],
            keep_together=True,
        ),
        doc.Table(
            caption="Actions by RAG rating",
            header=[["Rating", doc.Cell("Actions", align="right")]],
            rows=[[label, _num(n)] for label, n in report.by_rag],
            keep_together=True,
        ),
    ]
    blocks.append(
        doc.Table(
            caption="The actions",
            header=[["No.", "Action", "Owners", "Due", "Status", "Rating", "Latest update"]],
            rows=[_action_row(a) for a in report.actions],
            col_widths=[0.06, 0.3, 0.14, 0.1, 0.1, 0.1, 0.2],
        )
    )
    return blocks


def _action_row(a: PlanActionRow) -> list[doc.CellLike]:
    row = a.row
    action: list[doc.Inline] = [doc.Run(row.action.description)]
    action.append(f"\n{a.body}: {a.objective[:120]}")
    if a.outcome:
        action.append(f"\nOutcome: {a.outcome}")
    update = row.update_text
    if update and row.update_date:
        update = f"{short_date(row.update_date)}: {update}"
    return [
        row.number,
        doc.Cell(action),
        row.owner_names,
        row.due_text + (" (overdue)" if row.overdue else ""),
        row.status_text,
        row.rag_text,
        update or "None yet",
    ]


def _overdue_blocks(report: ProgressReport) -> list[doc.Block]:
    overdue = report.overdue
    if not overdue:
        return [doc.Paragraph("No open action is past its due date.")]
    return [
        doc.Table(
            caption="Open actions past their due date",
            header=[["No.", "Action", "Owners", "Due", "Status"]],
            rows=[
                [
                    a.row.number,
                    a.row.action.description,
                    a.row.owner_names,
                    a.row.due_text,
                    a.row.status_text,
                ]
                for a in overdue
            ],
            col_widths=[0.08, 0.47, 0.2, 0.13, 0.12],
        )
    ]


# --- the registered document (pages, downloads, the command line) ----------------------------


@dataclass
class ProgressSubject:
    priority: Priority
    viewer: Viewer


def report_document(subject: ProgressSubject) -> doc.Document:
    return build_document(progress_for(subject.priority, subject.viewer))


def report_filename(subject: ProgressSubject) -> str:
    strategy = subject.priority.strategy
    return (
        f"{strategy.partnership.slug}-strategy-{strategy.period}-v{strategy.version}"
        f"-priority-{subject.priority.number}-progress"
    )


def load(key: str, user: Any, options: Mapping[str, Any]) -> ProgressSubject:
    """For the command line: KEY is the partnership's slug; ``--strategy`` its period and
    ``--priority`` the priority's number. Seen as the public unless ``user`` is given."""
    partnership = Partnership.objects.filter(slug=key).first()
    if partnership is None:
        raise LookupError(f"No partnership {key!r}.")
    viewer = viewer_for(user, partnership)
    period = (options.get("strategy") or "").strip()
    if not period:
        raise LookupError("Name the strategy with --strategy PERIOD, e.g. --strategy 2020-2023.")
    strategy = strategy_find(viewer, partnership, period)
    if strategy is None:
        known = sorted(
            {s.period for s in Strategy.objects.filter(partnership=partnership)}
            if viewer.can_manage
            else {
                s.period
                for s in Strategy.objects.filter(partnership=partnership).exclude(
                    status=Strategy.Status.DRAFT
                )
            }
        )
        there = f" (there is: {', '.join(known)})" if known else " (it has none yet)"
        raise LookupError(f"No strategy {period!r} for {partnership.name}{there}.")
    number = str(options.get("priority") or "").strip()
    if not number.isdigit():
        raise LookupError("Name the priority with --priority N, its number, e.g. --priority 2.")
    priority = (
        strategy.priorities.select_related("strategy__partnership", "lead_body")
        .filter(number=int(number))
        .first()
    )
    if priority is None:
        numbers = list(strategy.priorities.order_by("number").values_list("number", flat=True))
        listed = ", ".join(str(n) for n in numbers) or "none"
        raise LookupError(
            f"No priority {number} in the {strategy.period} strategy of {partnership.name} "
            f"(its priorities: {listed})."
        )
    return ProgressSubject(priority=priority, viewer=viewer)


SOURCE = registry.Source(
    name="strategy-priority",
    key_help="a partnership's slug, e.g. safer-bromley (with --strategy and --priority)",
    load=load,
    options=(
        registry.Option("--strategy", "the strategy's period, e.g. 2020-2023"),
        registry.Option("--priority", "the priority's number, e.g. 2"),
    ),
)


def register_documents() -> None:
    """Called from ``StrategyConfig.ready()``."""
    registry.register(NAME, report_document, source=SOURCE, filename=report_filename)
