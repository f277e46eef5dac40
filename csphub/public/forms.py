"""The public pages' filter forms: GET forms whose field names are the address's names
(`body`, `year`, `from`, `to`, `q`), so a filtered page has a stable URL to share."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """An ISO date box, as the search page's (`YYYY-MM-DD` in the address)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _body_field(bodies: list[tuple[str, str]]) -> forms.ChoiceField:
    return forms.ChoiceField(required=False, label="Body", choices=[("", "All bodies"), *bodies])


class CalendarForm(forms.Form):
    """Which meetings: one body or all, one year or every year."""

    def __init__(
        self, *args: Any, bodies: list[tuple[str, str]], years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = _body_field(bodies)
        self.fields["year"] = forms.TypedChoiceField(
            required=False,
            label="Year",
            coerce=int,
            empty_value=None,
            choices=[("", "All years"), *((str(y), str(y)) for y in years)],
        )


class DecisionForm(forms.Form):
    """Which decisions: body, meeting dates from and to, and words in the decision."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Words in the decision",
        help_text="In the resolution or the title of its minute",
    )

    def __init__(self, *args: Any, bodies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = _body_field(bodies)
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


class YearForm(forms.Form):
    """The year the attendance statistics cover."""

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            required=False,
            label="Year",
            coerce=int,
            empty_value=None,
            choices=[(str(y), str(y)) for y in years],
        )
