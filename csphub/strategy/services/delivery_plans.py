"""Every write to delivery plans: the plan, its objectives, its actions and the request for
their quarterly updates.

A plan action is an ordinary `actions.Action` (owners, due date, status, RAG, history,
signed-link updates), created and changed through the actions services, joined to its
objective by a `PlanAction` that adds the outcome expected. Quarterly updates are the
action's own progress updates: the quarter is the financial quarter of the update's date
(`plan_rules.financial_quarter`), so nothing here stores one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.actions import services as action_services
from csphub.actions import update_requests
from csphub.actions.models import Action
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record, model_create, model_update
from csphub.partnerships.models import Body

from .. import plan_rules
from ..models import DeliveryPlan, PlanAction, PlanObjective, Priority, Strategy

PLAN_FIELDS = {"title", "status", "key_targets", "strategy"}
OBJECTIVE_FIELDS = {"title", "priority"}
PLAN_ACTION_FIELDS = {"outcome", "due_note", "lead_note"}


def _check_year(year: Any) -> int:
    try:
        plan_rules.year_label(int(year))
    except (TypeError, ValueError):
        raise ValidationError(
            {"year": "Enter the financial year as its first year, for example 2017 for 2017/18."}
        ) from None
    return int(year)


def _check_strategy(strategy: Strategy | None, partnership_id: int) -> None:
    if strategy is not None and strategy.partnership_id != partnership_id:
        raise ValidationError({"strategy": "That strategy belongs to another partnership."})


def _check_priority(priority: Priority | None, plan: DeliveryPlan) -> None:
    if priority is not None and priority.strategy.partnership_id != plan.partnership_id:
        raise ValidationError({"priority": "That priority belongs to another partnership."})


@transaction.atomic
def delivery_plan_create(
    *,
    actor: Actor,
    body: Body,
    year: int,
    title: str = "",
    status: str = DeliveryPlan.Status.DRAFT,
    key_targets: str = "",
    strategy: Strategy | None = None,
    created_at: dt.datetime | None = None,
) -> DeliveryPlan:
    """A body's plan for one financial year; one plan per body and year."""
    partnership = body.partnership
    ensure_can_manage(actor, partnership)
    year = _check_year(year)
    _check_strategy(strategy, partnership.pk)
    if DeliveryPlan.objects.filter(body=body, year=year).exists():
        raise ValidationError(
            {"year": f"The {body.name} already has a plan for {plan_rules.year_label(year)}."}
        )
    return model_create(
        actor=actor,
        model=DeliveryPlan,
        partnership=partnership,
        verb="delivery_plan.create",
        partnership_id=partnership.pk,
        body=body,
        year=year,
        title=title.strip() or plan_rules.plan_title(body.name, year),
        status=status,
        key_targets=key_targets.strip(),
        strategy=strategy,
        created_at=created_at or timezone.now(),
    )


@transaction.atomic
def delivery_plan_edit(*, actor: Actor, plan: DeliveryPlan, data: dict) -> DeliveryPlan:
    """Change the plan's title, status (draft, active, closed), key targets or strategy."""
    ensure_can_manage(actor, plan.partnership)
    unknown = set(data) - PLAN_FIELDS
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    _check_strategy(data.get("strategy"), plan.partnership_id)
    return model_update(
        actor=actor,
        instance=plan,
        data=data,
        fields=PLAN_FIELDS,
        partnership=plan.partnership,
        verb="delivery_plan.edit",
    )


# --- objectives ------------------------------------------------------------------------------


