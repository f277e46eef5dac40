"""The search form: words, and optionally a body and a date range (`from`, `to`)."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search for")
    body = forms.ChoiceField(required=False, label="Body")

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        assert isinstance(body, forms.ChoiceField)
        body.choices = [("", "All bodies"), *bodies]
        # `from` and `to` are the address's names; Python cannot declare them as attributes.
        self.fields["from"] = forms.DateField(
            required=False, widget=DateInput, label="From", help_text="For example, 2017-12-19"
        )
        self.fields["to"] = forms.DateField(
            required=False, widget=DateInput, label="To", help_text="For example, 2018-03-26"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The ‘To’ date must be the same as or after the ‘From’ date.")
        return data
