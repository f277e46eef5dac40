"""A delivery plan as a document (HTML, PDF, DOCX through `csphub.documents`) and as a
spreadsheet (XLSX, one row per action).

Both are built from `plan_selectors.plan_view`, which has already left out what the viewer
may not see, so no format can show a restricted action to an uncleared reader. The document
is laid out as the sub-groups print their plans: per objective, a table of action, outcome,
due date, lead, status and RAG, and one "Quarterly updates" column in which each update
carries its quarter and date (the seeds' own layout, and the only one that leaves the text
room on A4 landscape); the page and the XLSX have a column per quarter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from csphub.accounts.permissions import Viewer, viewer_for
from csphub.actions import exports
from csphub.core.formats import long_date
from csphub.documents import model as doc
from csphub.documents import registry
from csphub.partnerships.models import Partnership

from .models import DeliveryPlan
from .plan_selectors import PlanRow, PlanView, access_plan, plan_view

NAME = "delivery-plan"
PAPER = "a4-landscape"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RESTRICTED_MARKING = "RESTRICTED – contains restricted actions"


@dataclass(frozen=True)
class PlanSubject:
    """A plan as one viewer may see it."""

    plan: DeliveryPlan
    viewer: Viewer

    @classmethod
    def load(cls, key: str, user: Any, options: Mapping[str, Any]) -> PlanSubject:
        """For the command line: KEY is partnership/body/YEAR (2017 for 2017/18); the
        public's view unless `user` has more (the public sees no plan)."""
        parts = key.strip("/").split("/")
        if len(parts) != 3 or not parts[2].isdigit():
            raise LookupError(
                f"{key!r}: give partnership/body/YEAR, e.g. barking-dagenham/vawg/2017"
            )
        partnership = Partnership.objects.filter(slug=parts[0]).first()
        if partnership is None:
            raise LookupError(f"No partnership {parts[0]!r}")
        viewer = viewer_for(user, partnership)
        try:
            plan = access_plan(viewer, partnership, parts[1], int(parts[2]))
        except Http404:  # the same message for missing and not visible
            raise LookupError(
                f"No delivery plan {key!r} that this user may see (try --as-user)."
            ) from None
        return cls(plan=plan, viewer=viewer)


SOURCE = registry.Source(
    name="delivery-plan",
    key_help="partnership/body/YEAR for a delivery plan, e.g. barking-dagenham/vawg/2017",
    load=PlanSubject.load,
)


def plan_filename(subject: PlanSubject) -> str:
    """ "vawg-delivery-plan-2017-18" """
    plan = subject.plan
    return exports.safe_filename(
        plan.body.slug, "delivery-plan", f"{plan.year}-{(plan.year + 1) % 100:02d}"
    )


def build_document(view: PlanView) -> doc.Document:
    plan = view.plan
    partnership = plan.partnership
    blocks: list[doc.Block] = [
        doc.SummaryList(
            [
                doc.SummaryRow("Body", plan.body.name),
                doc.SummaryRow("Financial year", view.year_label),
                doc.SummaryRow("Status", plan.get_status_display()),
                doc.SummaryRow("Actions", str(len(view.rows))),
            ]
        )
    ]
    if view.key_targets:
        blocks += [doc.Heading("Key targets"), doc.ListBlock(list(view.key_targets))]
    if view.withheld:
        blocks.append(
            doc.Notice(
                f"{view.withheld} restricted action{'s are' if view.withheld != 1 else ' is'} "
                "not shown.",
                kind="warning",
            )
        )
    header = [
        "No.",
        "Action",
        "Outcomes",
        "Due date",
        "Lead",
        "Status and RAG",
        "Quarterly updates",
    ]
    widths = [0.04, 0.2, 0.2, 0.09, 0.13, 0.09, 0.25]
    for i, objective in enumerate(view.objectives, start=1):
        title = objective.objective.title
        blocks.append(doc.Heading(title, number=f"{i}."))
        if objective.objective.priority_id:
            priority = objective.objective.priority
            blocks.append(doc.Paragraph(f"Serves {priority}."))
        if not objective.rows:
            blocks.append(doc.Paragraph("No actions under this objective."))
            continue
        blocks.append(
            doc.Table(
                caption=f"Actions for objective {i}",
                header=[header],
                rows=[_row(r) for r in objective.rows],
                col_widths=widths,
            )
        )
    return doc.Document(
        title=plan.title,
        subtitle=f"{plan.body.name}, {view.year_label}",
        partnership=partnership.name,
        brand_colour=partnership.colour,
        organisation=partnership.council or partnership.name,
        author=partnership.contact_name or partnership.name,
        date_text=long_date(plan.created_at.date()),
        marking=RESTRICTED_MARKING if any(r.action.is_restricted for r in view.rows) else "",
        blocks=blocks,
    )


def _row(row: PlanRow) -> list[doc.CellLike]:
    return [
        doc.Cell(row.number, header=True),
        row.action.description + (" (restricted)" if row.action.is_restricted else ""),
        row.plan_action.outcome,
        row.due_text,
        row.lead_text,
        f"{row.status_text}\n{row.rag_text}",
        row.updates_text,
    ]


def plan_document(subject: PlanSubject) -> doc.Document:
    return build_document(plan_view(subject.plan, subject.viewer))


XLSX_COLUMNS = [
    exports.Column("Objective", lambda r: r.objective_title, 30),
    exports.Column("No.", lambda r: r.number, 6),
    exports.Column("Action", lambda r: r.action.description, 50),
    exports.Column("Outcomes", lambda r: r.plan_action.outcome, 45),
    exports.Column("Due date", lambda r: r.action.due_date, 14),
    exports.Column("Due (as the plan says)", lambda r: r.plan_action.due_note, 20),
    exports.Column("Lead", lambda r: r.lead_text, 30),
    exports.Column("Status", lambda r: r.status_text, 14),
    exports.Column("RAG", lambda r: r.rag_text, 18),
    exports.Column("Q1 update", lambda r: r.q1, 40),
    exports.Column("Q2 update", lambda r: r.q2, 40),
    exports.Column("Q3 update", lambda r: r.q3, 40),
    exports.Column("Q4 update", lambda r: r.q4, 40),
]


def plan_xlsx(subject: PlanSubject) -> bytes:
    """One sheet, a header row, one row per action the viewer may see."""
    view = plan_view(subject.plan, subject.viewer)
    return exports.to_xlsx(view.rows, XLSX_COLUMNS, title=f"Delivery plan {view.year_label}")  # type: ignore[arg-type]


def register_documents() -> None:
    """Called from `StrategyConfig.ready()`."""
    registry.register(
        NAME,
        plan_document,
        source=SOURCE,
        filename=plan_filename,
        extras={"xlsx": registry.Extra(XLSX, plan_xlsx)},
    )