@transaction.atomic
def plan_objective_add(
    *, actor: Actor, plan: DeliveryPlan, title: str, priority: Priority | None = None
) -> PlanObjective:
    """An objective at the end of the plan, serving a priority of the strategy if given."""
    ensure_can_manage(actor, plan.partnership)
    if not title.strip():
        raise ValidationError({"title": "Enter the objective."})
    _check_priority(priority, plan)
    last = plan.objectives.aggregate(last=Max("position"))["last"]
    return model_create(
        actor=actor,
        model=PlanObjective,
        partnership=plan.partnership,
        verb="plan_objective.create",
        plan=plan,
        title=title.strip(),
        priority=priority,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def plan_objective_edit(*, actor: Actor, objective: PlanObjective, data: dict) -> PlanObjective:
    plan = objective.plan
    ensure_can_manage(actor, plan.partnership)
    if "title" in data:
        if not str(data["title"]).strip():
            raise ValidationError({"title": "Enter the objective."})
        data = {**data, "title": str(data["title"]).strip()}
    _check_priority(data.get("priority"), plan)
    return model_update(
        actor=actor,
        instance=objective,
        data=data,
        fields=OBJECTIVE_FIELDS,
        partnership=plan.partnership,
        verb="plan_objective.edit",
    )


@transaction.atomic
def plan_objective_move(*, actor: Actor, objective: PlanObjective, offset: int) -> PlanObjective:
    """Move an objective up (-1) or down (+1) the plan."""
    plan = objective.plan
    ensure_can_manage(actor, plan.partnership)
    siblings = list(plan.objectives.order_by("position", "id"))
    _renumber(actor, siblings, objective.pk, offset, "plan_objective.move", plan)
    objective.refresh_from_db(fields=["position"])
    return objective


def _renumber(
    actor: Actor, rows: list, moved: int, offset: int, verb: str, plan: DeliveryPlan
) -> None:
    """Give `rows` positions 0, 1, 2... in their new order and record the move."""
    before = [r.pk for r in rows]
    after = plan_rules.positions_after_move(before, moved, offset)
    if after == before and all(r.position == i for i, r in enumerate(rows)):
        return
    by_pk = {r.pk: r for r in rows}
    for i, pk in enumerate(after):
        row = by_pk[pk]
        if row.position != i:
            row.position = i
            row.save(update_fields=["position"])
    audit_record(
        actor=actor,
        verb=verb,
        obj=by_pk[moved],
        partnership=plan.partnership,
        before={"order": before},
        after={"order": after},
    )


# --- actions ---------------------------------------------------------------------------------


@transaction.atomic
def plan_action_add(
    *,
    actor: Actor,
    objective: PlanObjective,
    description: str,
    owners: list,
    outcome: str = "",
    due_date: dt.date | None = None,
    due_note: str = "",
    lead_note: str = "",
    status: str = Action.Status.OPEN,
    rag: str = "",
    reference: str = "",
    others: str = "",
    start_date: dt.date | None = None,
    is_restricted: bool = False,
    created_at: dt.datetime | None = None,
) -> PlanAction:
    """An action of the plan: an `Action` of the plan's body (through the actions services,
    so its history and audit start as any action's do) and its place under the objective."""
    plan = objective.plan
    ensure_can_manage(actor, plan.partnership)
    if not description.strip():
        raise ValidationError({"description": "Enter what must be done."})
    action = action_services.action_create(
        actor=actor,
        body=plan.body,
        description=description,
        owners=owners,
        source=Action.Source.ACTION_PLAN,
        due_date=due_date,
        status=status,
        rag=rag,
        reference=reference,
        others=others,
        start_date=start_date,
        created_at=created_at,
        is_restricted=is_restricted,
    )
    last = PlanAction.objects.filter(objective=objective).aggregate(last=Max("position"))["last"]
    return model_create(
        actor=actor,
        model=PlanAction,
        partnership=plan.partnership,
        verb="plan_action.create",
        objective=objective,
        action=action,
        position=0 if last is None else last + 1,
        outcome=outcome.strip(),
        due_note=due_note.strip(),
        lead_note=lead_note.strip(),
    )


@transaction.atomic
def plan_action_edit(*, actor: Actor, plan_action: PlanAction, data: dict) -> PlanAction:
    """Change a plan action. Its outcome, due note and lead note are the plan's own; the
    action's wording, number, others, RAG and start date (`actions.services.EDITABLE`), its
    due date (`due_date`) and owners (`owners`) change through the actions services, so the
    action's history says what changed. `objective` moves it to another objective of the
    same plan."""
    plan = plan_action.objective.plan
    ensure_can_manage(actor, plan.partnership)
    allowed = PLAN_ACTION_FIELDS | action_services.EDITABLE | {"due_date", "owners", "objective"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    action = plan_action.action
    edits = {k: v for k, v in data.items() if k in action_services.EDITABLE}
    if edits:
        action_services.action_edit(actor=actor, action=action, data=edits)
    if "due_date" in data:
        action_services.action_set_due(
            actor=actor, action=action, due_date=data["due_date"], note="Changed in the plan."
        )
    if "owners" in data:
        new = {(type(o).__name__, o.pk) for o in data["owners"]}
        old = {
            ("Person", o.person_id) if o.person_id else ("Organisation", o.organisation_id)
            for o in action.owners.all()
        }
        if new != old:
            action_services.action_reassign(
                actor=actor,
                action=action,
                owners=list(data["owners"]),
                note=f"Lead changed in the {plan.title}.",
            )
    own: dict[str, Any] = {
        k: (v.strip() if isinstance(v, str) else v)
        for k, v in data.items()
        if k in PLAN_ACTION_FIELDS | {"objective"}
    }
    target: PlanObjective | None = own.get("objective")
    if target is not None and target.plan_id != plan.pk:
        raise ValidationError({"objective": "Choose an objective of the same plan."})
    if target is not None and target.pk != plan_action.objective_id:
        last = PlanAction.objects.filter(objective=target).aggregate(last=Max("position"))["last"]
        plan_action.position = 0 if last is None else last + 1
    if own:
        model_update(
            actor=actor,
            instance=plan_action,
            data=own,
            fields=PLAN_ACTION_FIELDS | {"objective"},
            partnership=plan.partnership,
            verb="plan_action.edit",
        )
    return plan_action


@transaction.atomic
def plan_action_move(*, actor: Actor, plan_action: PlanAction, offset: int) -> PlanAction:
    """Move an action up (-1) or down (+1) within its objective."""
    plan = plan_action.objective.plan
    ensure_can_manage(actor, plan.partnership)
    siblings = list(
        PlanAction.objects.filter(objective=plan_action.objective_id).order_by("position", "id")
    )
    _renumber(actor, siblings, plan_action.pk, offset, "plan_action.move", plan)
    plan_action.refresh_from_db(fields=["position"])
    return plan_action


# --- quarterly updates -----------------------------------------------------------------------


def _request_purpose(plan: DeliveryPlan, quarter: int) -> str:
    """What the e-mail asks for: "the Hate Crime ... delivery plan 2017/18, quarter 2
    (July to September)"."""
    return (
        f"the {plan.title}, quarter {quarter} ({plan_rules.QUARTER_MONTHS[quarter]})"
        if quarter in plan_rules.QUARTERS
        else f"the {plan.title}"
    )


def quarterly_requests_plan(
    plan: DeliveryPlan, quarter: int, reply_by: dt.date | None, today: dt.date | None = None
) -> update_requests.Plan:
    """Who would be e-mailed (read only: nothing is written)."""
    return update_requests.actions_requests_plan(
        partnership=plan.partnership,
        actions=Action.objects.filter(plan_action__objective__plan=plan),
        purpose=_request_purpose(plan, quarter),
        reply_by=reply_by,
        today=today,
    )


def plan_updates_request(
    *,
    actor: Actor,
    plan: DeliveryPlan,
    quarter: int,
    reply_by: dt.date | None = None,
    now: dt.datetime | None = None,
    base_url: str | None = None,
) -> action_services.SendReport:
    """Ask the leads of the plan's open actions for their quarterly updates: one e-mail per
    lead covering all their actions in the plan, each action with its own signed link
    (the actions app's update requests: same expiry, same revoking)."""
    ensure_can_manage(actor, plan.partnership)
    if quarter not in plan_rules.QUARTERS:
        raise ValidationError({"quarter": "Choose the quarter, 1 to 4."})
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    if reply_by is not None and reply_by < today:
        raise ValidationError({"reply_by": "The reply-by date must be today or later."})
    preview = quarterly_requests_plan(plan, quarter, reply_by, today)
    report = action_services.update_requests_send_for(
        actor=actor, plan=preview, now=now, base_url=base_url
    )
    audit_record(
        actor=actor,
        verb="delivery_plan.request_updates",
        obj=plan,
        partnership=plan.partnership,
        after={
            "quarter": quarter,
            "reply_by": preview.reply_by.isoformat() if preview.reply_by else "",
            "emails_sent": report.emails_sent,
            "actions_requested": report.actions_requested,
            "not_requested": [a.pk for a in report.actions_not_requested],
        },
    )
    return report
