"""Meetings and everything recorded about them: agenda, papers, attendance, questions, minutes.

Numbers people see (agenda item "12a", minute "186a") are derived by the pure functions in
`numbering.py` from stored order and sequence, so reordering cannot leave stale labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from csphub.accounts.visibility import grants
from csphub.partnerships.models import Body, Organisation, Person

from .querysets import (
    AgendaItemQuerySet,
    AttendanceQuerySet,
    DeclarationQuerySet,
    MeetingQuerySet,
    MinuteAmendmentQuerySet,
    MinuteQuerySet,
    PaperQuerySet,
    QuestionQuerySet,
    ResolutionQuerySet,
)

if TYPE_CHECKING:
    from csphub.accounts.permissions import Viewer


class Exemption(models.TextChoices):
    """Why an item is kept from the public: Schedule 12A to the Local Government Act 1972."""

    PARA_1 = "para-1", "Paragraph 1: information relating to any individual"
    PARA_2 = "para-2", "Paragraph 2: information likely to reveal the identity of an individual"
    PARA_3 = "para-3", "Paragraph 3: financial or business affairs"
    PARA_4 = "para-4", "Paragraph 4: labour relations"
    PARA_5 = "para-5", "Paragraph 5: legal professional privilege"
    PARA_6 = "para-6", "Paragraph 6: notices, orders or directions"
    PARA_7 = "para-7", "Paragraph 7: prevention, investigation or prosecution of crime"
    PARTNER = "partner-confidential", "Shared in confidence by a partner agency"

    @classmethod
    def public_notice(cls, value: str) -> str:
        if value.startswith("para-"):
            return f"Exempt – paragraph {value.removeprefix('para-')} of Schedule 12A"
        return "Exempt – shared in confidence by a partner agency"


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        DRAFT_MINUTES = "draft_minutes", "Draft minutes published"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    # What the public may read, by status: `MeetingQuerySet` and the properties below share it.
    AGENDA_PUBLIC = frozenset(
        {Status.AGENDA_PUBLISHED, Status.HELD, Status.DRAFT_MINUTES, Status.MINUTES_APPROVED}
    )
    MINUTES_PUBLIC = frozenset({Status.DRAFT_MINUTES, Status.MINUTES_APPROVED})

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField()
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    letter_date = models.DateField(
        null=True,
        blank=True,
        help_text='The date the agenda letter carries ("15 March 2018"); left blank, the '
        "agenda prints no date of issue.",
    )
    agenda_notice_met = models.BooleanField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="approved_minutes_of"
    )
    # The revision calendars see (iCalendar SEQUENCE): raised when the meeting is moved
    # (date, time, venue) or cancelled, so subscribers update the event instead of adding one.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["body", "date"], name="one_meeting_per_body_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.body.name_on(self.date)}, {self.date:%-d %B %Y}"

    @property
    def key(self) -> str:
        """The address people and the command line use: partnership/body/YYYY-MM-DD."""
        return f"{self.body.partnership.slug}/{self.body.slug}/{self.date.isoformat()}"

    @property
    def agenda_is_public(self) -> bool:
        return self.status in self.AGENDA_PUBLIC

    @property
    def minutes_are_public(self) -> bool:
        return self.status in self.MINUTES_PUBLIC

    def shows_agenda_to(self, viewer: Viewer) -> bool:
        """`MeetingQuerySet.agenda_rule` for a meeting already loaded (the body is read
        only for the secretariat, and is usually joined already)."""
        return self.agenda_is_public or self._manager_here(viewer)

    def shows_minutes_to(self, viewer: Viewer) -> bool:
        """`MeetingQuerySet.minutes_rule` for a meeting already loaded."""
        return self.minutes_are_public or self._manager_here(viewer)

    def _manager_here(self, viewer: Viewer) -> bool:
        return viewer.can_manage and grants(viewer, True, self.body.partnership_id)

    @property
    def minutes_locked(self) -> bool:
        return self.status == self.Status.MINUTES_APPROVED


class AgendaItem(models.Model):
    class Standing(models.TextChoices):
        APOLOGIES = "apologies", "Apologies for absence"
        DECLARATIONS = "declarations", "Declarations of interest"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"
        MATTERS_ARISING = "matters_arising", "Matters arising"
        QUESTIONS = "questions", "Questions from councillors and members of the public"
        AOB = "aob", "Any other business"
        NEXT_MEETING = "next_meeting", "Date of next meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    minutes_allowed = models.PositiveSmallIntegerField(null=True, blank=True)
    standing = models.CharField(max_length=20, choices=Standing.choices, blank=True)
    is_restricted = models.BooleanField(default=False)
    restricted_reason = models.CharField(max_length=30, choices=Exemption.choices, blank=True)
    page_start = models.PositiveIntegerField(null=True, blank=True)
    page_end = models.PositiveIntegerField(null=True, blank=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def restricted_notice(self) -> str:
        return Exemption.public_notice(self.restricted_reason) if self.is_restricted else ""

    @property
    def pages_text(self) -> str:
        if self.page_start and self.page_end and self.page_end != self.page_start:
            return f"Pages {self.page_start}–{self.page_end}"
        if self.page_start:
            return f"Page {self.page_start}"
        return ""


def paper_upload_to(instance: Paper, filename: str) -> str:
    """Stored names are ours, never the uploader's (ASVS 5.3.2)."""
    import uuid

    return f"papers/{uuid.uuid4().hex}"


