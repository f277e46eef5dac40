"""Forms for signing in and for managing who may use a partnership."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_texts

from .models import PartnershipRole

ROLE_HINTS = {
    PartnershipRole.Role.MEMBER: "Reads member-only papers; restricted ones only if cleared.",
    PartnershipRole.Role.SECRETARIAT: "Runs bodies, membership, meetings, agendas and minutes.",
    PartnershipRole.Role.ADMINISTRATOR: "Everything the secretariat does, and manages users.",
}


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus (GOV.UK: focus moves only when people ask)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["spellcheck"] = "false"


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=PartnershipRole.Role.choices,
        widget=forms.RadioSelect,
        label="Role",
    )
    cleared = forms.BooleanField(
        required=False,
        label="Cleared for restricted items",
        help_text="May read restricted (exempt, Part 2) items and papers. "
        "The secretariat and administrators always can.",
    )


class UserCreateForm(RoleForm):
    username = forms.CharField(
        max_length=150,
        label="Username",
        help_text="What they type to sign in. Letters, digits and @ . + - _ only.",
    )
    first_name = forms.CharField(max_length=150, label="First name")
    last_name = forms.CharField(max_length=150, label="Last name")
    email = forms.EmailField(label="Email address")
    password = forms.CharField(
        label="Initial password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=" ".join(password_validators_help_texts()),
    )

    field_order = ["username", "first_name", "last_name", "email", "password", "role", "cleared"]


class ConfirmForm(forms.Form):
    """A form with nothing to fill in: a POST that says "yes, do it"."""
