"""The secretariat's strategy forms. They list fields; the services do the writing."""

from __future__ import annotations

from django import forms

from csphub.actions.forms import SmallCheckboxes
from csphub.core.forms import date_field
from csphub.meetings.models import AgendaItem
from csphub.partnerships.models import Body, Partnership
from csphub.performance.models import Indicator

from .wording import QUARTER_MONTHS, quarter_text

QUARTER_CHOICES = [("", "Not set"), *((str(q), quarter_text(q)) for q in QUARTER_MONTHS)]


class StrategyForm(forms.Form):
    period = forms.CharField(
        max_length=20,
        label="Period",
        help_text="As printed, for example 2020-2023.",
        error_messages={"required": "Enter the strategy’s period, for example 2020-2023"},
    )
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the strategy’s title"}
    )
    starts_on = date_field("First day", help_text="For example, 1 4 2020", error_name="first day")
    ends_on = date_field("Last day", help_text="For example, 31 3 2023", error_name="last day")
    introduction = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), label="Introduction"
    )
    approved_on = date_field(
        "Date approved", required=False, help_text="For example, 12 3 2020", error_name="date"
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # a version's period is fixed: a new period is a new strategy
            del self.fields["period"]


class PriorityForm(forms.Form):
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the priority’s title"}
    )
    aim = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Our aim")
    lead_body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        required=False,
        label="Led by",
        help_text="The sub-group that leads this priority.",
        empty_label="Not set",
    )
    discussion_quarter = forms.TypedChoiceField(
        choices=QUARTER_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label="Quarter of the Board’s substantive discussion",
    )
    how_we_know = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="How will we know we are on track?",
        help_text="One point a line.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = partnership.body_set.order_by("kind", "name")


class CommitmentForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What we will tackle",
        error_messages={"required": "Enter the commitment"},
    )


class IndicatorsForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        widget=SmallCheckboxes,
        label="Indicators that show progress",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(
            partnership=partnership
        ).order_by("owner__name", "number", "name")


class SupportingDocumentForm(forms.Form):
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the strategy or plan’s title"}
    )
    owner = forms.CharField(max_length=200, required=False, label="Owned by")
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Web address",
        error_messages={"invalid": "Enter a web address starting https://"},
    )


class SurveyResultForm(forms.Form):
    question = forms.CharField(
        max_length=400,
        help_text="For example, Feel safe in their local area during the day.",
        error_messages={"required": "Enter the survey question"},
    )
    year = forms.IntegerField(
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": "Enter the survey’s year",
            "invalid": "Enter the year as a number, for example 2019",
            "min_value": "Enter a year from 1990",
            "max_value": "Enter a year up to 2100",
        },
    )
    percentage = forms.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=0,
        max_value=100,
        label="Percentage of residents",
        error_messages={
            "required": "Enter the percentage",
            "invalid": "Enter the percentage as a number, for example 82",
            "min_value": "Enter a percentage from 0 to 100",
            "max_value": "Enter a percentage from 0 to 100",
        },
    )
    source = forms.CharField(max_length=200, required=False)


class AttachForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        label="Agenda item",
        help_text="Normally the Board’s substantive discussion item for this priority.",
        error_messages={"required": "Choose the agenda item"},
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda i: f"{i.meeting}: {i}"
