"""The partnership and its structure: partner organisations, people, bodies and memberships.

The Partnership is the tenant boundary: every other row hangs off one, and every query that
serves a page starts from one.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models


class Partnership(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    council = models.CharField(max_length=200, blank=True, help_text="The host council.")
    colour = models.CharField(
        max_length=7,
        default="#1d4f5c",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour like #1d4f5c.")],
        help_text="Header colour; it must contrast at least 4.5:1 with white text.",
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    retention_years = models.PositiveSmallIntegerField(default=6)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        PROBATION = "probation", "Probation"
        HEALTH = "health", "Health"
        AMBULANCE = "ambulance", "Ambulance service"
        CRC = "crc", "Community rehabilitation company"
        HOUSING = "housing", "Housing provider"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        MOPAC = "mopac", "Police and crime commissioner"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_responsible_authority = models.BooleanField(
        default=False,
        help_text="A statutory responsible authority under the Crime and Disorder Act 1998.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_org_name"),
        ]

    def __str__(self) -> str:
        return self.name

    # Words by which a post title names the service without its name ("Bromley Police",
    # "Bromley Fire Commander", "CRC Contracts Manager"), so it gains no prefix.
    KIND_WORDS = {
        Kind.POLICE: ("Police",),
        Kind.FIRE: ("Fire",),
        Kind.AMBULANCE: ("Ambulance",),
        Kind.PROBATION: ("Probation",),
        Kind.CRC: ("CRC", "Community Rehabilitation"),
    }

    @property
    def label(self) -> str:
        """How lists print it before a post: "LBB", else its name."""
        return self.short_name or self.name

    @property
    def names_in_posts(self) -> tuple[str, ...]:
        """Every way a post title may already name this organisation."""
        words = self.name.split()
        # "Safer Neighbourhood Board" names the Bromley Safer Neighbourhood Board
        unplaced = " ".join(words[1:]) if len(words) > 2 else ""
        return (self.short_name, self.name, unplaced, *self.KIND_WORDS.get(self.kind, ()))


class Person(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    honorific = models.CharField(max_length=60, blank=True)
    initials = models.CharField(max_length=8, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_person_slug"),
            # An account is one person in a partnership (their home, their actions); people
            # without an account (user is NULL) are not constrained.
            models.UniqueConstraint(
                fields=["partnership", "user"], name="one_person_per_user_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()


class Body(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        SUBGROUP = "subgroup", "Sub-group"
        TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
        SNB = "safer_neighbourhood_board", "Safer Neighbourhood Board"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.BOARD)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    terms_of_reference = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=100, blank=True)
    notice_clear_days = models.PositiveSmallIntegerField(
        default=5, help_text="Clear working days' notice the agenda must be published by."
    )
    question_working_days = models.PositiveSmallIntegerField(
        default=4, help_text="Questions are due this many working days before, at 5pm."
    )
    chair_title = models.CharField(
        max_length=40,
        default="Chair",
        help_text='What the body calls its chair: "Chair" or "Chairman"; the vice-chair '
        'and co-chair follow it ("Vice-Chairman").',
    )
    word = models.CharField(
        max_length=40,
        blank=True,
        help_text="What its reports call the body: “The Group is asked…”, “The Board is "
        "asked…”. Leave blank for “Board” (a board) or “Group” (any other body).",
    )
    members_word = models.CharField(
        max_length=40,
        blank=True,
        help_text="How its reports address the members: “updates Members on…”, “updates "
        "the Board on…”. Leave blank for “the” and the word above.",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_body_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def name_on(self, day: dt.date) -> str:
        """The body's name on a day: minutes must show what it was called then.

        Uses prefetched `former_names` when present, so lists of meetings stay one query.
        """
        for former in sorted(self.former_names.all(), key=lambda f: f.until):
            if day <= former.until:
                return former.name
        return self.name

    def words_on(self, day: dt.date) -> tuple[str, str]:
        """(word, members word) its reports used on a day: the Strategic Group's were
        "Group" and "Members", the Board's "Board" and "the Board". A former name without
        its own words keeps the body's. Uses prefetched `former_names` when present."""
        word, members = self.word, self.members_word
        for former in sorted(self.former_names.all(), key=lambda f: f.until):
            if day <= former.until:
                word, members = former.word or word, former.members_word or members
                break
        return word, members


class BodyName(models.Model):
    """A name a body used until a date (Bromley's board was the Strategic Group until 2022)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=200)
    until = models.DateField()
    word = models.CharField(
        max_length=40, blank=True, help_text="What its reports called the body under this name."
    )
    members_word = models.CharField(
        max_length=40,
        blank=True,
        help_text="How its reports addressed the members under this name.",
    )

    class Meta:
        ordering = ["until"]

    def __str__(self) -> str:
        return f"{self.name} (until {self.until:%d %B %Y})"


class MinuteSequenceStart(models.Model):
    """Where a body's minute numbering (re)starts: e.g. 1 at a new municipal year."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="minute_starts")
    effective_from = models.DateField()
    first_number = models.PositiveIntegerField()

    class Meta:
        ordering = ["effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["body", "effective_from"], name="unique_minute_start"),
        ]

    def __str__(self) -> str:
        return f"{self.first_number} from {self.effective_from}"


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"
        OBSERVER = "observer", "Observer"
        SECRETARY = "secretary", "Secretary"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    # No person: a vacant seat ("Vacant – Magistrates Courts Service"), which a printed
    # membership list still shows; lists of people (attendance, owners) leave it out.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    post_title = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(
        default=0,
        help_text="Where the member is printed in the body's membership list, after the "
        "chair and vice-chair (0: by name, after those placed).",
    )

    class Meta:
        ordering = ["body", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} – {self.get_role_display()}, {self.body}"

    @property
    def is_vacant(self) -> bool:
        return self.person_id is None

    @property
    def holder(self) -> str:
        """Who holds the seat, as a membership list prints it: a name, or "Vacant"."""
        return self.person.display_name if self.person is not None else "Vacant"
