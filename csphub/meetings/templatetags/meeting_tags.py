"""Template filters for meeting pages."""

import datetime as dt

from django import template
from django.utils import timezone

from csphub.core import formats

register = template.Library()


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.long_date(value)


@register.filter
def clock(value: dt.time | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time()
    return formats.clock(value)


@register.filter
def paragraphs(text: str) -> list[str]:
    """Split stored text on blank lines so templates can print <p> per paragraph."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


@register.filter
def post_of(row) -> str:
    """The post as printed in minutes: "(LBB Director of Environment)"."""
    org = row.organisation
    if org is None:
        return row.post_title or ""
    return formats.post_with_organisation(row.post_title or "", org.label, *org.names_in_posts)
