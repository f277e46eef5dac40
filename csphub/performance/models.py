"""A partnership's performance indicators and their monthly observations.

Police open data (areas, crime categories, crime counts) is global and lives in
:mod:`csphub.police.models`; an indicator points at it for police-sourced figures, never the
other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from csphub.police.models import Area, CrimeCategory

from .querysets import IndicatorQuerySet, ObservationComparatorQuerySet, ObservationQuerySet


class Indicator(models.Model):
    """A partnership's performance indicator, owned by one of its bodies (usually a sub-group).

    Police-sourced indicators read crime counts through :class:`CrimeCategory`; manual and
    partner-upload ones are fed by :class:`Observation` rows (entered in a form or uploaded).
    ``monitor`` indicators are deliberately never RAG rated (more reporting can be good).
    """

    class Polarity(models.TextChoices):
        LOWER_IS_BETTER = "lower_is_better", "Lower is better"
        HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
        MONITOR = "monitor", "For monitoring (not RAG rated)"

    class Source(models.TextChoices):
        POLICE = "police", "Police recorded crime"
        MANUAL = "manual", "Manual entry"
        PARTNER = "partner", "Partner upload"

    class PeriodType(models.TextChoices):
        MONTH = "month", "Monthly values"
        ROLLING_12 = "rolling_12", "Rolling 12 months (each value is the 12 months to its month)"

    class RatingBasis(models.TextChoices):
        PREVIOUS = "previous", "Its target, or else the same point last year"
        COMPARATOR = "comparator", "Its comparators (for example the London average)"

    class Denominator(models.TextChoices):
        NONE = "none", "None (a count or a percentage)"
        POPULATION = "population", "Population, all ages"
        AGE_BAND = "age_band", "Population of an age band"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(max_length=300)
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its number in the partnership's report, if any."
    )
    owner = models.ForeignKey(
        "partnerships.Body",
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The body (usually a sub-group) that owns it.",
    )
    priority = models.CharField(
        "Strategy priority",
        max_length=300,
        blank=True,
        help_text="The strategy priority it serves.",
    )
    unit = models.CharField(
        max_length=60, default="offences", help_text="e.g. offences, %, victims."
    )
    accumulates = models.BooleanField(
        "Values add up over months",
        default=True,
        help_text="Yes for counts (the year to date is the sum of the months); no for rates "
        "and percentages (the year to date is the latest value).",
    )
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    period_type = models.CharField(
        "Period of each value",
        max_length=20,
        choices=PeriodType.choices,
        default=PeriodType.MONTH,
        help_text="Rolling 12 months when each value published is the 12 months to its "
        "month (hate crime strands, for example).",
    )
    rating_basis = models.CharField(
        "Rated against",
        max_length=20,
        choices=RatingBasis.choices,
        default=RatingBasis.PREVIOUS,
        help_text="Rate against its comparators when the indicator is judged against an "
        "average (reoffending against London and England and Wales).",
    )
    annual_target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    tolerance_pct = models.DecimalField(
        "Amber tolerance (%)",
        max_digits=6,
        decimal_places=2,
        default=5,
        help_text="How far on the wrong side of the target, in per cent, is still amber.",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    crime_category = models.ForeignKey(
        CrimeCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="For police-sourced indicators.",
    )
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The partnership's area the figures are for (e.g. the borough).",
    )
    comparator = models.CharField(
        max_length=200, blank=True, help_text="What it is compared with, e.g. London (MPS)."
    )
    comparator_area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comparator_indicators",
    )
    denominator = models.CharField(
        max_length=20, choices=Denominator.choices, default=Denominator.NONE
    )
    age_band = models.CharField(max_length=20, blank=True, help_text="e.g. 10-17.")
    rate_per = models.PositiveIntegerField(
        choices=[(1000, "per 1,000"), (100000, "per 100,000")], default=1000
    )
    denominator_population = models.PositiveIntegerField(
        "Population for the rate",
        null=True,
        blank=True,
        help_text="Used instead of an imported ONS estimate, e.g. for an age band (10-17) "
        "that the imported estimates do not have.",
    )
    denominator_note = models.CharField(
        "Where the population comes from",
        max_length=300,
        blank=True,
        help_text="e.g. ONS mid-2016 estimate, 10-17 year olds.",
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        default=10, help_text="Counts under this are flagged as small numbers."
    )
    notes = models.TextField(blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["owner__name", "number", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="performance_indicator_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if (
            self.owner_id
            and self.partnership_id
            and self.owner.partnership_id != self.partnership_id
        ):
            errors["owner"] = "Choose a body of this partnership."
        if self.source == self.Source.POLICE and self.crime_category_id is None:
            errors["crime_category"] = "Choose the crime category of a police-sourced indicator."
        if self.denominator == self.Denominator.AGE_BAND and not self.age_band.strip():
            errors["age_band"] = "Enter the age band, for example 10-17."
        if self.source == self.Source.POLICE and not self.accumulates:
            errors["accumulates"] = "Police-sourced indicators are counts: their months add up."
        if self.denominator == self.Denominator.NONE and self.denominator_population:
            errors["denominator"] = "Choose what the population is of, or clear the population."
        if self.period_type == self.PeriodType.ROLLING_12 and self.accumulates:
            errors["accumulates"] = (
                "A rolling 12 months value is already a year's total: its months do not add up."
            )
        if self.period_type == self.PeriodType.ROLLING_12 and self.source == self.Source.POLICE:
            errors["period_type"] = "Police-sourced indicators are monthly counts."
        if self.tolerance_pct is not None and self.tolerance_pct < 0:
            errors["tolerance_pct"] = "The tolerance must be 0 or more."
        if errors:
            raise ValidationError(errors)

    @property
    def quarterly_targets(self) -> list[float] | None:
        """The annual target split pro rata into Q1-Q4 (None without a target)."""
        from .calculations import pro_rata_targets

        if self.annual_target is None:
            return None
        return pro_rata_targets(float(self.annual_target))

    @property
    def is_monitor(self) -> bool:
        return self.polarity == self.Polarity.MONITOR

    @property
    def is_rolling(self) -> bool:
        return self.period_type == self.PeriodType.ROLLING_12


class Observation(models.Model):
    """An indicator's value for one month (the 1st) and area; no area = the partnership's."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.DateField(help_text="The 1st of the month.")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="observations"
    )
    value = models.DecimalField(max_digits=16, decimal_places=4)
    comparator_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    source_note = models.CharField(max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField()

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "area"], name="performance_observation_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(area__isnull=True),
                name="performance_observation_unique_own_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period:%Y-%m}: {self.value}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.period is not None and self.period.day != 1:
            raise ValidationError({"period": "The period is a month: use the 1st."})


class ObservationComparator(models.Model):
    """A further comparator of an observation, beyond the indicator's own (``comparator``
    and ``comparator_value``): reoffending is compared with London and with England and
    Wales at once, and rated against both."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="further_comparators"
    )
    name = models.CharField(max_length=200, help_text="e.g. England and Wales.")
    value = models.DecimalField(max_digits=16, decimal_places=4)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ObservationComparatorQuerySet.as_manager()

    class Meta:
        ordering = ["observation", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "name"], name="performance_observation_comparator_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observation}: {self.name} {self.value}"
