"""Forms for sub-group reports: the report on its pro-forma, a request, a pro-forma."""

from __future__ import annotations

from django import forms

from csphub.core.forms import GovukDateField

from . import rules
from .models import ProForma
from .selectors import section_field

SLOTS = 8  # sections a pro-forma page offers (rules.MAX_SECTIONS is the hard limit)


class ReportForm(forms.Form):
    """One textarea per section of the pro-forma, with its guidance as the hint and a
    GOV.UK character count."""

    def __init__(self, *args, pro_forma: ProForma, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sections = list(pro_forma.sections.all())
        for section in self.sections:
            name = section_field(section)
            field = forms.CharField(
                label=section.heading,
                help_text=section.guidance,
                required=section.required,
                max_length=section.max_length,
                widget=forms.Textarea(
                    attrs={
                        "rows": 8,
                        "class": "govuk-js-character-count",
                        "aria-describedby": f"id_{name}-info",
                    }
                ),
                error_messages={
                    "required": f"Enter the {section.heading}.",
                    "max_length": (
                        f"{section.heading} must be {section.max_length:,} characters or fewer."
                    ),
                },
            )
            # No maxlength: GOV.UK's character count shows the excess instead of cutting the
            # text off silently, and the server checks the length
            field.widget.attrs.pop("maxlength", None)
            field.govuk_label_size = "m"  # type: ignore[attr-defined]
            field.max_chars = section.max_length  # type: ignore[attr-defined]
            self.fields[name] = field

    def answers(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(section_field(s), "") for s in self.sections}


class RequestForm(forms.Form):
    item = forms.ModelChoiceField(
        label="Agenda item",
        queryset=None,  # type: ignore[arg-type]
        error_messages={"required": "Choose the agenda item the report is for."},
    )
    author = forms.ModelChoiceField(
        label="Author",
        help_text="The sub-group's lead. They get an e-mail with a link: no account needed.",
        queryset=None,  # type: ignore[arg-type]
        error_messages={"required": "Choose who writes the report."},
    )
    reporting_body = forms.ModelChoiceField(
        label="Sub-group",
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label="Not a body in CSP Hub",
    )
    deadline = GovukDateField(
        label="Deadline (optional)",
        help_text="Leave blank for the paper deadline. Reports are due by 5pm on the day.",
        error_name="the deadline",
        required=False,
    )
    title = forms.CharField(
        label="Title of the paper",
        help_text="Leave blank for “<sub-group> report”.",
        required=False,
        max_length=300,
    )

    def __init__(self, *args, items, people, bodies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["author"].queryset = people  # type: ignore[attr-defined]
        self.fields["reporting_body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["author"].label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.display_name} ({p.email})" if p.email else f"{p.display_name} (no e-mail)"
        )


class ProFormaForm(forms.Form):
    """SLOTS rows of heading, guidance, required and maximum length; empty rows are left
    out. The rules themselves are `rules.check_pro_forma`, applied by the service."""

    def __init__(self, *args, initial_sections=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        initial_sections = list(initial_sections)
        for n in range(1, SLOTS + 1):
            spec = initial_sections[n - 1] if n <= len(initial_sections) else None
            self.fields[f"heading_{n}"] = forms.CharField(
                label=f"Section {n} heading",
                required=False,
                max_length=rules.HEADING_MAX,
                initial=spec.heading if spec else "",
            )
            self.fields[f"guidance_{n}"] = forms.CharField(
                label=f"Section {n} guidance for authors",
                required=False,
                max_length=rules.GUIDANCE_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=spec.guidance if spec else "",
            )
            self.fields[f"max_length_{n}"] = forms.IntegerField(
                label=f"Section {n} maximum length in characters",
                required=False,
                initial=spec.max_length if spec else 3000,
                error_messages={"invalid": f"Section {n}: enter the maximum length as a number."},
            )
            self.fields[f"max_length_{n}"].widget.attrs.update(
                {"class": "govuk-input--width-5", "inputmode": "numeric"}
            )
            self.fields[f"required_{n}"] = forms.BooleanField(
                label=f"Section {n} must be filled in",
                required=False,
                initial=spec.required if spec else True,
            )

    def groups(self):
        for n in range(1, SLOTS + 1):
            yield (
                n,
                [
                    self[f"heading_{n}"],
                    self[f"guidance_{n}"],
                    self[f"max_length_{n}"],
                    self[f"required_{n}"],
                ],
            )

    def sections(self) -> list[rules.SectionSpec]:
        out = []
        for n in range(1, SLOTS + 1):
            heading = self.cleaned_data.get(f"heading_{n}") or ""
            if not heading.strip():
                continue
            out.append(
                rules.SectionSpec(
                    heading=heading,
                    guidance=self.cleaned_data.get(f"guidance_{n}") or "",
                    required=bool(self.cleaned_data.get(f"required_{n}")),
                    max_length=self.cleaned_data.get(f"max_length_{n}") or 3000,
                )
            )
        return out
