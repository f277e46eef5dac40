"""The review screen's forms: the meeting fields, and one formset per list of the draft
(present, also present, apologies, absent, minutes, resolutions, actions). A row left
empty is dropped; one empty row per list is offered for adding."""

from __future__ import annotations

from typing import Any

from django import forms

from csphub.core.forms import date_field

from . import drafts

TEXT = {"class": "govuk-input"}


def _text(label: str, *, required: bool = False, width: str = "", **kwargs: Any):
    attrs = {"class": f"govuk-input {width}".strip()}
    return forms.CharField(
        label=label, required=required, widget=forms.TextInput(attrs=attrs), **kwargs
    )


class MeetingFieldsForm(forms.Form):
    body = _text("Body (as the document names it)", max_length=200)
    meeting_date = date_field("Date of the meeting", required=False)
    start_time = _text(
        "Start time",
        width="govuk-input--width-5",
        help_text="24-hour clock, for example 10:00",
        max_length=5,
    )
    venue = _text("Venue", max_length=300)
    chair = _text("Chair", max_length=200)

    def clean_start_time(self) -> str:
        value = self.cleaned_data["start_time"].strip()
        if value and drafts.parse_time(value) is None:
            raise forms.ValidationError("Enter the start time as hours and minutes, like 10:00")
        return value


class PersonRowForm(forms.Form):
    name = _text("Name", max_length=200)
    role = _text("Role or post", max_length=200)


class ApologyRowForm(forms.Form):
    name = _text("Name", max_length=200)
    substitute = _text("Attended in their place", max_length=200)


class AbsentRowForm(forms.Form):
    name = _text("Name", max_length=200)


class ItemRowForm(forms.Form):
    number = _text("Number", width="govuk-input--width-5", max_length=10)
    title = _text("Title", max_length=300)
    presenter = _text("Presenter", max_length=200)
    pages = _text("Pages", width="govuk-input--width-10", max_length=40)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("number"):
            try:
                drafts.split_minute_label(data["number"])
            except ValueError:
                self.add_error("number", "Enter a minute number such as 175 or 186a")
        if data.get("number") and not data.get("title"):
            self.add_error("title", "Enter the minute’s title")
        return data


class ResolutionRowForm(forms.Form):
    item = _text("Under minute", width="govuk-input--width-5", max_length=10)
    text = forms.CharField(
        label="Resolution",
        required=False,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
    )


STATUS_CHOICES = [("", "Open"), ("in_progress", "In progress"), ("done", "Done")]


class ActionRowForm(forms.Form):
    item = _text("Under minute", width="govuk-input--width-5", max_length=10)
    text = forms.CharField(
        label="Action",
        required=False,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 2}),
    )
    owners = _text(
        "Owners", help_text="Names or initials, separated by /, for example LG/TG", max_length=200
    )
    due = date_field("Due date", required=False, help_text="Leave empty for “by the next meeting”")
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=STATUS_CHOICES,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("text") and not data.get("owners"):
            self.add_error("owners", "Enter at least one owner")
        return data


def _formset(form: type[forms.Form]):
    return forms.formset_factory(form, extra=1, max_num=500, absolute_max=500)


LIST_FORMS: dict[str, type[forms.Form]] = {
    "present": PersonRowForm,
    "also_present": PersonRowForm,
    "apologies": ApologyRowForm,
    "absent": AbsentRowForm,
    "items": ItemRowForm,
    "resolutions": ResolutionRowForm,
    "actions": ActionRowForm,
}
FORMSETS = {key: _formset(form) for key, form in LIST_FORMS.items()}


def initial_rows(part: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        "present": part["present"],
        "also_present": part["also_present"],
        "apologies": part["apologies"],
        "absent": [{"name": n} for n in part["absent"]],
        "items": part["items"],
        "resolutions": part["resolutions"],
        "actions": [
            {
                "item": a["item"],
                "text": a["text"],
                "owners": "/".join(a["owners"]),
                "due": drafts.parse_due(a["due"]),
                "status": a["status"] or "",
            }
            for a in part["actions"]
        ],
    }


