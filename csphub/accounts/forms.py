"""Forms for signing in and for managing who may use a partnership."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
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


# --- Passwords and the second sign-in step (issue 10 part 4) ------------------------------


def _no_autofocus(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (old password checked, new one against AUTH_PASSWORD_VALIDATORS)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _no_autofocus(self)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form: it sends the e-mail only to an active account with that address and
    says nothing either way, so the page after it is the same for any address."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _no_autofocus(self)


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _no_autofocus(self)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, hint: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
