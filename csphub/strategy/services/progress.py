"""Filing a priority's progress report as the paper of an agenda item (the Board's
substantive discussion item for the priority)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import Viewer, ensure_can_manage
from csphub.accounts.visibility import anyone
from csphub.audit.actors import Actor
from csphub.audit.services import audit_record
from csphub.documents.render import render
from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Paper
from csphub.partnerships.models import Partnership

from ..models import Priority
from ..progress import ProgressSubject, build_document, progress_for, report_filename


def _member_view(partnership: Partnership) -> Viewer:
    """A member of ``partnership`` not cleared for restricted items."""
    return Viewer(user=None, partnership_id=partnership.pk, role="member", cleared=False)


def _progress_title(priority: Priority) -> str:
    return f"Progress against the strategy: Priority {priority.number}, {priority.title}"


@transaction.atomic
def progress_report_attach(*, actor: Actor, priority: Priority, agenda_item: AgendaItem) -> Paper:
    """Render the report as a partnership member who is not cleared for restricted items
    sees it, to PDF, and file it on ``agenda_item``; an earlier copy of the same report on
    that item is replaced.

    A member's view, not the public's: the Board discusses the sub-groups' delivery-plan
    actions, which members read and the public does not (decision 0024). So a report that
    lists any action is filed for members only (not shown on the website, left out of the
    public pack); one without actions says what the public page says and is public. No
    restricted action (or one from a restricted minute) is ever in it."""
    partnership = priority.strategy.partnership
    ensure_can_manage(actor, partnership)
    if agenda_item.meeting.body.partnership_id != partnership.pk:
        raise ValidationError({"item": "That agenda item belongs to another partnership."})
    report = progress_for(priority, _member_view(partnership), timezone.localdate())
    content, _type, _ext = render(build_document(report), "pdf")
    title = _progress_title(priority)
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
        show_on_website=not report.actions,
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
            "members_only": bool(report.actions),
        },
        note=f"{title} attached to the item “{agenda_item.title}” of {agenda_item.meeting}",
    )
    return paper