class ReviewForms:
    """The meeting form and the seven formsets, bound together."""

    def __init__(self, part: dict[str, Any], data=None) -> None:
        self.part = part
        self.meeting = MeetingFieldsForm(
            data,
            prefix="meeting",
            initial={
                "body": part["body"],
                "meeting_date": drafts.parse_date(part["meeting_date"]),
                "start_time": part["start_time"],
                "venue": part["venue"],
                "chair": part["chair"],
            },
        )
        rows = initial_rows(part)
        self.lists = {key: FORMSETS[key](data, prefix=key, initial=rows[key]) for key in LIST_FORMS}

    def all_forms(self) -> list[forms.Form]:
        return [self.meeting, *(f for fs in self.lists.values() for f in fs.forms)]

    def is_valid(self) -> bool:
        ok = self.meeting.is_valid()
        for formset in self.lists.values():
            ok = formset.is_valid() and ok
        return ok

    def errors(self) -> list[tuple[Any, str]]:
        """(bound field or None, message) for the error summary."""
        found: list[tuple[Any, str]] = []
        for form in self.all_forms():
            for name, messages in form.errors.items():
                field = form[name] if name in form.fields else None
                found += [(field, message) for message in messages]
        return found

    def cleaned_part(self) -> dict[str, Any]:
        m = self.meeting.cleaned_data

        def rows(key: str) -> list[dict[str, Any]]:
            return [f.cleaned_data for f in self.lists[key].forms if f.cleaned_data]

        date = m.get("meeting_date")
        return {
            **self.part,
            "body": m.get("body"),
            "meeting_date": date.isoformat() if date else None,
            "start_time": m.get("start_time"),
            "venue": m.get("venue"),
            "chair": m.get("chair"),
            "present": [{"name": r.get("name"), "role": r.get("role")} for r in rows("present")],
            "also_present": [
                {"name": r.get("name"), "role": r.get("role")} for r in rows("also_present")
            ],
            "apologies": [
                {"name": r.get("name"), "substitute": r.get("substitute")}
                for r in rows("apologies")
            ],
            "absent": [r.get("name") for r in rows("absent")],
            "items": [
                {
                    "number": r.get("number"),
                    "title": r.get("title"),
                    "pages": r.get("pages"),
                    "presenter": r.get("presenter"),
                }
                for r in rows("items")
            ],
            "resolutions": [
                {"item": r.get("item"), "text": r.get("text")} for r in rows("resolutions")
            ],
            "actions": [
                {
                    "item": r.get("item"),
                    "text": r.get("text"),
                    "owners": [o.strip() for o in (r.get("owners") or "").split("/") if o.strip()],
                    "due": r["due"].isoformat() if r.get("due") else None,
                    "status": r.get("status") or None,
                }
                for r in rows("actions")
            ],
        }


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a document",
        help_text="Minutes or an agenda pack as a .txt, .pdf or .docx file",
        error_messages={"required": "Select a document to upload", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(
            attrs={"class": "govuk-file-upload", "accept": ".txt,.pdf,.docx"}
        ),
    )


class CommitForm(forms.Form):
    NEW, EXISTING = "new", "existing"
    target = forms.ChoiceField(
        label="Which meeting are these the minutes of?",
        choices=[(NEW, "A new meeting"), (EXISTING, "A meeting already in CSP Hub")],
        widget=forms.RadioSelect,
    )
    body = forms.ChoiceField(
        label="Body of the new meeting",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    meeting = forms.ChoiceField(
        label="Existing meeting",
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    minutes_status = forms.ChoiceField(
        label="Are the minutes approved?",
        choices=[
            ("draft", "No: the minutes are a draft (the meeting is recorded as held)"),
            ("approved", "Yes: the minutes were approved at a later meeting"),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, bodies, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "Choose a body")] + [
            (str(b.pk), b.name) for b in bodies
        ]
        self.fields["meeting"].choices = [("", "Choose a meeting")] + [
            (str(m.pk), f"{m.body.name}, {m.date:%-d %B %Y}") for m in meetings
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("target") == self.NEW and not data.get("body"):
            self.add_error("body", "Choose the body the meeting belongs to")
        if data.get("target") == self.EXISTING and not data.get("meeting"):
            self.add_error("meeting", "Choose the meeting")
        return data
