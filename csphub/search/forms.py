"""The search form: words, and optionally a body and a date range (`from`, `to`)."""

from __future__ import annotations

from typing import Any

from django import forms

from csphub.core.forms import DateRangeForm


class SearchForm(DateRangeForm):
    q = forms.CharField(required=False, max_length=200, label="Search for")
    body = forms.ChoiceField(required=False, label="Body")

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.ChoiceField)
        body.choices = [("", "All bodies"), *bodies]
        self.order_fields(["q", "body", "from", "to"])
