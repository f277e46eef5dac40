"""Form helpers every app's views share."""

from __future__ import annotations

from collections.abc import Callable

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
