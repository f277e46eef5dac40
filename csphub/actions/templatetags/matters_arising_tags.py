"""The meeting page's Matters Arising section, without the meeting view knowing about actions."""

from __future__ import annotations

from django import template

from csphub.actions.matters_arising import (
    MattersArisingReport,
    matters_arising_for,
    report_is_published,
)

register = template.Library()


@register.simple_tag
def matters_arising_summary(meeting, viewer) -> MattersArisingReport | None:
    """The report for the meeting page, or None when there is nothing to show: the agenda
    is not published to this viewer, or the meeting has no Matters Arising item and no
    matters arising."""
    if not report_is_published(meeting, viewer):
        return None
    report = matters_arising_for(meeting, viewer)
    if report.item is None and not report.lines:
        return None
    return report
