"""Performance data: areas, crime categories and the monthly crime counts imported from the
police's open data (the CrimeRecord aggregate of the design).

Police open data is public, so these tables are global rather than per partnership: every
partnership reading "Barking and Dagenham" reads the same figures. Counts are stored as
aggregates (month x category x area x source), never as individual crimes.

- :class:`Area` is a place at one level (LSOA, ward, borough or district, force), keyed by
  its ONS GSS code where one is known (E01..., E05..., E09...), otherwise by a stable
  synthetic code (police forces use their data.police.uk identifier, e.g. ``lincolnshire``).
- :class:`CrimeCategory` is the project's own, stable category tree; publishers' labels
  (data.police.uk's three category eras, the MPS major/minor names as they were renamed)
  reach it through :class:`CategoryMapping`, an editable table with validity dates.
- :class:`DataSource` is one publisher's series (e.g. data.police.uk street-level files of
  Lincolnshire Police); :class:`CrimeCount` rows belong to one source, and a month of a
  source is replaced as a whole when it is imported again (:class:`SourceMonth` keeps every
  revision).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .querysets import IndicatorQuerySet, ObservationQuerySet


class Area(models.Model):
    class Level(models.TextChoices):
        LSOA = "lsoa", "Lower layer super output area"
        MSOA = "msoa", "Middle layer super output area"
        WARD = "ward", "Ward"
        BOROUGH = "borough", "Borough or district"
        FORCE = "force", "Police force area"

    level = models.CharField(max_length=10, choices=Level.choices)
    code = models.CharField(
        max_length=60,
        help_text="ONS GSS code (E01..., E05..., E09...) where known; otherwise a stable "
        "synthetic code such as a data.police.uk force id ('lincolnshire').",
    )
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="performance_area_unique_code")
        ]
        indexes = [models.Index(fields=["name"], name="performance_area_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_gss(self) -> bool:
        """True when the code is an ONS GSS code (a letter and eight digits)."""
        code = self.code
        return len(code) == 9 and code[0].isalpha() and code[1:].isdigit()


class AreaPopulation(models.Model):
    """A population estimate for an area, year and age band (ONS mid-year estimates)."""

    ALL_AGES = "all"

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(help_text="The mid-year of the estimate (mid-2019).")
    age_band = models.CharField(
        max_length=20, default=ALL_AGES, help_text="'all', or a band such as '0-15' or '65+'."
    )
    count = models.PositiveIntegerField()
    source_file = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["area", "year", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "year", "age_band"], name="performance_population_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.year} {self.age_band}: {self.count}"


class CrimeCategory(models.Model):
    """The project's crime category; a parent's figure includes all its descendants'."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "crime categories"

    def __str__(self) -> str:
        return self.name


class CategoryMapping(models.Model):
    """A publisher's label for a crime category, mapped to the project's category.

    A blank ``source_sublabel`` matches any minor category under ``source_label``; an exact
    sublabel wins over it. Labels are compared ignoring case and repeated spaces. The
    validity months let one label mean different things in different eras (data.police.uk's
    "Other crime" before September 2011 included criminal damage, drugs and theft).
    """

    class Source(models.TextChoices):
        POLICE_UK = "police.uk", "data.police.uk street-level CSV ('Crime type')"
        POLICE_UK_API = "police.uk-api", "data.police.uk API (category id)"
        MPS = "mps", "Metropolitan Police (London Datastore major / minor category)"

    source = models.CharField(max_length=20, choices=Source.choices)
    source_label = models.CharField(max_length=200)
    source_sublabel = models.CharField(max_length=200, blank=True)
    category = models.ForeignKey(CrimeCategory, on_delete=models.PROTECT, related_name="mappings")
    valid_from = models.DateField(null=True, blank=True, help_text="First month (1st) it applies.")
    valid_to = models.DateField(null=True, blank=True, help_text="Last month (1st) it applies.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["source", "source_label", "source_sublabel", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_label", "source_sublabel", "valid_from"],
                name="performance_mapping_unique",
            )
        ]

    def __str__(self) -> str:
        label = self.source_label + (f" / {self.source_sublabel}" if self.source_sublabel else "")
        return f"{self.source}: {label} -> {self.category.name}"


