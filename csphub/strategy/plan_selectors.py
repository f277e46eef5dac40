"""Reading delivery plans: the partnership's plans by body and year, one plan laid out as
the sub-groups print theirs, and reaching one plan or objective or action of a plan.

`plan_view` gives what the page, the PDF, the DOCX and the XLSX all show, in a fixed number
of queries however many actions the plan has. A plan action is shown when its `Action` is
visible to the viewer (`Action.visible_to`): a restricted one only to cleared readers; the
others are counted, never named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from csphub.accounts.permissions import Viewer
from csphub.actions import rules
from csphub.actions.models import ActionOwner, ActionUpdate
from csphub.actions.querysets import ActionQuerySet
from csphub.core.formats import short_date
from csphub.partnerships.models import Partnership

from . import plan_rules
from .models import DeliveryPlan, PlanAction, PlanObjective


def plans_visible(viewer: Viewer, partnership: Partnership) -> QuerySet[DeliveryPlan]:
    return DeliveryPlan.objects.visible_to(viewer).filter(partnership=partnership)


@dataclass
class BodyPlans:
    body_name: str
    body_slug: str
    plans: list[DeliveryPlan]


def plans_by_body(viewer: Viewer, partnership: Partnership) -> list[BodyPlans]:
    """Each body with plans, its plans newest year first, with their action counts (one
    query)."""
    plans = (
        plans_visible(viewer, partnership)
        .select_related("body")
        .annotate(action_count=Count("objectives__actions"))
        .order_by("body__name", "-year")
    )
    groups: dict[int, BodyPlans] = {}
    for plan in plans:
        groups.setdefault(
            plan.body_id, BodyPlans(body_name=plan.body.name, body_slug=plan.body.slug, plans=[])
        ).plans.append(plan)
    return list(groups.values())


def access_plan(viewer: Viewer, partnership: Partnership, body: str, year: int) -> DeliveryPlan:
    """The plan of a body (by slug) for a year, if the viewer may read it: 404 alike for a
    plan that does not exist and one they may not see."""
    plan = (
        plans_visible(viewer, partnership)
        .select_related("body", "partnership", "strategy")
        .filter(body__slug=body, year=year)
        .first()
    )
    if plan is None:
        raise Http404("No such delivery plan.")
    return plan


def access_objective(plan: DeliveryPlan, pk: int) -> PlanObjective:
    objective = plan.objectives.select_related("plan", "plan__partnership").filter(pk=pk).first()
    if objective is None:
        raise Http404("No such objective.")
    return objective


def access_plan_action(viewer: Viewer, plan: DeliveryPlan, pk: int) -> PlanAction:
    """A plan action whose action the viewer may see."""
    found = (
        PlanAction.objects.filter(ActionQuerySet.rule(viewer, "action__"))
        .select_related("objective", "objective__plan", "objective__plan__partnership", "action")
        .filter(objective__plan=plan, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such action in this plan.")
    return found


# --- the plan laid out -----------------------------------------------------------------------


@dataclass
class PlanRow:
    """One action of the plan as the page and every export show it."""

    plan_action: PlanAction
    objective_title: str
    number: str
    owners: list[ActionOwner]
    quarters: dict[int, list[ActionUpdate]]
    outside: list[ActionUpdate]
    """Updates dated outside the plan's year."""

    @property
    def action(self):
        return self.plan_action.action

    @property
    def lead_text(self) -> str:
        """ "Robert Harris (YOS Operational Manager)"; the note alone if no owner."""
        names = ", ".join(o.name for o in self.owners)
        note = self.plan_action.lead_note
        if names and note:
            return f"{names} ({note})"
        return names or note

    @property
    def due_text(self) -> str:
        """ "31 December 2017", "31 December 2017 (Ongoing quarterly updates)", "Ongoing"."""
        due = self.action.due_date
        note = self.plan_action.due_note
        if due and note:
            return f"{short_date(due)} ({note})"
        return short_date(due) if due else note

    @property
    def status_text(self) -> str:
        return self.action.get_status_display()

    @property
    def rag_text(self) -> str:
        """Symbol and word: "! Amber (at risk)"."""
        return rules.rag_label(self.action.rag)

    def quarter_text(self, quarter: int) -> str:
        """The quarter's updates, each dated: "30 August 2017: Dates agreed ..."."""
        return "\n".join(
            f"{short_date(timezone.localtime(u.at).date())}: {u.shown_text}"
            for u in self.quarters.get(quarter, [])
        )

    @property
    def updates_text(self) -> str:
        """Every update of the plan's year, each with its quarter and date, as the seeds'
        single "Quarter Updates" column: "Q2, 30 August 2017: Dates agreed ..."."""
        return "\n".join(
            f"Q{q}, {short_date(timezone.localtime(u.at).date())}: {u.shown_text}"
            for q in plan_rules.QUARTERS
            for u in self.quarters.get(q, [])
        )

    @property
    def q1(self) -> str:
        return self.quarter_text(1)

    @property
    def q2(self) -> str:
        return self.quarter_text(2)

    @property
    def q3(self) -> str:
        return self.quarter_text(3)

    @property
    def q4(self) -> str:
        return self.quarter_text(4)


