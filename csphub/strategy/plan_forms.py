"""Forms for the secretariat's delivery-plan pages. They validate input; the services in
`services.delivery_plans` write. Plain forms, as in the actions app."""

from __future__ import annotations

from django import forms

from csphub.actions.forms import RAG_CHOICES, PersonChoice, SmallCheckboxes
from csphub.core.forms import date_field
from csphub.partnerships.models import Body, Organisation, Person

from . import plan_rules
from .models import DeliveryPlan, PlanObjective, Priority


class PriorityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Priority) -> str:
        return f"{obj.strategy.period}: priority {obj.number}, {obj.title}"


def _priorities(partnership) -> object:
    return Priority.objects.filter(strategy__partnership=partnership).select_related("strategy")


class PlanForm(forms.Form):
    body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        label="Body",
        empty_label=None,
        error_messages={"required": "Choose the body whose plan it is"},
    )
    year = forms.IntegerField(
        label="Financial year",
        help_text="Its first year: 2017 for 2017/18.",
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": "Enter the financial year",
            "invalid": "Enter the financial year as a year, for example 2017",
            "min_value": "Enter a financial year from 1990",
            "max_value": "Enter a financial year up to 2100",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        required=False,
        help_text="Leave empty for “<body> delivery plan <year>”.",
    )
    status = forms.ChoiceField(
        choices=DeliveryPlan.Status.choices,
        initial=DeliveryPlan.Status.DRAFT,
        widget=forms.RadioSelect,
        label="Status",
        help_text="Members see a plan once it is active; a draft only the secretariat sees.",
    )
    key_targets = forms.CharField(
        label="Key targets",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line, as printed above the plan.",
    )
    year.widget.attrs.update({"inputmode": "numeric", "class": "govuk-input--width-4"})

    def __init__(self, *args, partnership, with_body: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_body:
            self.fields["body"].queryset = Body.objects.filter(partnership=partnership).order_by(
                "kind", "name"
            )
        else:
            del self.fields["body"]
            del self.fields["year"]


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label="Objective",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the objective"},
    )
    priority = PriorityChoice(
        queryset=Priority.objects.none(),
        required=False,
        label="Priority of the strategy it serves",
        empty_label="None",
    )

    def __init__(self, *args, partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = _priorities(partnership)


class PlanActionForm(forms.Form):
    objective = forms.ModelChoiceField(
        queryset=PlanObjective.objects.none(),
        label="Objective",
        empty_label=None,
        error_messages={"required": "Choose the objective the action serves"},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what must be done"},
    )
    outcome = forms.CharField(
        label="Outcomes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the action should achieve, as the plan says.",
    )
    people = PersonChoice(
        queryset=Person.objects.none(), required=False, widget=SmallCheckboxes, label="Lead people"
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=SmallCheckboxes,
        label="Lead organisations",
    )
    lead_note = forms.CharField(
        label="Lead as the plan describes it",
        required=False,
        max_length=300,
        help_text="A post or service beside the names, for example YOS Operational Manager.",
    )
    due_date = date_field(
        "Due date", required=False, help_text="For example, 31 12 2017", error_name="the due date"
    )
    due_note = forms.CharField(
        label="Due, in the plan’s words",
        required=False,
        max_length=200,
        help_text="For example: Ongoing, Quarterly updates, Standing item at each meeting.",
    )
    rag = forms.ChoiceField(choices=RAG_CHOICES, required=False, label="RAG rating")
    reference = forms.CharField(max_length=20, required=False, label="Number")
    is_restricted = forms.BooleanField(
        required=False,
        label="Restricted: only the secretariat and cleared members may see this action",
    )

    def __init__(self, *args, plan: DeliveryPlan, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = plan.objectives.order_by("position", "id")
        self.fields["people"].queryset = Person.objects.filter(
            partnership=plan.partnership
        ).order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.filter(
            partnership=plan.partnership
        ).order_by("name")
        if editing:
            del self.fields["is_restricted"]

    def clean(self):
        data = super().clean()
        owners = [*data.get("people", []), *data.get("organisations", [])]
        if not owners:
            self.add_error("people", "Choose at least one person or organisation to lead it.")
        data["owners"] = owners
        return data


class RequestUpdatesForm(forms.Form):
    quarter = forms.ChoiceField(
        choices=[(str(q), f"Q{q} ({plan_rules.QUARTER_MONTHS[q]})") for q in plan_rules.QUARTERS],
        widget=forms.RadioSelect,
        label="Which quarter’s updates",
        error_messages={"required": "Choose the quarter", "invalid_choice": "Choose the quarter"},
    )
    reply_by = date_field(
        "Reply by",
        required=False,
        help_text="For example, 6 10 2017",
        error_name="the reply-by date",
    )
