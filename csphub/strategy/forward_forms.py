"""The secretariat's form to add a topic to a body's forward plan (the services write)."""

from __future__ import annotations

from django import forms

from csphub.core.formats import long_date
from csphub.meetings.models import Meeting

from .models import ForwardPlanItem


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return long_date(obj.date)


class ForwardItemForm(forms.Form):
    title = forms.CharField(
        label="Topic",
        max_length=300,
        error_messages={
            "required": "Enter the topic",
            "max_length": "Topic must be 300 characters or fewer",
        },
    )
    source = forms.ChoiceField(
        label="Where it comes from",
        choices=[
            (ForwardPlanItem.Source.MANUAL, "Added by hand"),
            (ForwardPlanItem.Source.PRESENTATION, "A presentation the body asked for"),
        ],
        initial=ForwardPlanItem.Source.MANUAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the topic comes from"},
    )
    presenter = forms.CharField(
        label="Presenter",
        max_length=200,
        required=False,
        help_text="Needed for a presentation.",
    )
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        label="Meeting",
        required=False,
        empty_label="Not yet scheduled",
    )
    description = forms.CharField(
        label="Notes for the agenda", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def clean(self):
        data = super().clean()
        if (
            data.get("source") == ForwardPlanItem.Source.PRESENTATION
            and not data.get("presenter", "").strip()
        ):
            self.add_error("presenter", "Enter who will give the presentation")
        return data
