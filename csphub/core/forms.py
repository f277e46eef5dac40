"""Form helpers every app's views share.

Dates use the GOV.UK date input (day, month and year boxes), never the browser's own date
picker: it is the pattern people filling in public-sector forms know, it works the same in
every browser and with assistive technology, and its error messages name the missing part
(decision 0022).
"""

from __future__ import annotations

import datetime as dt
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


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes named `<name>-day`, `<name>-month`, `<name>-year`.

    The day box takes the field's id, so the error summary link and the label land on it.
    A single ISO value under `<name>` (`?on=2018-06-21`) is read too, so links, the API and
    tests can send one value.
    """

    template_name = "core/date_input.html"
    parts = (("day", 2), ("month", 2), ("year", 4))
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput() for _ in self.parts], attrs)
        self.widgets_names = [f"-{part}" for part, _ in self.parts]

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                return self.decompress(dt.date.fromisoformat(value))
            except ValueError:
                return [None, None, None]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        iso = data.get(name)
        if iso:
            return str(iso)  # the field parses it, and says so if it is not a real date
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_: str) -> str:
        return id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if isinstance(value, str):
            value = self.decompress(value) if value else None
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id", "")
        classes = context["widget"]["attrs"].get("class", "govuk-input").split()
        for index, (sub, (part, width)) in enumerate(
            zip(context["widget"]["subwidgets"], self.parts, strict=True)
        ):
            sub["label"] = part.title()
            sub_attrs = sub["attrs"]
            sub_attrs.pop("aria-describedby", None)
            if base_id:
                sub_attrs["id"] = base_id if index == 0 else f"{base_id}-{part}"
            sub_attrs["class"] = " ".join(
                [*classes, "govuk-date-input__input", f"govuk-input--width-{width}"]
            )
            sub_attrs["inputmode"] = "numeric"
        context["widget"]["container_id"] = f"{base_id}-date" if base_id else ""
        return context


def parse_date_parts(day: str, month: str, year: str) -> dt.date | str:
    """The date the three boxes make, or the key of the GOV.UK message that says what is
    wrong ("incomplete:month", "invalid", "year"). Pure, so the rules are tested alone."""
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = [name for name, value in parts.items() if not value]
    if missing:
        return "incomplete:" + " and ".join(missing)
    if not all(value.isdigit() for value in parts.values()):
        return "invalid"
    if len(parts["year"]) != 4:
        return "year"
    try:
        return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return "invalid"


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's error messages.

    `error_name` is how the messages name the date ("the date of the meeting"); left out,
    the label is used. An ISO `yyyy-mm-dd` string is accepted too.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": "Enter {what}",
        "incomplete": "{What} must include a {missing}",
        "invalid": "{What} must be a real date",
        "year": "The year must be 4 numbers, like 2018",
    }

    def __init__(self, *, error_name: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        what = error_name or (str(self.label).lower() if self.label else "the date")
        self.error_messages = {
            key: message.format(what=what, What=what[:1].upper() + what[1:], missing="{missing}")
            for key, message in self.error_messages.items()
        }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not value:
            return None
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        parts = [str(v) if v is not None else "" for v in value]
        if not any(p.strip() for p in parts):
            return None
        outcome = parse_date_parts(*parts)
        if isinstance(outcome, dt.date):
            return outcome
        code, _, missing = outcome.partition(":")
        raise ValidationError(
            self.error_messages[code].format(missing=missing)
            if missing
            else self.error_messages[code],
            code=code,
        )

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


def date_field(
    label: str, *, required: bool = True, help_text: str = "", error_name: str = ""
) -> GovukDateField:
    """A GOV.UK date field with the usual hint."""
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text or "For example, 21 6 2018",
        error_name=error_name,
    )


def required_when(field: forms.Field, message: str) -> forms.Field:
    """Mark an optional field as one that another answer makes required, so its label does
    not say "(optional)"; `check_required_when` adds `message` when it is left empty."""
    field.required_when = message  # type: ignore[attr-defined]
    return field


def check_required_when(form: forms.Form, name: str, condition: bool) -> None:
    """If `condition` holds and the field is empty, add the field's own GOV.UK message."""
    field = form.fields[name]
    if condition and not form.cleaned_data.get(name) and name not in form.errors:
        form.add_error(name, getattr(field, "required_when", "Enter a value"))


class DateRangeForm(forms.Form):
    """A GET filter form with `from` and `to` dates (the address's names, which Python cannot
    declare as attributes), refusing a range that ends before it starts. Links may use ISO
    dates (`?from=2017-12-19`)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The ‘To’ date must be the same as or after the ‘From’ date")
        return data


for _name, _label, _example in (("from", "From", "19 12 2017"), ("to", "To", "26 3 2018")):
    _field = date_field(
        _label,
        required=False,
        help_text=f"For example, {_example}",
        error_name=f"the ‘{_label}’ date",
    )
    DateRangeForm.base_fields[_name] = DateRangeForm.declared_fields[_name] = _field
