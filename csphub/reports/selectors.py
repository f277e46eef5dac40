"""Reads for sub-group reports, in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from csphub.accounts.permissions import Viewer
from csphub.meetings.models import AgendaItem, Meeting
from csphub.partnerships.models import Body, Partnership, Person

from . import rules
from .models import ProForma, ProFormaSection, ReportRequest, SubmittedReport


@dataclass
class RequestRow:
    request: ReportRequest
    latest: SubmittedReport | None

    @property
    def status(self) -> str:
        return rules.status(
            submitted=self.latest is not None,
            late=bool(self.latest and self.latest.is_late),
            revoked=self.request.revoked_at is not None,
        )

    @property
    def tag_class(self) -> str:
        return {
            rules.ON_TIME: "govuk-tag--green",
            rules.LATE: "govuk-tag--orange",
            rules.REVOKED: "govuk-tag--grey",
        }.get(self.status, "govuk-tag--red")


def requests_for_meeting(viewer: Viewer, meeting: Meeting) -> list[RequestRow]:
    """Each request for the meeting's items with its latest submission (three queries)."""
    requests = (
        ReportRequest.objects.visible_to(viewer)
        .filter(item__meeting=meeting)
        .select_related("author", "item", "reporting_body")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=SubmittedReport.objects.select_related("paper").order_by(
                    "-submitted_at", "-id"
                ),
            )
        )
        .order_by("item__position", "item_id", "id")
    )
    rows = []
    for r in requests:
        reports = list(r.reports.all())
        rows.append(RequestRow(request=r, latest=reports[0] if reports else None))
    return rows


def items_for_reports(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items a report can be requested for: every item that is not a standing one."""
    return AgendaItem.objects.filter(meeting=meeting, standing="").order_by("position", "id")


def people_of(partnership: Partnership) -> QuerySet[Person]:
    return Person.objects.filter(partnership=partnership).order_by("name")


def sub_groups_of(partnership: Partnership) -> QuerySet[Body]:
    return Body.objects.filter(partnership=partnership).exclude(kind=Body.Kind.BOARD)


def requests_for_author(viewer: Viewer, partnership: Partnership) -> QuerySet[ReportRequest]:
    """A signed-in author's open requests (for their write page)."""
    return (
        ReportRequest.objects.visible_to(viewer)
        .filter(partnership=partnership, revoked_at__isnull=True)
        .select_related("item__meeting__body", "author")
    )


def current_pro_forma(body: Body) -> ProForma | None:
    return ProForma.objects.filter(body=body, is_current=True).prefetch_related("sections").first()


def section_field(section: ProFormaSection) -> str:
    """The form field (and error key) of a section: `section_<id>`."""
    return f"section_{section.pk}"


def section_specs(pro_forma: ProForma) -> list[rules.SectionSpec]:
    return [
        rules.SectionSpec(s.heading, s.guidance, s.required, s.max_length)
        for s in pro_forma.sections.all()
    ]


def default_deadline(meeting: Meeting) -> dt.datetime:
    """The meeting's paper deadline (`rules.paper_deadline`), as an aware London time."""
    naive = rules.paper_deadline(meeting.date, meeting.body.notice_clear_days)
    return timezone.make_aware(naive)