@dataclass
class ObjectiveView:
    objective: PlanObjective
    rows: list[PlanRow] = field(default_factory=list)


@dataclass
class PlanView:
    plan: DeliveryPlan
    objectives: list[ObjectiveView]
    withheld: int
    """Actions of the plan the viewer may not see (restricted): counted, never shown."""

    @property
    def rows(self) -> list[PlanRow]:
        return [row for o in self.objectives for row in o.rows]

    @property
    def year_label(self) -> str:
        return plan_rules.year_label(self.plan.year)

    @property
    def quarter_headings(self) -> list[str]:
        """ "Q1 (April to June 2017)" ..."""
        out = []
        for q in plan_rules.QUARTERS:
            _start, end = plan_rules.quarter_bounds(self.plan.year, q)
            out.append(f"Q{q} ({plan_rules.QUARTER_MONTHS[q]} {end.year})")
        return out

    @property
    def key_targets(self) -> list[str]:
        return [line.strip() for line in self.plan.key_targets.splitlines() if line.strip()]


def plan_view(plan: DeliveryPlan, viewer: Viewer) -> PlanView:
    """The plan with its objectives, and under each the actions the viewer may see, with
    their owners and their progress updates by financial quarter (five queries)."""
    visible = ActionQuerySet.rule(viewer, "action__")
    updates = ActionUpdate.objects.filter(kind=ActionUpdate.Kind.UPDATE).order_by("at", "id")
    plan_actions = (
        PlanAction.objects.filter(objective__plan=plan)
        .filter(visible)
        .select_related("action", "action__partnership")
        .prefetch_related(
            Prefetch(
                "action__owners",
                queryset=ActionOwner.objects.select_related("person", "organisation").order_by(
                    "position", "id"
                ),
            ),
            Prefetch("action__updates", queryset=updates, to_attr="progress_updates"),
        )
        .order_by("objective__position", "objective_id", "position", "id")
    )
    objectives = [ObjectiveView(o) for o in plan.objectives.select_related("priority")]
    by_id = {o.objective.pk: o for o in objectives}
    number = 0
    for pa in plan_actions:
        number += 1
        progress = pa.action.progress_updates  # type: ignore[attr-defined]
        quarters: dict[int, list[ActionUpdate]] = {q: [] for q in plan_rules.QUARTERS}
        outside = []
        for u in progress:
            q = plan_rules.quarter_of_plan(timezone.localtime(u.at).date(), plan.year)
            if q is None:
                outside.append(u)
            else:
                quarters[q].append(u)
        home = by_id[pa.objective_id]
        home.rows.append(
            PlanRow(
                plan_action=pa,
                objective_title=home.objective.title,
                number=pa.action.reference or str(number),
                owners=list(pa.action.owners.all()),
                quarters=quarters,
                outside=outside,
            )
        )
    withheld = PlanAction.objects.filter(objective__plan=plan).count() - number
    return PlanView(plan=plan, objectives=objectives, withheld=withheld)
