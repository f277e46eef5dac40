"""The public pages' filter forms: GET forms whose field names are the address's names
(`body`, `year`, `from`, `to`, `q`), so a filtered page has a stable URL to share."""

from __future__ import annotations

from typing import Any

from django import forms

from csphub.core.forms import DateRangeForm


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


class DecisionForm(DateRangeForm):
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
        self.order_fields(["q", "body", "from", "to"])


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
