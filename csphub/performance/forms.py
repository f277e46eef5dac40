"""Forms for indicators and observations. They list fields; the services do the writing."""

from __future__ import annotations

import datetime as dt

from django import forms

from csphub.partnerships.selectors import bodies_of
from csphub.police.forms import parse_month
from csphub.police.models import Area, CrimeCategory

from .models import Indicator
from .uploads import EXTENSIONS, MAX_BYTES


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.get_level_display()}, {obj.code})"


def _areas():
    return Area.objects.filter(level__in=[Area.Level.BOROUGH, Area.Level.FORCE]).order_by("name")


class IndicatorForm(forms.Form):
    name = forms.CharField(max_length=300)
    number = forms.IntegerField(
        required=False, min_value=1, label="Number in the report (optional)"
    )
    owner = forms.ModelChoiceField(
        queryset=None, label="Owning body", help_text="Usually the sub-group that reports on it."
    )
    priority = forms.CharField(max_length=300, required=False, label="Strategy priority (optional)")
    unit = forms.CharField(
        max_length=60, initial="offences", help_text="For example offences, %, victims."
    )
    accumulates = forms.BooleanField(
        required=False,
        initial=True,
        label="Monthly values add up to the year to date (counts)",
        help_text="Leave unticked for rates and percentages: their year to date is the "
        "latest value.",
    )
    polarity = forms.ChoiceField(choices=Indicator.Polarity.choices)
    period_type = forms.ChoiceField(
        choices=Indicator.PeriodType.choices,
        required=False,
        initial=Indicator.PeriodType.MONTH,
        label="Period of each value",
        help_text="Rolling 12 months when each value is the 12 months to its month (untick "
        "the box above: such values do not add up).",
    )
    rating_basis = forms.ChoiceField(
        choices=Indicator.RatingBasis.choices,
        required=False,
        initial=Indicator.RatingBasis.PREVIOUS,
        label="Rated against",
    )
    annual_target = forms.DecimalField(
        required=False, max_digits=14, decimal_places=2, label="Annual target (optional)"
    )
    tolerance_pct = forms.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, initial=5, label="Amber tolerance (%)"
    )
    source = forms.ChoiceField(choices=Indicator.Source.choices)
    crime_category = forms.ModelChoiceField(
        queryset=CrimeCategory.objects.order_by("sort_order", "name"),
        required=False,
        label="Crime category (police-sourced indicators)",
    )
    area = AreaChoice(queryset=None, required=False, label="Area (optional)")
    comparator = forms.CharField(
        max_length=200,
        required=False,
        label="Comparator (optional)",
        help_text="For example London (MPS).",
    )
    comparator_area = AreaChoice(queryset=None, required=False, label="Comparator area (optional)")
    denominator = forms.ChoiceField(
        choices=Indicator.Denominator.choices, label="Denominator for rates"
    )
    age_band = forms.CharField(
        max_length=20, required=False, label="Age band (optional)", help_text="For example 10-17."
    )
    rate_per = forms.TypedChoiceField(
        choices=[(1000, "per 1,000"), (100000, "per 100,000")],
        coerce=int,
        initial=1000,
        label="Rate",
    )
    denominator_population = forms.IntegerField(
        required=False,
        min_value=1,
        label="Population for the rate (optional)",
        help_text="Only if no ONS estimate for the area and age band has been imported.",
    )
    denominator_note = forms.CharField(
        max_length=300,
        required=False,
        label="Where the population comes from (optional)",
        help_text="For example ONS mid-2016 estimate, 10-17 year olds.",
    )
    small_number_threshold = forms.IntegerField(
        min_value=0, initial=10, label="Small numbers are under"
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean_period_type(self) -> str:
        return self.cleaned_data.get("period_type") or Indicator.PeriodType.MONTH

    def clean_rating_basis(self) -> str:
        return self.cleaned_data.get("rating_basis") or Indicator.RatingBasis.PREVIOUS

    def __init__(self, *args, partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = bodies_of(partnership)
        self.fields["area"].queryset = _areas()
        self.fields["comparator_area"].queryset = _areas()

    @classmethod
    def initial_from(cls, indicator: Indicator) -> dict:
        return {name: getattr(indicator, name) for name in cls.base_fields}


class ObservationForm(forms.Form):
    period = forms.CharField(
        label="Month", help_text="As YYYY-MM, for example 2017-07.", max_length=7
    )
    value = forms.DecimalField(max_digits=16, decimal_places=4)
    comparator_value = forms.DecimalField(
        max_digits=16, decimal_places=4, required=False, label="Comparator value (optional)"
    )
    area = AreaChoice(
        queryset=None,
        required=False,
        label="Area (optional)",
        help_text="Leave blank for the partnership's own area.",
    )
    source_note = forms.CharField(max_length=300, required=False, label="Source (optional)")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas()

    def clean_period(self) -> dt.date:
        month = parse_month(self.cleaned_data["period"])
        if month is None:
            raise forms.ValidationError("Enter the month as YYYY-MM, for example 2017-07.")
        return month


class ObservationUploadForm(forms.Form):
    file = forms.FileField(
        label="File (CSV or Excel .xlsx, up to 5 MB)",
        help_text="Columns: indicator (name or id), period (YYYY-MM), area (GSS code or name, "
        "optional), value, comparator (optional).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                "The file must be a CSV or an Excel workbook (.csv or .xlsx)."
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB.")
        return upload


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        meeting = obj.meeting
        return f"{meeting.date:%-d %B %Y}, {meeting.body.name}: {obj.title}"


class PackAttachForm(forms.Form):
    to = forms.CharField(
        label="Financial year to date, up to the month",
        help_text="As YYYY-MM, for example 2017-07.",
        max_length=7,
    )
    item = ItemChoice(
        queryset=None,
        label="Agenda item",
        help_text="The pack becomes a paper of this item, for example the performance report. "
        "Items of meetings whose minutes are approved are not listed.",
        empty_label=None,
    )
    paper = forms.ChoiceField(
        choices=[("a4", "A4 portrait"), ("a3", "A3 landscape (larger print)")],
        initial="a4",
        widget=forms.RadioSelect,
        label="Paper size",
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items

    def clean_to(self) -> dt.date:
        month = parse_month(self.cleaned_data["to"])
        if month is None:
            raise forms.ValidationError("Enter the month as YYYY-MM, for example 2017-07.")
        return month
