"""Forms for meeting work. Each lists its fields; the services do the writing."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator

from csphub.core.forms import (
    DateRangeForm,
    GovukDateField,
    check_required_when,
    date_field,
    required_when,
)
from csphub.partnerships.models import Organisation, Person

from . import question_guard
from .models import AgendaItem, Attendance, Exemption, Meeting, Minute, Paper, Question


class TimeInput(forms.TimeInput):
    input_type = "time"


class MeetingForm(forms.ModelForm):
    date = GovukDateField(
        label="Date of meeting",
        help_text="For example, 21 6 2018",
        error_name="date of meeting",
        error_messages={"required": "Enter the date of the meeting"},
    )

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "venue"]
        widgets = {"start_time": TimeInput(format="%H:%M")}
        labels = {"start_time": "Start time"}
        help_texts = {"start_time": "For example, 10:00 or 14:30"}
        error_messages = {
            "start_time": {
                "required": "Enter the start time of the meeting",
                "invalid": "Enter the start time as hours and minutes, like 10:00",
            },
        }


class MeetingEditForm(MeetingForm):
    """Changing a meeting also sets the date its agenda letter carries: the pack prints the
    day Democratic Services sent it, which need not be the day it was published here."""

    letter_date = GovukDateField(
        label="Date on the agenda letter (optional)",
        help_text="Printed under the contact details, for example 15 3 2018. Leave it blank "
        "to print no date.",
        error_name="the date on the agenda letter",
        required=False,
    )

    class Meta(MeetingForm.Meta):
        fields = ["date", "start_time", "venue", "letter_date"]


class BodyChoiceForm(forms.Form):
    """Which body a new meeting is for (the Meetings tab's "Schedule a meeting")."""

    body = forms.ChoiceField(
        label="Which body is the meeting for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the body the meeting is for",
            "invalid_choice": "Select the body the meeting is for",
        },
    )

    def __init__(self, *args, bodies=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.slug, b.name) for b in bodies]


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "description",
            "presenter",
            "minutes_allowed",
            "is_restricted",
            "restricted_reason",
        ]
        labels = {
            "description": "Note under the item",
            "minutes_allowed": "Time allowed, in minutes",
            "is_restricted": "Restricted item: not open to the public",
            "restricted_reason": "Reason it is restricted",
        }
        help_texts = {"restricted_reason": "Needed when the item is restricted."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Enter the title of the item"},
            "minutes_allowed": {"invalid": "Enter the time allowed as a whole number of minutes"},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        required_when(
            self.fields["restricted_reason"], "Choose why the item is restricted"
        ).help_text = "Needed for a restricted item."

    def clean(self):
        data = super().clean()
        check_required_when(self, "restricted_reason", bool(data.get("is_restricted")))
        return data


class PaperForm(forms.ModelForm):
    file = forms.FileField(required=False, label="File (PDF, Word, Excel, PowerPoint, ODT or CSV)")
    date_filed = date_field(
        "Date of the paper",
        required=False,
        help_text="For example, 12 6 2018",
        error_name="the date of the paper",
    )

    class Meta:
        model = Paper
        fields = [
            "title",
            "reference",
            "author",
            "date_filed",
            "security_marking",
            "is_restricted",
            "show_on_website",
            "print_in_pack",
        ]
        error_messages = {"title": {"required": "Enter the title of the paper"}}
        labels = {
            "is_restricted": "Restricted paper: only members cleared for restricted items",
            "show_on_website": "Show on the public website",
            "print_in_pack": "Print in the agenda pack",
        }


class QuestionForm(forms.ModelForm):
    """The public's question. ``website`` is a honeypot: hidden from people (see
    meetings/_question_form.html), so anything in it was put there by a robot."""

    template_name = "meetings/_question_form.html"

    website = forms.CharField(
        required=False,
        label="Leave this blank",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Declared here, not generated from the model, so the radios have no "---------" option.
    asker_kind = forms.ChoiceField(
        label="Are you asking as",
        choices=Question.AskerKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you are asking as a councillor or a member of the public",
            "invalid_choice": "Select whether you are asking as a councillor or a member of the "
            "public",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.max_length = question_guard.MAX_QUESTION_CHARS
        text.validators.append(
            MaxLengthValidator(question_guard.MAX_QUESTION_CHARS, question_guard.TOO_LONG)
        )

    @property
    def from_robot(self) -> bool:
        """Whether the hidden field was filled in (call after is_valid())."""
        return bool(self.cleaned_data.get(question_guard.HONEYPOT))

    def question(self) -> dict:
        """The cleaned fields the service takes (not the honeypot)."""
        return {k: v for k, v in self.cleaned_data.items() if k != question_guard.HONEYPOT}

    class Meta:
        model = Question
        fields = ["asker_name", "asker_email", "asker_kind", "text"]
        labels = {
            "asker_name": "Your name",
            "asker_email": "Your email address",
            "asker_kind": "Are you asking as",
            "text": "Your question",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "asker_name": {
                "required": "Enter your name",
                "max_length": "Your name must be 200 characters or fewer",
            },
            "asker_email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
            "text": {"required": "Enter your question"},
        }
        help_texts = {
            "asker_email": "We will send the answer to this address.",
            "text": "Up to 5,000 characters.",
        }


# Saving initials creates the actions (decision 0019); say so where they are typed.
ACTION_BY_HINT = (
    "Initials of the meeting’s members or attendees (LG/TG), or an organisation’s "
    "abbreviation (LFB). Saving creates one action for each group; separate groups with ; "
    "(LG/TG; LFB). Initials that match nobody, or more than one person, are listed under "
    "Actions, Initials to match."
)


class MinuteForm(forms.ModelForm):
    class Meta:
        model = Minute
        fields = ["title", "text", "post_meeting_note", "action_by", "public_summary"]
        labels = {
            "text": "Discussion",
            "post_meeting_note": "Post-meeting note",
            "action_by": "Action by (initials, e.g. LG/TG)",
            "public_summary": "Public summary (for restricted minutes)",
        }
        help_texts = {"action_by": ACTION_BY_HINT}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "post_meeting_note": forms.Textarea(attrs={"rows": 3}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }


class NewMinuteForm(forms.Form):
    title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the title of the minute"}
    )
    sub_minute = forms.BooleanField(
        required=False, label="Number it as a sub-minute of the last minute (e.g. 186a)"
    )


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label="Resolution",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="RESOLVED that ",
        error_messages={"required": "Enter the resolution"},
    )
    action_by = forms.CharField(
        label="Action by (initials)", max_length=60, required=False, help_text=ACTION_BY_HINT
    )


class AmendmentForm(forms.Form):
    field = forms.ChoiceField(
        label="Part of the minute to correct",
        choices=[
            ("text", "Discussion"),
            ("title", "Title"),
            ("post_meeting_note", "Post-meeting note"),
            ("action_by", "Action by"),
        ],
        error_messages={"required": "Choose the part of the minute to correct"},
    )
    after = forms.CharField(
        label="Corrected text",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the corrected text"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason for the correction"},
    )
    agreed_at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label="Agreed at meeting"
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["agreed_at_meeting"].queryset = meetings


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Meeting at which the minutes were approved",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the meeting at which the minutes were approved",
            "invalid_choice": "Select a later meeting of the same body that has been held",
        },
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = (
            meetings if meetings is not None else Meeting.objects.none()
        )
        self.fields["at_meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the answer"},
    )
    answered_by = forms.CharField(max_length=200, required=False, label="Answered by")


class DeclarationForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        error_messages={"required": "Choose who declared the interest"},
    )
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="Agenda item"
    )
    text = forms.CharField(
        label="Interest declared",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the interest declared"},
    )

    def __init__(self, *args, people=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["item"].queryset = items


STATUS_CHOICES = [("", "Not recorded"), *Attendance.Status.choices]
GUEST_ROLE_CHOICES = [
    (Attendance.Role.OFFICER.value, "Officer"),
    (Attendance.Role.GUEST.value, "Guest"),
]


class AttendanceForm(forms.Form):
    """One status per person, a substitute's principal, the role of anyone who is not a
    member, a substitute typed by name who is not yet a person, and the meeting's chair."""

    def __init__(
        self,
        *args,
        people: list[Person],
        members: list[Person],
        initial_rows=None,
        organisations=None,
        **kw,
    ):
        super().__init__(*args, **kw)
        initial_rows = initial_rows or {}
        self.people = people
        self.members = members
        member_pks = {p.pk for p in members}
        member_choices = [("", "—")] + [(str(p.pk), p.display_name) for p in members]
        self.fields["chair"] = forms.ChoiceField(
            choices=[("", "—")] + [(str(p.pk), p.display_name) for p in people],
            required=False,
            label="Chair of this meeting",
        )
        for p in people:
            row = initial_rows.get(p.pk, {})
            self.fields[f"status_{p.pk}"] = forms.ChoiceField(
                choices=STATUS_CHOICES,
                required=False,
                label=p.display_name,
                initial=row.get("status", ""),
            )
            self.fields[f"for_{p.pk}"] = forms.ChoiceField(
                choices=member_choices,
                required=False,
                label=f"{p.display_name} attended in place of",
                initial=row.get("substitute_for", ""),
            )
            if p.pk not in member_pks:
                self.fields[f"role_{p.pk}"] = forms.ChoiceField(
                    choices=GUEST_ROLE_CHOICES,
                    required=False,
                    label=f"{p.display_name} attended as",
                    initial=row.get("role", Attendance.Role.OFFICER.value),
                )
        self.fields["new_name"] = forms.CharField(
            max_length=200,
            required=False,
            label="Full name",
            help_text="Someone not on the list yet. We add them to the partnership’s people.",
        )
        self.fields["new_organisation"] = forms.ModelChoiceField(
            queryset=organisations if organisations is not None else Organisation.objects.none(),
            required=False,
            empty_label="The same as the member’s",
            label="Organisation",
        )
        self.fields["new_for"] = required_when(
            forms.ChoiceField(choices=member_choices, required=False, label="Attended in place of"),
            "Choose whom the substitute attended in place of",
        )

    def clean(self):
        data = super().clean()
        for p in self.people:
            if data.get(f"status_{p.pk}") == Attendance.Status.SUBSTITUTE and not data.get(
                f"for_{p.pk}"
            ):
                self.add_error(f"for_{p.pk}", f"Choose whom {p.display_name} attended in place of")
        check_required_when(self, "new_for", bool((data.get("new_name") or "").strip()))
        return data

    def rows(self) -> list[dict]:
        """The rows for the service, a typed-in substitute last."""
        by_pk = {p.pk: p for p in self.people}
        rows = []
        for p in self.people:
            status = self.cleaned_data.get(f"status_{p.pk}")
            if not status:
                continue
            sub = self.cleaned_data.get(f"for_{p.pk}")
            rows.append(
                {
                    "person": p,
                    "status": status,
                    "substitute_for": by_pk.get(int(sub)) if sub else None,
                    "role": self.cleaned_data.get(f"role_{p.pk}") or "",
                }
            )
        name = (self.cleaned_data.get("new_name") or "").strip()
        if name:
            principal = self.cleaned_data.get("new_for")
            rows.append(
                {
                    "new_person_name": name,
                    "status": Attendance.Status.SUBSTITUTE,
                    "substitute_for": by_pk.get(int(principal)) if principal else None,
                    "organisation": self.cleaned_data.get("new_organisation"),
                }
            )
        return rows

    def chair(self) -> Person | None:
        pk = self.cleaned_data.get("chair")
        return next((p for p in self.people if str(p.pk) == pk), None)


class AddAttendeeForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Add someone else",
        error_messages={"required": "Choose who to add"},
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


EXEMPTION_CHOICES = Exemption.choices


class AttendancePeriodForm(DateRangeForm):
    """The attendance report's period: GOV.UK date inputs; links may use ISO dates."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, what, example in (
            ("from", "start date", "1 4 2017"),
            ("to", "end date", "31 3 2018"),
        ):
            self.fields[name] = date_field(
                "From" if name == "from" else "To",
                required=False,
                help_text=f"For example, {example}",
                error_name=f"the {what}",
            )
