"""Filters the document templates need to dispatch on block type and heading level."""

from django import template
from django.utils.text import normalize_newlines

from csphub.documents import model

register = template.Library()

_TEMPLATES: dict[type, str] = {
    model.FrontSheet: "front_sheet",
    model.Heading: "heading",
    model.Paragraph: "paragraph",
    model.ListBlock: "list",
    model.SummaryList: "summary_list",
    model.Table: "table",
    model.AgendaItem: "agenda_item",
    model.Minute: "minute",
    model.Notice: "notice",
    model.Figure: "figure",
    model.PageBreak: "page_break",
}

_HEADING_CLASSES = {2: "govuk-heading-l", 3: "govuk-heading-m"}


@register.filter
def block_template(block: object) -> str:
    """The template that renders ``block``; an unknown type is a programming error."""
    try:
        name = _TEMPLATES[type(block)]
    except KeyError:
        raise TypeError(f"no template for {type(block).__name__}") from None
    return f"documents/blocks/{name}.html"


@register.filter
def heading_class(tag_level: int) -> str:
    """GOV.UK heading size for an <hN>: h2 large, h3 medium, deeper small."""
    return _HEADING_CLASSES.get(tag_level, "govuk-heading-s")


@register.filter
def pre_lines(text: str) -> str:
    """A run's text for a ``white-space: pre-line`` container (a PDF table cell): its line
    breaks stay newlines rather than ``<br>``. WeasyPrint lays out every ``<br>`` as a box
    of its own, and a long table of multi-line cells spent much of its time on them; the
    printed lines are the same. Autoescaped by the template like any other text."""
    return normalize_newlines(text)
