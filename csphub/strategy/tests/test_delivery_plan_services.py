"""Delivery-plan services: only the secretariat writes, every write is audited, and a plan
action is an ordinary action with its outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from csphub.actions.models import Action, ActionUpdate
from csphub.audit.actors import SystemActor
from csphub.audit.models import AuditEvent
from csphub.partnerships.tests.factories import BodyFactory, PersonFactory
from csphub.strategy.models import DeliveryPlan, PlanAction
from csphub.strategy.services import delivery_plans as services
from csphub.strategy.tests.factories import PriorityFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(partnership):
    return BodyFactory(partnership=partnership, slug="vawg", name="VAWG Sub Group")


@pytest.fixture
def plan(body, users):
    return services.delivery_plan_create(actor=users["secretariat"], body=body, year=2017)


@pytest.mark.parametrize("role", ["member", "cleared", "outsider", "other_secretariat"])
def test_only_the_secretariat_creates_a_plan(body, users, role):
    with pytest.raises(PermissionDenied):
        services.delivery_plan_create(actor=users[role], body=body, year=2017)
    assert not DeliveryPlan.objects.exists()


def test_creating_a_plan_is_audited_and_titled(plan, body):
    assert plan.title == "VAWG Sub Group delivery plan 2017/18"
    assert plan.status == DeliveryPlan.Status.DRAFT
    event = AuditEvent.objects.get(verb="delivery_plan.create")
    assert event.object_id == str(plan.pk)
    assert event.partnership == body.partnership


def test_one_plan_per_body_and_year(plan, body, users):
    with pytest.raises(ValidationError) as exc:
        services.delivery_plan_create(actor=users["secretariat"], body=body, year=2017)
    assert "already has a plan for 2017/18" in str(exc.value)
    with pytest.raises(ValidationError):
        services.delivery_plan_create(actor=users["secretariat"], body=body, year=17)


@pytest.mark.parametrize("role", ["member", "cleared", "outsider", "other_secretariat"])
def test_writes_to_a_plan_are_refused_for_others(plan, users, role):
    objective = services.plan_objective_add(actor=users["secretariat"], plan=plan, title="A")
    person = PersonFactory(partnership=plan.partnership)
    before = AuditEvent.objects.count()
    calls = [
        lambda: services.delivery_plan_edit(actor=users[role], plan=plan, data={"title": "X"}),
        lambda: services.plan_objective_add(actor=users[role], plan=plan, title="B"),
        lambda: services.plan_objective_edit(
            actor=users[role], objective=objective, data={"title": "X"}
        ),
        lambda: services.plan_objective_move(actor=users[role], objective=objective, offset=1),
        lambda: services.plan_action_add(
            actor=users[role], objective=objective, description="Do it", owners=[person]
        ),
        lambda: services.plan_updates_request(actor=users[role], plan=plan, quarter=2),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert AuditEvent.objects.count() == before
    assert not Action.objects.exists()


def test_objectives_serve_priorities_of_the_partnership_only(plan, users, other_partnership):
    own = PriorityFactory(strategy=StrategyFactory(partnership=plan.partnership))
    foreign = PriorityFactory(strategy=StrategyFactory(partnership=other_partnership))
    objective = services.plan_objective_add(
        actor=users["secretariat"], plan=plan, title="Fewer repeat victims", priority=own
    )
    assert objective.priority == own
    with pytest.raises(ValidationError):
        services.plan_objective_add(
            actor=users["secretariat"], plan=plan, title="Other", priority=foreign
        )
    assert AuditEvent.objects.filter(verb="plan_objective.create").count() == 1


def test_reordering_objectives(plan, users):
    s = users["secretariat"]
    a, b, c = (services.plan_objective_add(actor=s, plan=plan, title=t) for t in "ABC")
    services.plan_objective_move(actor=s, objective=c, offset=-1)
    assert [o.title for o in plan.objectives.order_by("position")] == ["A", "C", "B"]
    services.plan_objective_move(actor=s, objective=a, offset=-1)  # already first: no change
    assert [o.title for o in plan.objectives.order_by("position")] == ["A", "C", "B"]
    assert AuditEvent.objects.filter(verb="plan_objective.move").count() == 1


def test_a_plan_action_is_an_action_with_its_outcome(plan, users):
    s = users["secretariat"]
    objective = services.plan_objective_add(actor=s, plan=plan, title="Training")
    lead = PersonFactory(partnership=plan.partnership, name="Hazel North Stephens")
    pa = services.plan_action_add(
        actor=s,
        objective=objective,
        description="Develop a multi-agency VAWG training offer",
        owners=[lead],
        outcome="Staff more confident responding to disclosures",
        due_date=dt.date(2017, 11, 30),
        due_note="White Ribbon Day",
        lead_note="Domestic Abuse Commissioner",
        rag="amber",
        reference="3",
    )
    action = pa.action
    assert action.body == plan.body
    assert action.source == Action.Source.ACTION_PLAN
    assert [o.person for o in action.owners.all()] == [lead]
    assert action.due_date == dt.date(2017, 11, 30) and action.rag == "amber"
    assert pa.outcome.startswith("Staff more confident")
    assert action.updates.filter(kind=ActionUpdate.Kind.CREATED).count() == 1
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"action.create", "plan_action.create"} <= verbs


def test_editing_a_plan_action(plan, users):
    s = users["secretariat"]
    first = services.plan_objective_add(actor=s, plan=plan, title="First")
    second = services.plan_objective_add(actor=s, plan=plan, title="Second")
    old, new = (
        PersonFactory(partnership=plan.partnership),
        PersonFactory(partnership=plan.partnership),
    )
    pa = services.plan_action_add(actor=s, objective=first, description="Map", owners=[old])
    services.plan_action_edit(
        actor=s,
        plan_action=pa,
        data={
            "outcome": "Better mapping",
            "description": "Map services",
            "due_date": dt.date(2018, 1, 31),
            "owners": [new],
            "objective": second,
        },
    )
    pa.refresh_from_db()
    pa.action.refresh_from_db()
    assert pa.outcome == "Better mapping" and pa.objective == second
    assert pa.action.description == "Map services"
    assert pa.action.due_date == dt.date(2018, 1, 31)
    assert [o.person for o in pa.action.owners.all()] == [new]
    kinds = set(pa.action.updates.values_list("kind", flat=True))
    assert {"edited", "due", "reassigned"} <= kinds
    assert AuditEvent.objects.filter(verb="plan_action.edit").count() == 1
    other_plan = services.delivery_plan_create(
        actor=s, body=BodyFactory(partnership=plan.partnership), year=2017
    )
    elsewhere = services.plan_objective_add(actor=s, plan=other_plan, title="Elsewhere")
    with pytest.raises(ValidationError):
        services.plan_action_edit(actor=s, plan_action=pa, data={"objective": elsewhere})
    with pytest.raises(ValidationError):
        services.plan_action_edit(actor=s, plan_action=pa, data={"status": "done"})


def test_owners_from_another_partnership_are_refused(plan, users, other_partnership):
    s = users["secretariat"]
    objective = services.plan_objective_add(actor=s, plan=plan, title="A")
    with pytest.raises(ValidationError):
        services.plan_action_add(
            actor=s,
            objective=objective,
            description="Do it",
            owners=[PersonFactory(partnership=other_partnership)],
        )
    assert not PlanAction.objects.exists() and not Action.objects.exists()


def test_the_demo_loader_may_write(plan):
    objective = services.plan_objective_add(actor=SystemActor("demo"), plan=plan, title="A")
    assert objective.position == 0


def test_reordering_actions_within_their_objective(plan, users):
    s = users["secretariat"]
    objective = services.plan_objective_add(actor=s, plan=plan, title="A")
    person = PersonFactory(partnership=plan.partnership)
    first, second = (
        services.plan_action_add(actor=s, objective=objective, description=d, owners=[person])
        for d in ("First", "Second")
    )
    services.plan_action_move(actor=s, plan_action=second, offset=-1)
    order = PlanAction.objects.filter(objective=objective).order_by("position")
    assert [pa.action.description for pa in order] == ["Second", "First"]
    event = AuditEvent.objects.get(verb="plan_action.move")
    assert event.after == {"order": [second.pk, first.pk]}
    with pytest.raises(PermissionDenied):
        services.plan_action_move(actor=users["member"], plan_action=first, offset=-1)
