"""Filing a priority's progress report as the paper of an agenda item (the Board's
substantive discussion item for the priority)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.accounts.visibility import anyone
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.documents.render import render
from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Paper

from ..models import Priority
from ..progress import ProgressSubject, build_document, progress_for, report_filename


def progress_title(priority: Priority) -> str:
    return f"Progress against the strategy: Priority {priority.number}, {priority.title}"


@transaction.atomic
def progress_report_attach(*, actor: Actor, priority: Priority, agenda_item: AgendaItem) -> Paper:
    """Render the report as the public sees it (a paper may be published, so no restricted
    action is ever in it) to PDF and file it on ``agenda_item``; an earlier copy of the same
    report on that item is replaced."""
    partnership = priority.strategy.partnership
    ensure_can_manage(actor, partnership)
    if agenda_item.meeting.body.partnership_id != partnership.pk:
        raise ValidationError({"item": "That agenda item belongs to another partnership."})
    report = progress_for(priority, anyone(), timezone.localdate())
    content, _type, _ext = render(build_document(report), "pdf")
    title = progress_title(priority)
    replaced = list(agenda_item.papers.filter(title=title))
    for old in replaced:
        meeting_services.paper_delete(actor=actor, paper=old)
    name = report_filename(ProgressSubject(priority=priority, viewer=anyone())) + ".pdf"
    paper = meeting_services.paper_add(
        actor=actor,
        item=agenda_item,
        title=title,
        file=ContentFile(content, name=name),
        author=partnership.name,
        date_filed=timezone.localdate(),
    )
    audit_record(
        actor=actor,
        verb="progress_report.attach",
        obj=paper,
        partnership=partnership,
        after={
            "strategy": priority.strategy.period,
            "version": priority.strategy.version,
            "priority": priority.number,
            "item": agenda_item.pk,
            "replaced": [p.pk for p in replaced],
        },
        note=f"{title} attached to the item “{agenda_item.title}” of {agenda_item.meeting}",
    )
    return paper
