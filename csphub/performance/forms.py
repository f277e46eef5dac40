"""Forms for indicators and observations. They list fields; the services do the writing."""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from csphub.partnerships.selectors import bodies_of

from .models import Area, CategoryMapping, CrimeCategory, Indicator
from .uploads import EXTENSIONS, MAX_BYTES

MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


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

    def __init__(self, *args, partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = bodies_of(partnership)
        self.fields["area"].queryset = _areas()
        self.fields["comparator_area"].queryset = _areas()

    @classmethod
    def initial_from(cls, indicator: Indicator) -> dict:
        return {name: getattr(indicator, name) for name in cls.base_fields}


def parse_month(text: str) -> dt.date | None:
    match = MONTH.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1900:
        return None
    return dt.date(year, month, 1)


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
    def initial_from(cls, mapping: CategoryMapping) -> dict:
        return {name: getattr(mapping, name) for name in cls.base_fields}
