"""Actions: what someone must do, from a resolution, a minute, an action plan or by hand,
tracked to done with a dated history that Matters Arising is generated from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from csphub.meetings.models import Meeting, Minute, Resolution
from csphub.partnerships.models import Body, Organisation, Partnership, Person

from .querysets import (
    ActionOwnerQuerySet,
    ActionQuerySet,
    ActionUpdateQuerySet,
    CoverSheetOverrideQuerySet,
    SecretariatOnlyQuerySet,
    UpdateRequestQuerySet,
)


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"
        CARRIED_FORWARD = "carried_forward", "Carried forward"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    class Source(models.TextChoices):
        RESOLUTION = "resolution", "Resolution"
        MINUTE = "minute", "Minute"
        ACTION_PLAN = "action_plan", "Action plan"
        MANUAL = "manual", "Added by hand"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(
        max_length=20, blank=True, help_text="The action plan's number, e.g. 7 or A3."
    )
    description = models.TextField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    minute = models.ForeignKey(
        Minute, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    others = models.CharField(
        max_length=300, blank=True, help_text="Others involved (the action plan's 'Others')."
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    due_next_meeting = models.BooleanField(
        default=False, help_text="Due by the body's next meeting rather than a date."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    is_restricted = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    initials_key = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Which Action-by group of which minute or resolution made this action "
        "(e.g. 'resolution:12:0'), so saving the minutes again updates it, never duplicates it.",
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["body", "created_at", "id"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_closed(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.DROPPED}


class ActionOwner(models.Model):
    """An owner is a person or an organisation (an agency can own an action as a whole)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ActionOwnerQuerySet.as_manager()

    class Meta:
        ordering = ["action", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(organisation__isnull=False),
                name="owner_is_person_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.person.display_name if self.person_id else self.organisation.name

    @property
    def initials(self) -> str:
        if self.person_id:
            return self.person.initials
        return self.organisation.short_name or self.organisation.name


class ActionUpdate(models.Model):
    """One dated entry in an action's history: an update, or a change of status, owner or
    due date. The wording the secretariat publishes can differ from what the owner wrote;
    both are kept."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATE = "update", "Update"
        STATUS = "status", "Status changed"
        OWNERS = "owners", "Owners changed"
        REASSIGNED = "reassigned", "Reassigned"
        DUE = "due", "Due date changed"
        EDITED = "edited", "Details changed"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField(blank=True)
    published_text = models.TextField(
        blank=True, help_text="The wording shown in Matters Arising, if the secretariat edited it."
    )
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20, blank=True)
    proposed_status = models.CharField(
        max_length=20, blank=True, help_text="Status the owner proposed through their link."
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200)
    via_link = models.BooleanField(default=False)
    at = models.DateTimeField()
    proposal_decision = models.CharField(
        max_length=10,
        blank=True,
        choices=[("accepted", "Accepted"), ("rejected", "Rejected")],
        help_text="What the secretariat decided about the status the owner proposed.",
    )
    proposal_decided_at = models.DateTimeField(null=True, blank=True)
    proposal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"

    @property
    def shown_text(self) -> str:
        return self.published_text or self.text


class UpdateRequest(models.Model):
    """A request to one owner for updates on their open actions, sent as one e-mail.

    The e-mailed links are signed; this row lets the secretariat revoke them and lets us
    record when each was used.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="update_requests")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(
        max_length=20, choices=[("request", "Update request"), ("reminder", "Overdue reminder")]
    )
    actions = models.ManyToManyField(Action, related_name="update_requests")
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UpdateRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Update request to {self.person} ({self.sent_at:%Y-%m-%d})"


class InitialsToMatch(models.Model):
    """An Action-by group whose initials did not name exactly one of the meeting's people
    or organisations, waiting for the secretariat to say who they mean.

    One row per group (`key` as on `Action.initials_key`); `unmatched` lists the initials
    still to choose, `matched` what the others resolved to. Once matched, `action` is the
    action it created."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="+")
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=40)
    group = models.CharField(max_length=60, help_text="The group as typed, e.g. 'LG/XY'.")
    unmatched = models.JSONField(default=list, help_text='[{"initials": "XY", "reason": "..."}]')
    matched = models.JSONField(default=list, help_text='[{"kind": "person", "id": 3}, ...]')
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SecretariatOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="one_match_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.group} ({self.key})"


class UpdateDigest(models.Model):
    """A daily digest of owners' updates e-mailed to the secretariat: when it was sent and
    up to when it covered, so the next one starts there and nothing is sent twice."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    sent_at = models.DateTimeField()
    covered_from = models.DateTimeField(null=True, blank=True)
    covered_to = models.DateTimeField()
    update_count = models.PositiveIntegerField(default=0)
    to = models.JSONField(default=list)

    objects = SecretariatOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-covered_to"]

    def __str__(self) -> str:
        return f"Update digest {self.covered_to:%Y-%m-%d %H:%M}"


class CoverSheet(models.Model):
    """The cover sheet of a Matters Arising report as Democratic Services print it: the
    header rows and the impact sections (CSD18054, CSD 23068). Blank means "not said here":
    a meeting's blank field takes the partnership's default, and a blank default prints
    "Not applicable" (see `rules.cover_value`)."""

    decision_type = models.CharField(
        max_length=200, blank=True, help_text="For example: Non Urgent, Non Executive, Non Key."
    )
    chief_officer = models.CharField(
        max_length=200,
        blank=True,
        help_text="Name and post, e.g. Mark Bowen, Director of Corporate Services.",
    )
    ward = models.CharField(max_length=200, blank=True, help_text="For example: N/A.")
    contact_job_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The contact officer’s job title, e.g. Democratic Services Officer.",
    )
    non_applicable_sections = models.CharField(
        max_length=200, blank=True, help_text="For example: Policy/Financial/Legal/Personnel."
    )
    background_documents = models.TextField(blank=True)
    corporate_policy = models.TextField(blank=True, help_text="One point a line, or None.")
    financial = models.TextField(blank=True, help_text="One point a line, or None.")
    staff = models.TextField(blank=True, help_text="Personnel: one point a line, or None.")
    legal = models.TextField(blank=True, help_text="One point a line, or None.")
    customer_impact = models.TextField(blank=True, help_text="One point a line, or None.")
    ward_councillor_views = models.TextField(blank=True, help_text="One point a line, or None.")

    FIELDS = (
        "decision_type",
        "chief_officer",
        "ward",
        "contact_job_title",
        "non_applicable_sections",
        "background_documents",
        "corporate_policy",
        "financial",
        "staff",
        "legal",
        "customer_impact",
        "ward_councillor_views",
    )

    class Meta:
        abstract = True

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.FIELDS}


class CoverSheetDefaults(CoverSheet):
    """The partnership's cover sheet: what every report prints unless its meeting says
    otherwise (Democratic Services change it when a chief officer or the budget changes)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="cover_sheet_defaults"
    )

    objects = SecretariatOnlyQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Matters Arising cover sheet defaults: {self.partnership}"


class CoverSheetOverride(CoverSheet):
    """One meeting's report's own cover-sheet wording, where it differs from the defaults
    (the 2018 report's budget, staff and chief officer, for instance)."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="cover_sheet")

    objects = CoverSheetOverrideQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Matters Arising cover sheet: {self.meeting}"
