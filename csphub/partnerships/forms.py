"""Forms for partnership structure. Each lists its fields; the services do the writing.

Dates use the GOV.UK date input (day, month and year boxes) rather than a browser date
picker: it is the pattern people filling in public-sector forms know, and it works the same
in every browser and with assistive technology.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from .models import Body, Membership, Organisation, Partnership, Person
from .selectors import bodies_of, organisations_of, people_of
from .services import initials_of

RESERVED_BODY_SLUGS = {"new"}


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes named `<name>-day`, `<name>-month`, `<name>-year`.

    The day box takes the field's id, so the error summary link and the label land on it.
    A single ISO value under `<name>` (`?on=2018-06-21`) is read too, so links can use it.
    """

    template_name = "partnerships/widgets/date_input.html"
    parts = (("day", 2), ("month", 2), ("year", 4))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput() for _ in self.parts], attrs)
        self.widgets_names = [f"-{part}" for part, _ in self.parts]

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name) -> list[Any]:
        iso = data.get(name)
        if iso:
            try:
                return self.decompress(dt.date.fromisoformat(str(iso)))
            except ValueError:
                return ["", "", str(iso)]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_: str) -> str:
        return id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
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


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's error messages."""

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
        if isinstance(value, dt.date):
            return value
        if not value:
            return None
        parts = [str(v).strip() if v is not None else "" for v in value]
        if not any(parts):
            return None
        missing = [name for (name, _), v in zip(GovukDateInput.parts, parts, strict=True) if not v]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"].format(missing=" and ".join(missing)),
                code="incomplete",
            )
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def date_field(
    label: str, *, required: bool = True, help_text: str = "", error_name: str = ""
) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required,
        help_text=help_text or "For example, 21 6 2018",
        error_name=error_name,
    )


class MembershipOnForm(forms.Form):
    """The GET form on a body's page: whose membership as it stood on which day."""

    on = date_field("Show the membership as it stood on", error_name="the date")

    @classmethod
    def asked(cls, query: Any) -> bool:
        """Whether the query string asks for a date (other parameters don't bind the form)."""
        return any(key in query for key in ("on", "on-day", "on-month", "on-year"))


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "honorific", "initials", "email"]
        labels = {
            "name": "Full name",
            "honorific": "Title or honorific",
            "initials": "Initials",
            "email": "Email address",
        }
        help_texts = {
            "honorific": "For example, Councillor, Detective Superintendent or Dr",
            "initials": "Used in the Action column of minutes. Left blank, we work them out.",
        }

    def clean_initials(self) -> str:
        return self.cleaned_data["initials"] or initials_of(self.cleaned_data.get("name", ""))


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "is_responsible_authority"]
        labels = {
            "short_name": "Short name",
            "kind": "Type of organisation",
            "is_responsible_authority": "Statutory responsible authority",
        }
        help_texts = {"short_name": "For example, LBB or MPS"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        clash = organisations_of(self.partnership).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("An organisation with this name already exists")
        return name


class BodyForm(forms.ModelForm):
    """Editing a body. Its name changes through the rename form, which keeps the old one."""

    class Meta:
        model = Body
        fields = [
            "kind",
            "parent",
            "terms_of_reference",
            "meeting_frequency",
            "notice_clear_days",
            "question_working_days",
        ]
        labels = {
            "kind": "Type of body",
            "parent": "Reports to",
            "terms_of_reference": "Terms of reference",
            "meeting_frequency": "How often it meets",
            "notice_clear_days": "Notice of meetings, in clear working days",
            "question_working_days": "Deadline for questions, in working days before",
        }
        help_texts = {"meeting_frequency": "For example, Quarterly or Every 6 weeks"}
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        parents = bodies_of(partnership)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "None: it reports to nobody here"


class BodyCreateForm(BodyForm):
    class Meta(BodyForm.Meta):
        fields = ["name", "slug", *BodyForm.Meta.fields]
        labels = {**BodyForm.Meta.labels, "slug": "Short name for web addresses"}
        help_texts = {
            **BodyForm.Meta.help_texts,
            "slug": "Lower-case letters, numbers and hyphens, like board or vawg. "
            "Left blank, we make one from the name.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "slug" in self.errors or not data.get("name"):
            return data
        slug = data.get("slug") or slugify(data["name"])[:50]
        if slug in RESERVED_BODY_SLUGS:
            self.add_error("slug", f"“{slug}” cannot be used; choose another")
        elif bodies_of(self.partnership).filter(slug=slug).exists():
            self.add_error("slug", "Another body already uses this short name")
        else:
            data["slug"] = slug
        return data


class BodyRenameForm(forms.Form):
    new_name = forms.CharField(max_length=200, label="New name")
    old_name_until = date_field(
        "Last day of the old name",
        help_text="Minutes of meetings up to this day keep the old name. For example, 31 3 2022",
    )


class MinuteSequenceRestartForm(forms.Form):
    effective_from = date_field(
        "Restart numbering from",
        help_text="The first meeting on or after this day takes the new number. "
        "For example, 1 4 2018",
    )
    first_number = forms.IntegerField(
        min_value=1, label="First minute number", initial=1, widget=forms.TextInput
    )
    first_number.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-5"})


class MembershipForm(forms.ModelForm):
    start = date_field("Start date", required=False, help_text="For example, 1 4 2018")
    end = date_field(
        "End date",
        required=False,
        help_text="Leave blank while they are still a member. For example, 31 3 2019",
    )

    class Meta:
        model = Membership
        fields = ["person", "role", "organisation", "post_title", "start", "end"]
        labels = {"post_title": "Post", "organisation": "Representing"}
        help_texts = {"post_title": "For example, Borough Commander"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(partnership)
        self.fields["organisation"].queryset = organisations_of(partnership)
        self.fields["organisation"].empty_label = "None"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be on or after the start date")
        return data


class MembershipEndForm(forms.Form):
    end = date_field("Last day of membership", help_text="For example, 31 3 2019")


class UserPersonForm(forms.Form):
    """Which of the partnership's people an account belongs to (their home and actions)."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Person",
        empty_label="Not linked to anyone",
        help_text="Their meetings, papers and actions are this person's. "
        "Someone already linked to another account is not listed.",
    )

    def __init__(self, *args: Any, partnership: Partnership, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people_of(partnership).filter(
            models.Q(user__isnull=True) | models.Q(user=user)
        )
