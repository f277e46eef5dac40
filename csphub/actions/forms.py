"""Forms for the action log and action pages. They validate input; services do the writing.

Plain forms rather than ModelForms: a ModelForm writes its data onto the instance while it
validates, before the service has recorded what the action was before the change.
"""

from __future__ import annotations

from django import forms

from csphub.core.formats import short_date
from csphub.core.forms import date_field
from csphub.meetings.models import Meeting
from csphub.partnerships.models import Organisation, Person

from .models import Action, CoverSheet, CoverSheetDefaults, CoverSheetOverride
from .selectors import SORTS


class SmallCheckboxes(forms.CheckboxSelectMultiple):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "govuk-checkboxes--small", **(attrs or {})})
        self.choices = choices


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.display_name} ({obj.initials})" if obj.initials else obj.display_name


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.body.name_on(obj.date)}, {short_date(obj.date)}"


RAG_CHOICES = [("", "Not rated"), *Action.Rag.choices]


# --- the log's filters ------------------------------------------------------------------------


class ActionFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        help_text="Words in the action or in its updates",
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label="Anyone",
        label="Owner",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any organisation",
        label="Organisation",
    )
    body = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", required=False, empty_label="All", label="Body"
    )
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Any meeting",
        label="From the meeting",
    )
    status = forms.MultipleChoiceField(
        choices=Action.Status.choices, required=False, widget=SmallCheckboxes, label="Status"
    )
    overdue = forms.BooleanField(required=False, label="Only overdue actions")
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False, label="Sort by")
    layout = forms.ChoiceField(
        choices=[("", "Action log"), ("plan", "Action plan")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, choices, with_body: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = choices.people
        self.fields["organisation"].queryset = choices.organisations
        self.fields["meeting"].queryset = choices.meetings
        if with_body:
            self.fields["body"].queryset = choices.bodies
        else:
            del self.fields["body"]

    def value_of(self, name: str, default=None):
        """A filter's cleaned value, or the default when it was left out or invalid (an
        invalid filter is reported in the error summary and otherwise ignored)."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value


# --- writing ---------------------------------------------------------------------------------


def _owner_fields(form: forms.Form, partnership) -> None:
    form.fields["people"].queryset = Person.objects.filter(partnership=partnership).order_by("name")
    form.fields["organisations"].queryset = Organisation.objects.filter(
        partnership=partnership
    ).order_by("name")


def _owners(form: forms.Form) -> list:
    data = form.cleaned_data
    owners = [*data.get("people", []), *data.get("organisations", [])]
    if not owners:
        form.add_error("people", "Choose at least one person or organisation as the owner.")
    return owners


def _check_due(form: forms.Form) -> None:
    data = form.cleaned_data
    if data.get("due_date") and data.get("due_next_meeting"):
        form.add_error(
            "due_next_meeting", "Give a due date or choose “by the next meeting”, not both."
        )


class ActionForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=None,
        label="Body",
        empty_label=None,
        error_messages={"required": "Choose the body the action belongs to"},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What must be done.",
        error_messages={"required": "Enter what must be done"},
    )
    people = PersonChoice(
        queryset=Person.objects.none(), required=False, widget=SmallCheckboxes, label="People"
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=SmallCheckboxes,
        label="Organisations",
        help_text="An organisation can own an action as a whole.",
    )
    due_date = date_field(
        "Due date", required=False, help_text="For example, 31 3 2018", error_name="the due date"
    )
    due_next_meeting = forms.BooleanField(required=False, label="Due by the next meeting")
    rag = forms.ChoiceField(choices=RAG_CHOICES, required=False, label="RAG rating")
    reference = forms.CharField(
        max_length=20,
        required=False,
        label="Number",
        help_text="The action plan's number, for example 7 or A3.",
    )
    others = forms.CharField(max_length=300, required=False, label="Others involved")
    start_date = date_field(
        "Start date", required=False, help_text="For example, 1 4 2017", error_name="the start date"
    )

    def __init__(self, *args, partnership, fixed_body: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = partnership.body_set.order_by("kind", "name")
        if fixed_body:
            del self.fields["body"]
        _owner_fields(self, partnership)

    def clean(self):
        data = super().clean()
        data["owners"] = _owners(self)
        _check_due(self)
        return data


class UpdateForm(forms.Form):
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the update"},
    )
    status = forms.ChoiceField(
        choices=[("", "Leave it as it is"), *Action.Status.choices],
        required=False,
        label="Change the status",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action’s status"},
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note (for the history)"
    )


class DueForm(forms.Form):
    due_date = date_field(
        "Due date", required=False, help_text="For example, 31 3 2018", error_name="the due date"
    )
    due_next_meeting = forms.BooleanField(required=False, label="Due by the next meeting")
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Note (for the history)"
    )

    def clean(self):
        data = super().clean()
        _check_due(self)
        return data


class ReassignForm(forms.Form):
    people = PersonChoice(
        queryset=Person.objects.none(), required=False, widget=SmallCheckboxes, label="People"
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=SmallCheckboxes,
        label="Organisations",
    )
    note = forms.CharField(
        label="Why it is being reassigned",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example: forwarded to Detective Superintendent Paul Warnett.",
        error_messages={"required": "Enter why the action is being reassigned"},
    )

    def __init__(self, *args, partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _owner_fields(self, partnership)

    def clean(self):
        data = super().clean()
        data["owners"] = _owners(self)
        return data


class EditForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what must be done"},
    )
    reference = forms.CharField(max_length=20, required=False, label="Number")
    others = forms.CharField(max_length=300, required=False, label="Others involved")
    rag = forms.ChoiceField(choices=RAG_CHOICES, required=False, label="RAG rating")
    start_date = date_field(
        "Start date", required=False, help_text="For example, 1 4 2017", error_name="the start date"
    )


class WordingForm(forms.Form):
    published_text = forms.CharField(
        label="Wording for the published report",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What Matters Arising shows. The owner’s own words are kept.",
    )


COVER_LABELS = {
    "decision_type": "Decision type",
    "chief_officer": "Chief officer",
    "ward": "Ward",
    "contact_job_title": "Contact officer’s job title",
    "non_applicable_sections": "Non-applicable sections",
    "background_documents": "Background documents",
    "corporate_policy": "Corporate policy",
    "financial": "Financial",
    "staff": "Staff (personnel)",
    "legal": "Legal",
    "customer_impact": "Customer impact",
    "ward_councillor_views": "Ward councillor views",
}
COVER_TEXTAREAS = {
    name: forms.Textarea(attrs={"rows": 4})
    for name in (
        "background_documents",
        "corporate_policy",
        "financial",
        "staff",
        "legal",
        "customer_impact",
        "ward_councillor_views",
    )
}


class CoverDefaultsForm(forms.ModelForm):
    """The partnership's Matters Arising cover sheet."""

    class Meta:
        model = CoverSheetDefaults
        fields = list(CoverSheet.FIELDS)
        labels = COVER_LABELS
        widgets = COVER_TEXTAREAS


class CoverOverrideForm(forms.ModelForm):
    """One report's cover sheet: a blank field prints the partnership's default."""

    class Meta:
        model = CoverSheetOverride
        fields = list(CoverSheet.FIELDS)
        labels = COVER_LABELS
        widgets = COVER_TEXTAREAS
