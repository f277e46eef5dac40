"""Factories for the strategy chain. Built directly (not through services), so tests of pages,
reports and the forward plan can make many quickly; service tests create through services."""

import datetime as dt

import factory
from django.utils import timezone

from csphub.actions.tests.factories import ActionFactory
from csphub.partnerships.tests.factories import BodyFactory, PartnershipFactory
from csphub.strategy.models import (
    Commitment,
    DeliveryPlan,
    ForwardPlanItem,
    PlanAction,
    PlanObjective,
    Priority,
    Strategy,
    SupportingDocument,
    SurveyResult,
)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    partnership = factory.SubFactory(PartnershipFactory)
    period = "2020-2023"
    title = factory.LazyAttribute(lambda o: f"Community Safety Strategy {o.period}")
    starts_on = dt.date(2020, 4, 1)
    ends_on = dt.date(2023, 3, 31)
    status = Strategy.Status.CURRENT
    created_at = factory.LazyFunction(timezone.now)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n + 1}")
    aim = "To reduce harm."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    priority = factory.SubFactory(PriorityFactory)
    text = factory.Sequence(lambda n: f"Commitment {n}")


class SupportingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportingDocument

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Supporting plan {n}")


class SurveyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResult

    strategy = factory.SubFactory(StrategyFactory)
    question = "Feel safe walking alone after dark"
    year = 2019
    percentage = 70


class DeliveryPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryPlan

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    year = 2017
    title = factory.LazyAttribute(
        lambda o: f"{o.body.name} delivery plan {o.year}/{o.year % 100 + 1:02d}"
    )
    status = DeliveryPlan.Status.ACTIVE
    created_at = factory.LazyFunction(timezone.now)


class PlanObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanObjective

    plan = factory.SubFactory(DeliveryPlanFactory)
    title = factory.Sequence(lambda n: f"Objective {n}")


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    objective = factory.SubFactory(PlanObjectiveFactory)
    action = factory.SubFactory(
        ActionFactory,
        body=factory.SelfAttribute("..objective.plan.body"),
        partnership=factory.SelfAttribute("..objective.plan.partnership"),
    )
    outcome = "Fewer victims"


class ForwardPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForwardPlanItem

    body = factory.SubFactory(BodyFactory)
    partnership = factory.SelfAttribute("body.partnership")
    title = factory.Sequence(lambda n: f"Forward plan topic {n}")
    created_at = factory.LazyFunction(timezone.now)
