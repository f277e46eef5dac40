"""A partnership's strategy, the sub-groups' delivery plans and the forward plan.

The chain a partnership reports against: a **Strategy** (a period such as 2020-2023, kept in
versions so a refresh leaves the previous one readable) has **Priorities** (an aim, the
"what we will tackle" commitments, the body that leads it, the financial quarter in which it
is the board's substantive discussion, the indicators that show progress). Each sub-group
keeps a **DeliveryPlan** per financial year whose objectives serve priorities and whose
actions are ordinary `actions.Action` rows (owner, due date, status, RAG, history, signed-link
updates), joined here by **PlanAction** with the outcome expected. The **ForwardPlanItem**s
of a body are the topics planned for its future meetings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from csphub.actions.models import Action
from csphub.meetings.models import AgendaItem, Meeting, Resolution
from csphub.partnerships.models import Body, Partnership
from csphub.performance.models import Indicator

from .plan_querysets import DeliveryPlanQuerySet


class Strategy(models.Model):
    """One version of a partnership's strategy for a period ("2020-2023").

    A refresh is a new row with `version` one higher and `supersedes` pointing at the old one,
    which stays readable as it was.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CURRENT = "current", "Current"
        SUPERSEDED = "superseded", "Superseded"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=20, help_text='As printed, e.g. "2020-2023".')
    title = models.CharField(max_length=300)
    starts_on = models.DateField(help_text="First day, normally 1 April.")
    ends_on = models.DateField(help_text="Last day, normally 31 March.")
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    approved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["partnership", "-starts_on", "-version"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "period", "version"], name="unique_strategy_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Priority(models.Model):
    """A priority of a strategy, numbered as printed (1-4 in Bromley's 2020-2023)."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    aim = models.TextField(blank=True)
    lead_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    discussion_quarter = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Financial quarter (1 = April-June) of the board's substantive discussion.",
    )
    how_we_know = models.TextField(
        blank=True, help_text='"How will we know we are on track?", as the strategy puts it.'
    )
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="priorities")

    class Meta:
        ordering = ["strategy", "number"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="unique_priority_number"),
        ]

    def __str__(self) -> str:
        return f"Priority {self.number}: {self.title}"


class Commitment(models.Model):
    """One line of a priority's "what we will tackle"."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["priority", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SupportingDocument(models.Model):
    """A strategy or plan the strategy sits beside (e.g. the VAWG strategy, the Youth Justice
    plan), with who owns it."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="supporting_documents"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["strategy", "position", "id"]

    def __str__(self) -> str:
        return self.title


class SurveyResult(models.Model):
    """A resident-survey result the strategy quotes: a percentage for a question in a year."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="survey_results")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=400)
    year = models.PositiveSmallIntegerField()
    percentage = models.DecimalField(max_digits=5, decimal_places=1)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["strategy", "position", "question", "year"]

    def __str__(self) -> str:
        return f"{self.question} ({self.year}): {self.percentage}%"


class DeliveryPlan(models.Model):
    """A body's delivery plan for one financial year (`year` 2017 is 2017/18)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="delivery_plans")
    year = models.PositiveSmallIntegerField(help_text="The financial year's first year.")
    title = models.CharField(max_length=300)
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.SET_NULL, related_name="delivery_plans"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    key_targets = models.TextField(
        blank=True, help_text="The key targets the plan works to, as printed above it; one a line."
    )
    created_at = models.DateTimeField()

    objects = DeliveryPlanQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_delivery_plan_year"),
        ]

    def __str__(self) -> str:
        return self.title


class PlanObjective(models.Model):
    """An objective of a delivery plan, serving a priority of the strategy where it does."""

    plan = models.ForeignKey(DeliveryPlan, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.TextField()
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives"
    )

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title[:80]


class PlanAction(models.Model):
    """An action of a delivery plan: an ordinary Action with the outcome it should bring."""

    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="actions")
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="plan_action")
    position = models.PositiveSmallIntegerField(default=0)
    outcome = models.TextField(blank=True, help_text="The outcome expected, as the plan says.")
    due_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="The due date as the plan words it where a date does not say it all: "
        '"Ongoing", "Quarterly updates", "Standing item at HIE meetings".',
    )
    lead_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="The lead as the plan gives it beside the owners: a post or service, e.g. "
        '"YOS Operational Manager".',
    )

    class Meta:
        ordering = ["objective", "position", "id"]

    def __str__(self) -> str:
        return str(self.action)


class ForwardPlanItem(models.Model):
    """A topic planned for a future meeting of a body.

    `year` and `quarter` say when it is due (financial year and quarter); `meeting` is the
    meeting it is planned on, `agenda_item` the item it became. Items made from the
    strategy's schedule are re-planned when their meeting moves (`note` says so).
    """

    class Source(models.TextChoices):
        STRATEGY = "strategy", "Strategy discussion schedule"
        END_OF_YEAR = "end_of_year", "End-of-year update"
        RESOLUTION = "resolution", "Resolution"
        PRESENTATION = "presentation", "Presentation requested"
        MANUAL = "manual", "Added by hand"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ON_AGENDA = "on_agenda", "On the agenda"
        DONE = "done", "Taken"
        DROPPED = "dropped", "Dropped"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="forward_plan_items")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.CASCADE, related_name="forward_items"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Financial year due (2021 is 2021/22)."
    )
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="forward_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(blank=True, help_text="Why it moved or slipped, in plain words.")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["body", "year", "quarter", "id"]

    def __str__(self) -> str:
        return self.title
