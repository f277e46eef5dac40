"""Forms for partnership structure. Each lists its fields; the services do the writing.

Dates use the GOV.UK date input (day, month and year boxes) rather than a browser date
picker: it is the pattern people filling in public-sector forms know, and it works the same
in every browser and with assistive technology.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from csphub.core.forms import date_field

from .models import Body, Membership, Organisation, Partnership, Person
from .selectors import bodies_of, organisations_of, people_of
from .services import initials_of

RESERVED_BODY_SLUGS = {"new"}


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
            "chair_title",
            "word",
            "members_word",
        ]
        labels = {
            "chair_title": "What the body calls its chair",
            "kind": "Type of body",
            "parent": "Reports to",
            "terms_of_reference": "Terms of reference",
            "meeting_frequency": "How often it meets",
            "notice_clear_days": "Notice of meetings, in clear working days",
            "question_working_days": "Deadline for questions, in working days before",
            "word": "What its reports call it (optional)",
            "members_word": "How its reports address the members (optional)",
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
        self.fields["chair_title"].required = False

    def clean_chair_title(self) -> str:
        return (self.cleaned_data.get("chair_title") or "").strip() or "Chair"


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
        fields = ["person", "role", "organisation", "post_title", "start", "end", "position"]
        labels = {
            "post_title": "Post",
            "organisation": "Representing",
            "position": "Place in the printed membership list",
        }
        help_texts = {
            "post_title": "For example, Borough Commander",
            "person": 'Choose no one for a vacant seat: it is printed as "Vacant".',
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(partnership)
        self.fields["organisation"].queryset = organisations_of(partnership)
        self.fields["organisation"].empty_label = "None"
        self.fields["person"].empty_label = "Vacant seat"
        self.fields["position"].required = False

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("person") is None and not (data.get("organisation") or data.get("post_title")):
            self.add_error("organisation", "Say which organisation or post a vacant seat is for")
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