class Paper(models.Model):
    """A report or appendix for an agenda item. Two switches: on the website, in the pack."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    reference = models.CharField(max_length=40, blank=True)
    author = models.CharField(max_length=200, blank=True)
    date_filed = models.DateField(null=True, blank=True)
    security_marking = models.CharField(
        max_length=60, blank=True, help_text="As printed, e.g. RESTRICTED or OFFICIAL-SENSITIVE."
    )
    is_restricted = models.BooleanField(default=False)
    show_on_website = models.BooleanField(default=True)
    print_in_pack = models.BooleanField(default=True)
    file = models.FileField(upload_to=paper_upload_to, blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True, help_text="The file's words, extracted for search.")

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["item", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def restricted(self) -> bool:
        """Any non-public marking makes a paper restricted, whatever the checkbox says."""
        return self.is_restricted or bool(self.security_marking) or self.item.is_restricted


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        ALSO_PRESENT = "also_present", "Also present"
        APOLOGIES = "apologies", "Apologies"
        SUBSTITUTE = "substitute", "Substitute"
        ABSENT = "absent", "Absent"

    class Role(models.TextChoices):
        """In what capacity someone attended: minutes and quorum by agency count members and
        their substitutes, not the officers and guests who were also there."""

        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"
        OFFICER = "officer", "Officer"
        GUEST = "guest", "Guest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="substituted_by"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    post_title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    position = models.PositiveIntegerField(default=0)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in {
            self.Status.PRESENT,
            self.Status.SUBSTITUTE,
            self.Status.ALSO_PRESENT,
        }


class Declaration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField()

    objects = DeclarationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:60]}"


class Question(models.Model):
    class AskerKind(models.TextChoices):
        PUBLIC = "public", "Member of the public"
        COUNCILLOR = "councillor", "Councillor"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ANSWERED = "answered", "Answered"
        WITHDRAWN = "withdrawn", "Withdrawn"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="questions")
    asker_name = models.CharField(max_length=200)
    asker_email = models.EmailField(blank=True)
    asker_kind = models.CharField(max_length=20, choices=AskerKind.choices)
    text = models.TextField()
    received_at = models.DateTimeField()
    deadline = models.DateTimeField()
    is_late = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(blank=True)
    answered_by = models.CharField(max_length=200, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "received_at", "id"]

    def __str__(self) -> str:
        return f"Question from {self.asker_name}"


class Minute(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes"
    )
    number = models.PositiveIntegerField()
    suffix = models.CharField(max_length=4, blank=True)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    post_meeting_note = models.TextField(blank=True)
    action_by = models.CharField(max_length=60, blank=True)
    is_restricted = models.BooleanField(default=False)
    restricted_reason = models.CharField(max_length=30, choices=Exemption.choices, blank=True)
    public_summary = models.TextField(
        blank=True,
        help_text="For restricted minutes: what the public record says (LGA 1972 s.100C(2)).",
    )

    objects = MinuteQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number", "suffix"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number", "suffix"], name="unique_minute_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return f"{self.number}{self.suffix}"

    @property
    def restricted_notice(self) -> str:
        return Exemption.public_notice(self.restricted_reason) if self.is_restricted else ""


class Resolution(models.Model):
    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    action_by = models.CharField(max_length=60, blank=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["minute", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class MinuteAmendment(models.Model):
    """A correction to approved minutes: recorded beside them, never written over them."""

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(max_length=40)
    before = models.TextField(blank=True)
    after = models.TextField()
    reason = models.TextField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MinuteAmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["minute", "made_at", "id"]

    def __str__(self) -> str:
        return f"Amendment to minute {self.minute.label}"


class QuestionSender(models.Model):
    """One public question's sender, as a keyed hash of the address, kept only for the rate
    limit's window (see :mod:`csphub.meetings.question_guard`); older rows are removed at the
    next question."""

    sender = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.sender[:8]} at {self.sent_at:%H:%M}"
