"""The category mapping form, and reading a month written YYYY-MM (the performance forms
reuse it, so a month is typed the same way everywhere)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from .models import CategoryMapping, CrimeCategory

MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_month(text: str) -> dt.date | None:
    match = MONTH.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return dt.date(year, month, 1)


class MonthField(forms.Field):
    """A month written YYYY-MM, cleaned to its 1st (or None when left blank)."""

    widget = forms.TextInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "7"}

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError("Enter the month as YYYY-MM, for example 2017-04.")
        return month

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, dt.date) else value


class MappingForm(forms.Form):
    source = forms.ChoiceField(choices=CategoryMapping.Source.choices, label="Publisher's data")
    source_label = forms.CharField(
        max_length=200,
        label="Their label",
        help_text="As the file writes it: a data.police.uk 'Crime type', an API category id, "
        "or an MPS major category.",
    )
    source_sublabel = forms.CharField(
        max_length=200,
        required=False,
        label="Their minor category (optional)",
        help_text="MPS files only. Leave blank to match every minor category of the label.",
    )
    category = forms.ModelChoiceField(
        queryset=CrimeCategory.objects.order_by("sort_order", "name"), label="CSP Hub category"
    )
    valid_from = MonthField(
        label="First month it applies (optional)", help_text="As YYYY-MM, for example 2017-04."
    )
    valid_to = MonthField(
        label="Last month it applies (optional)", help_text="As YYYY-MM. Blank: no end."
    )
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    @classmethod
    def initial_from(cls, mapping: CategoryMapping) -> dict[str, Any]:
        return {name: getattr(mapping, name) for name in cls.base_fields}