class DataSource(models.Model):
    """A publisher's series of crime counts, e.g. data.police.uk street files of one force.

    ``family`` is the kind of data; ``scope`` distinguishes series of the same kind that
    count different crimes (one force's street files from another's), so their counts can be
    added up. Figures for an area come from one family at a time, never added across
    families (the MPS borough file and the street files count the same crimes).
    """

    class Family(models.TextChoices):
        MPS_BOROUGH = "mps-borough", "MPS recorded crime, borough level (London Datastore)"
        MPS_WARD = "mps-ward", "MPS recorded crime, ward level (London Datastore)"
        MPS_LSOA = "mps-lsoa", "MPS recorded crime, LSOA level (London Datastore)"
        STREET = "police.uk-street", "data.police.uk street-level crime (CSV)"
        API = "police.uk-api", "data.police.uk API, street-level crimes by ward polygon (JSON)"

    family = models.CharField(max_length=20, choices=Family.choices)
    scope = models.CharField(max_length=100)
    name = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    licence = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["family", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["family", "scope"], name="performance_source_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One `csphub import-police` run that was written (failed runs write nothing)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    actor_label = models.CharField(max_length=200)
    vintage = models.CharField(max_length=100, blank=True)
    paths = models.JSONField(default=list)
    files = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_kept = models.PositiveBigIntegerField(default=0)
    duplicates_dropped = models.PositiveBigIntegerField(default=0)
    counts_written = models.PositiveBigIntegerField(default=0)
    months_replaced = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} at {self.started_at:%Y-%m-%d %H:%M}"


class ImportFile(models.Model):
    """A file read by an import run, with what was found in it."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="import_files")
    source = models.ForeignKey(
        DataSource, null=True, blank=True, on_delete=models.PROTECT, related_name="import_files"
    )
    name = models.CharField(max_length=500, help_text="As given; 'archive.zip!member' for zips.")
    format = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    vintage = models.CharField(max_length=100, blank=True)
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_kept = models.PositiveBigIntegerField(default=0)
    duplicates_dropped = models.PositiveBigIntegerField(default=0)
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self) -> str:
        return self.name


class SourceMonth(models.Model):
    """A revision of one month of one source: the latest revision's counts are the ones held.

    Importing a month again replaces its counts and adds a revision here, with the totals
    before and after, so a publisher's revisions between vintages stay visible.
    """

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="months")
    month = models.DateField()
    revision = models.PositiveIntegerField()
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="source_months")
    import_file = models.ForeignKey(
        ImportFile, on_delete=models.CASCADE, related_name="source_months"
    )
    total = models.PositiveBigIntegerField(help_text="All counts of the month, every level.")
    previous_total = models.PositiveBigIntegerField(null=True, blank=True)
    changed = models.BooleanField(
        default=True, help_text="False when this revision's counts equal the previous one's."
    )
    digest = models.CharField(max_length=64, help_text="SHA-256 of the month's counts.")

    class Meta:
        ordering = ["source", "month", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "month", "revision"], name="performance_source_month_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.month:%Y-%m} r{self.revision}"


class CrimeCount(models.Model):
    """Crimes recorded in a month, of a category, in an area, according to one source."""

    # No index of their own on the foreign keys: the composite indexes below lead with area
    # and source, and every index costs time on a large import.
    month = models.DateField(help_text="The 1st of the month.")
    category = models.ForeignKey(
        CrimeCategory, on_delete=models.PROTECT, related_name="counts", db_index=False
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="crime_counts", db_index=False
    )
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="counts", db_index=False
    )
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["month", "area", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "category", "area", "source"], name="performance_count_unique"
            )
        ]
        indexes = [
            models.Index(fields=["area", "month"], name="performance_count_area_month"),
            models.Index(fields=["source", "month"], name="performance_count_source_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.area.name} {self.category.name}: {self.count}"


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
