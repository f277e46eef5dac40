"""Police open data: areas, crime categories and the monthly crime counts imported from the
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

These models lived in the ``performance`` app until ``police.0001_initial`` and
``performance.0005_move_police_models`` moved them (tables renamed, nothing copied). Their
constraint and index names keep the ``performance_`` prefix on purpose: renaming them would
rebuild the indexes of the largest table (and, on SQLite, the table itself) for a cosmetic
change.
"""

from __future__ import annotations

from django.db import models


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
    duplicates_dropped = models.PositiveBigIntegerField(
        default=0,
        help_text="Rows of this month the import dropped as repeats of a crime already "
        "counted (a Crime ID given more than once).",
    )

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


class LsoaCountSet(models.Model):
    """The LSOA-level counts of one category in one month from one source, for every LSOA
    within one area (the LSOAs' parent, a district or borough), packed into two arrays.

    Nine counts in ten are at the finest level: one row each made the count table (and its
    indexes) the cost of every import and most of the database's size. Kept a set per
    district, the counts a page reads (the LSOAs within a partnership's area) are a few rows
    and an unpacking, and a large import writes a row where it wrote thirty. The arrays are
    little-endian: ``areas`` the LSOAs' :class:`Area` ids (64-bit, ascending), ``counts``
    their counts (32-bit), as :mod:`csphub.police.packing` writes and reads them. Readers
    go through :mod:`csphub.police.selectors`, which gives these counts exactly as the
    count table gives the others (decision 0035).
    """

    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="lsoa_count_sets", db_index=False
    )
    month = models.DateField(help_text="The 1st of the month.")
    category = models.ForeignKey(
        CrimeCategory, on_delete=models.PROTECT, related_name="lsoa_count_sets", db_index=False
    )
    parent = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lsoa_count_sets",
        db_index=False,
        help_text="The area the LSOAs are within (none when not known).",
    )
    areas = models.BinaryField(help_text="The LSOAs' area ids, packed.")
    counts = models.BinaryField(help_text="Their counts, packed in the same order.")
    total = models.PositiveBigIntegerField(help_text="The counts added up.")

    class Meta:
        ordering = ["month", "parent", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "month", "category", "parent"], name="police_lsoa_set_unique"
            )
        ]
        indexes = [models.Index(fields=["parent", "month"], name="police_lsoa_set_parent_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} LSOAs within {self.parent_id}: {self.total}"
