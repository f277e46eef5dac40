"""Attaching the crime data pack to a meeting as the paper of its performance item.

The pack is rendered to PDF as it stands when attached and stored as an ordinary paper
(through `meetings.services.paper_add`), so the agenda pack, the public meeting page and
the audit log treat it like any other report; attaching the same month's pack again to the
same item replaces the earlier copy rather than adding a second one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from csphub.accounts.permissions import ensure_can_manage
from csphub.audit.services import audit_record
from csphub.documents.render import render
from csphub.meetings import services as meeting_services
from csphub.meetings.models import AgendaItem, Paper

from . import calculations as calc
from . import pack as packs
from .models import Area

PAPERS = {"a4": "a4", "a3": "a3-landscape"}


class PackNotReady(ValueError):
    """The pack has no figures for that month, so there is nothing to attach."""


def attachable_items(partnership):
    """Agenda items a pack can be attached to: those of the partnership's meetings whose
    minutes are not yet approved (approved minutes lock the record) and that are not
    cancelled, latest meeting first."""
    from csphub.meetings.models import Meeting

    return (
        AgendaItem.objects.filter(meeting__body__partnership=partnership)
        .exclude(meeting__status__in=[Meeting.Status.MINUTES_APPROVED, Meeting.Status.CANCELLED])
        .select_related("meeting__body")
        .order_by("-meeting__date", "meeting__body__name", "position", "id")
    )


def pack_title(area: Area, to: dt.date) -> str:
    return f"Crime data pack: {area.name}, {calc.fytd_label(to)}"


@transaction.atomic
def pack_attach(
    *, actor: Any, item: AgendaItem, area: Area, to: dt.date, paper: str = "a4"
) -> Paper:
    """Render the pack for ``area`` to ``to`` and attach it as a paper of ``item``."""
    partnership = item.meeting.body.partnership
    ensure_can_manage(actor, partnership)
    if paper not in PAPERS:
        raise ValueError(f"Unknown paper size {paper!r}: choose a4 or a3.")
    to = calc.month_start(to)
    built = packs.crime_pack(area, to, partnership=partnership)
    if not built.has_data:
        raise PackNotReady(
            f"There are no crime figures for {area.name} to {calc.month_label(to)}: import "
            "the police data for those months first."
        )
    content, _type, _ext = render(
        packs.pack_document(built, partnership=partnership), "pdf", paper=PAPERS[paper]
    )
    title = pack_title(area, to)
    replaced = list(item.papers.filter(title=title))
    for old in replaced:
        meeting_services.paper_delete(actor=actor, paper=old)
    suffix = "-a3" if paper == "a3" else ""
    name = f"{partnership.slug}-crime-pack-{calc.month_key(to)}{suffix}.pdf"
    attached = meeting_services.paper_add(
        actor=actor,
        item=item,
        title=title,
        file=ContentFile(content, name=name),
        author=partnership.name,
        date_filed=timezone.localdate(),
    )
    audit_record(
        actor=actor,
        verb="crime_pack.attach",
        obj=attached,
        partnership=partnership,
        after={
            "area": area.code,
            "to": calc.month_key(to),
            "paper": paper,
            "item": item.pk,
            "replaced": [p.pk for p in replaced],
        },
        note=f"{title} attached to the item “{item.title}” of {item.meeting}",
    )
    return attached
