"""Form helpers every app's views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form: forms.Form, exc: Exception) -> None:
    """Show a service's refusal in the form, so the page gets the GOV.UK error summary.

    Errors on fields the form shows go next to them; anything else goes at the top.
    """
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc))


def attempt(form: forms.Form, call: Callable[[], object]) -> bool:
    """Run a service call; a rule it enforces becomes a message on the form, not a 500."""
    try:
        call()
    except ValidationError as exc:
        add_service_error(form, exc)
        return False
    return True


class IsoDateInput(forms.DateInput):
    """A date box whose value is ISO (`YYYY-MM-DD`), so a filtered page's address reads well
    and can be shared (the search page, the public registers)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    """A GET filter form with `from` and `to` dates (the address's names, which Python cannot
    declare as attributes), refusing a range that ends before it starts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            required=False, widget=IsoDateInput, label="From", help_text="For example, 2017-12-19"
        )
        self.fields["to"] = forms.DateField(
            required=False, widget=IsoDateInput, label="To", help_text="For example, 2018-03-26"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The ‘To’ date must be the same as or after the ‘From’ date.")
        return data
