"""Helpers for rendering Django forms and pages with GOV.UK Frontend markup.

The markup itself lives in templates (`templates/django/forms/` and
`templates/components/`); these helpers only do what the template language cannot:
GOV.UK's id scheme, widget classes and `aria-describedby`, and pagination ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeString

register = template.Library()

# Widgets whose <input>/<select>/<textarea> takes a GOV.UK class directly. Radios and
# checkbox groups put their classes on each item in their templates instead.
_ERROR_MODIFIERS = {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}

# Django's Textarea default; GOV.UK's is five rows.
_DJANGO_TEXTAREA_ROWS = "10"
_GOVUK_TEXTAREA_ROWS = "5"


def _widget_class(widget: forms.Widget) -> str | None:
    # CheckboxSelectMultiple is a RadioSelect subclass; both style their items.
    if widget.is_hidden or isinstance(widget, forms.RadioSelect):
        return None
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea"
    if isinstance(widget, forms.Select):
        return "govuk-select"
    if isinstance(widget, forms.FileInput):
        return "govuk-file-upload"
    if isinstance(widget, Input | forms.MultiWidget):
        return "govuk-input"
    return None


@register.filter
def govuk_id(field: BoundField) -> str:
    """The field's HTML id: the widget's own `id` attribute, else Django's auto id.

    GOV.UK derives every related id from it: `<id>-hint`, `<id>-error`, and for radios
    and checkboxes the first item's id is `<id>` and the next ones `<id>-2`, `<id>-3`...
    so an error summary link to `#<id>` always lands on the first input.
    """
    return field.field.widget.attrs.get("id") or field.auto_id or ""


@register.filter
def govuk_link_id(field: BoundField) -> str:
    """Where an error summary link should point: the field's first focusable input."""
    return field.id_for_label or govuk_id(field)


@register.filter
def govuk_field_option(field: BoundField, name: str) -> Any:
    """A GOV.UK display option set on the form field as `govuk_<name>`, or "".

    Options: `govuk_label_size` ("s", "m", "l", "xl") and `govuk_page_heading` (bool).
    """
    return getattr(field.field, f"govuk_{name}", "")


@register.filter
def govuk_get(mapping: Mapping[str, Any], key: str) -> Any:
    """`mapping[key]`, or "" when absent (templates stay quiet under strict variable checks)."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def govuk_describedby(field: BoundField) -> str:
    """Space-separated ids for `aria-describedby`: the widget's own, then hint, then error."""
    field_id = govuk_id(field)
    parts = []
    if own := field.field.widget.attrs.get("aria-describedby"):
        parts.append(own)
    if field_id and field.help_text:
        parts.append(f"{field_id}-hint")
    if field_id and field.errors:
        parts.append(f"{field_id}-error")
    return " ".join(parts)


@register.filter
def govuk_item_id(base_id: str, index: Any) -> str:
    """GOV.UK's id for the n-th radio or checkbox: `id`, `id-2`, `id-3`...

    `index` is Django's option index: "0", "1"... or "<group>_<n>" for grouped choices.
    """
    if not base_id:
        return ""
    numbers = [int(part) for part in str(index).split("_")]
    if not any(numbers):
        return base_id
    if len(numbers) == 1:
        return f"{base_id}-{numbers[0] + 1}"
    return f"{base_id}-" + "-".join(str(n + 1) for n in numbers)


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    """Render a bound field's widget with GOV.UK classes and `aria-describedby`.

    Mirrors `BoundField.as_widget()`, with two differences that match GOV.UK Frontend:
    ids for hint and error are `<id>-hint`/`<id>-error`, and no `aria-invalid` (GOV.UK
    links the error message through `aria-describedby` instead).
    """
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True

    attrs: dict[str, Any] = {}
    base_class = _widget_class(widget)
    if base_class:
        classes = [base_class]
        own_classes = widget.attrs.get("class", "")
        classes.extend(c for c in own_classes.split() if c != base_class)
        if field.errors and base_class in _ERROR_MODIFIERS:
            classes.append(f"{base_class}--error")
        attrs["class"] = " ".join(classes)
    if isinstance(widget, forms.Textarea):
        attrs["cols"] = False  # GOV.UK sizes textareas with CSS, not cols
        if str(widget.attrs.get("rows")) == _DJANGO_TEXTAREA_ROWS:
            attrs["rows"] = _GOVUK_TEXTAREA_ROWS
    if not field.use_fieldset and (describedby := govuk_describedby(field)):
        attrs["aria-describedby"] = describedby

    attrs = field.build_widget_attrs(attrs, widget)
    attrs.pop("aria-invalid", None)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    return widget.render(
        name=field.html_name,
        value=field.value(),
        attrs=attrs,
        renderer=field.form.renderer,
    )


@register.filter
def govuk_rows_have_actions(rows: Iterable[Mapping[str, Any]]) -> bool:
    """True when any summary-list row has actions (the others then get `--no-actions`)."""
    return any(row.get("actions") for row in rows if row)


@register.filter
def govuk_table_cell(cell: Any) -> Mapping[str, Any]:
    """Let a table cell be given as plain text or as a dict {text, numeric, header}."""
    if isinstance(cell, Mapping):
        return cell
    return {"text": cell}


@register.simple_tag
def govuk_page_items(page: Page, on_each_side: int = 1, on_ends: int = 1) -> list[dict]:
    """The numbered items for the pagination component, with ellipses for long ranges."""
    items = []
    for number in page.paginator.get_elided_page_range(
        page.number, on_each_side=on_each_side, on_ends=on_ends
    ):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "current": number == page.number})
    return items
