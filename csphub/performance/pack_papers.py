"""The crime data pack as a meeting paper: which agenda items it can go to, and its title.

Attaching it (a write, with its permission check and audit event) is
:func:`csphub.performance.services.pack_attach`.
"""

from __future__ import annotations

import datetime as dt

from csphub.meetings.models import AgendaItem
from csphub.police.models import Area

from . import calculations as calc

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
