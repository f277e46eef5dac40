"""Sub-group reports: a body's pro-forma, requests for reports, and the reports submitted.

A board's sub-groups report to it on a common pro-forma (Bromley: Operational Update /
Strategic Group Update / Action for Safer Bromley Partnership; Barking and Dagenham:
Purpose / Recommendations / Attachments). The pro-forma belongs to the body that receives
the reports; each change makes a new version, so a report keeps the sections it was
written against. A `ReportRequest` asks one author (a Person, who may have no account)
for the report of one agenda item by a deadline; each submission is a `SubmittedReport`,
and the latest becomes the item's paper.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from csphub.accounts.permissions import Viewer
from csphub.accounts.visibility import VisibleQuerySet, any_of, at, granted
from csphub.meetings.models import AgendaItem, Paper
from csphub.partnerships.models import Body, Partnership, Person


def _author_rule(viewer: Viewer, path: str) -> Q | None:
    """A signed-in author reads their own requests (their Person is linked to the user)."""
    user = viewer.user
    if user is None or getattr(user, "pk", None) is None:
        return None
    return at(path, author__user_id=user.pk)


class ProFormaQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """A pro-forma is a blank form: anyone may read its headings and guidance."""
        return at(path, pk__isnull=False)


class ProForma(models.Model):
    """One version of a body's pro-forma; `is_current` marks the one new reports use."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="pro_formas")
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProFormaQuerySet.as_manager()

    class Meta:
        ordering = ["body", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="unique_pro_forma_version"),
            models.UniqueConstraint(
                fields=["body"], condition=Q(is_current=True), name="one_current_pro_forma"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} pro-forma, version {self.version}"


class ProFormaSection(models.Model):
    pro_forma = models.ForeignKey(ProForma, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    max_length = models.PositiveIntegerField(default=5000)

    class Meta:
        ordering = ["pro_forma", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pro_forma", "position"], name="unique_pro_forma_position"
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class ReportRequestQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        """The secretariat of the partnership, and the author signed in; never the public
        (what the public reads is the paper, under the paper's own rule)."""
        return any_of(
            granted(viewer, viewer.can_manage, f"{path}partnership"), _author_rule(viewer, path)
        )


class ReportRequest(models.Model):
    """A request to one author for the report of one agenda item (the board's sub-group
    item), on the pro-forma of the meeting's body, by a deadline."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="report_requests")
    reporting_body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_requests"
    )
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="report_requests")
    title = models.CharField(max_length=300)
    deadline = models.DateTimeField()
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["item__position", "id"]

    def __str__(self) -> str:
        return f"{self.title} from {self.author}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SubmittedReportQuerySet(VisibleQuerySet):
    @classmethod
    def rule(cls, viewer: Viewer, path: str = "") -> Q:
        return ReportRequestQuerySet.rule(viewer, f"{path}request__")


class SubmittedReport(models.Model):
    """One submission of a requested report; the latest of a request is the one in force."""

    class Via(models.TextChoices):
        LINK = "link", "Signed link"
        SIGNED_IN = "signed_in", "Signed in"
        SYSTEM = "system", "Recorded by the system"

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="reports")
    pro_forma = models.ForeignKey(ProForma, on_delete=models.PROTECT, related_name="reports")
    submitted_at = models.DateTimeField()
    via = models.CharField(max_length=20, choices=Via.choices)
    is_late = models.BooleanField(default=False)
    paper = models.ForeignKey(
        Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubmittedReportQuerySet.as_manager()

    class Meta:
        ordering = ["request", "-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.request.title}, submitted {self.submitted_at:%Y-%m-%d}"


class ReportAnswer(models.Model):
    """What the author wrote under one section of the pro-forma."""

    report = models.ForeignKey(SubmittedReport, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(ProFormaSection, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "section__position"]

    def __str__(self) -> str:
        return f"{self.section.heading}: {self.text[:40]}"
