"""The GOV.UK date input (decision 0022): parsing day, month and year, GOV.UK's error
messages, the ISO fallback, and that every form in the project with a date uses it."""

import datetime as dt
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms

import csphub
from csphub.core.forms import (
    DateRangeForm,
    GovukDateField,
    GovukDateInput,
    check_required_when,
    date_field,
    parse_date_parts,
    required_when,
)


class MeetingDateForm(forms.Form):
    date = GovukDateField(label="Date of meeting", error_name="date of meeting")
    maybe = date_field("Review date", required=False)


def bound(data):
    form = MeetingDateForm(data)
    form.is_valid()
    return form


# --- the pure rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "outcome"),
    [
        (("21", "6", "2018"), dt.date(2018, 6, 21)),
        ((" 01 ", "06", "2018"), dt.date(2018, 6, 1)),
        (("21", "", "2018"), "incomplete:month"),
        (("", "", "2018"), "incomplete:day and month"),
        (("30", "2", "2018"), "invalid"),
        (("x", "2", "2018"), "invalid"),
        (("1", "13", "2018"), "invalid"),
        (("1", "2", "18"), "year"),
    ],
)
def test_parse_date_parts(parts, outcome):
    assert parse_date_parts(*parts) == outcome


# --- the field and widget -------------------------------------------------------------------


def test_day_month_year_make_a_date():
    form = bound({"date-day": "21", "date-month": "6", "date-year": "2018"})
    assert form.errors == {}
    assert form.cleaned_data == {"date": dt.date(2018, 6, 21), "maybe": None}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter date of meeting"),
        ({"date-day": "", "date-month": "", "date-year": ""}, "Enter date of meeting"),
        ({"date-day": "21", "date-year": "2018"}, "Date of meeting must include a month"),
        ({"date-year": "2018"}, "Date of meeting must include a day and month"),
        ({"date-day": "31", "date-month": "6", "date-year": "2018"}, "must be a real date"),
        ({"date-day": "1", "date-month": "6", "date-year": "18"}, "The year must be 4 numbers"),
        ({"date": "21/06/2018"}, "Date of meeting must be a real date"),
    ],
)
def test_govuk_error_messages(data, message):
    errors = bound(data).errors["date"]
    assert any(message in e for e in errors), errors


def test_iso_fallback_in_one_value():
    form = bound({"date": "2018-06-21", "maybe": "2019-01-31"})
    assert form.cleaned_data == {"date": dt.date(2018, 6, 21), "maybe": dt.date(2019, 1, 31)}


def test_iso_initial_and_bad_values_are_shown_back_in_the_boxes():
    html = MeetingDateForm(initial={"date": "2018-06-21"}).as_div()
    assert 'name="date-day"' in html and 'value="21"' in html and 'value="2018"' in html
    back = bound({"date-day": "31", "date-month": "6", "date-year": "2018"})[
        "date"
    ].as_field_group()
    assert 'value="31"' in back and "govuk-input--error" in back


def test_markup_is_a_govuk_date_input_in_a_fieldset():
    html = MeetingDateForm().as_div()
    assert '<fieldset class="govuk-fieldset"' in html
    assert '<div class="govuk-date-input" id="id_date-date">' in html
    assert 'name="date-day"' in html and 'id="id_date"' in html and 'id="id_date-year"' in html
    assert 'inputmode="numeric"' in html
    assert "Review date (optional)" in html
    assert 'type="date"' not in html


def test_date_range_form_uses_the_date_input_and_reads_iso_links():
    form = DateRangeForm({"from": "2017-12-19", "to-day": "26", "to-month": "3", "to-year": "2018"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"from": dt.date(2017, 12, 19), "to": dt.date(2018, 3, 26)}
    backwards = DateRangeForm({"from": "2018-03-26", "to": "2017-12-19"})
    assert not backwards.is_valid()
    assert "must be the same as or after" in backwards.errors["to"][0]


class ReasonForm(forms.Form):
    restricted = forms.BooleanField(required=False)
    reason = required_when(
        forms.CharField(required=False, label="Reason"), "Enter why the item is restricted"
    )

    def clean(self):
        data = super().clean()
        check_required_when(self, "reason", bool(data.get("restricted")))
        return data


def test_required_when_asks_only_when_the_condition_holds_and_is_not_labelled_optional():
    assert ReasonForm({}).is_valid()
    form = ReasonForm({"restricted": "on"})
    assert form.errors == {"reason": ["Enter why the item is restricted"]}
    assert "(optional)" not in ReasonForm().as_div()


# --- every form in the project --------------------------------------------------------------


def _project_forms() -> list[type[forms.BaseForm]]:
    """Every form class the product defines (forms modules and views modules alike)."""
    for info in pkgutil.walk_packages(csphub.__path__, "csphub."):
        name = info.name
        leaf = name.rsplit(".", 1)[-1]
        if ".tests" in name or ".migrations" in name or "tests_browser" in name:
            continue
        if "forms" in leaf or "views" in leaf:
            importlib.import_module(name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            module = sub.__module__
            if module.startswith("csphub.") and ".tests" not in module:
                found.append(sub)
    return found


def _is_a_browser_date(field: forms.Field) -> bool:
    widget = field.widget
    return (
        isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField)
        or isinstance(widget, forms.DateInput | forms.DateTimeInput | forms.SelectDateWidget)
        or getattr(widget, "input_type", "") in {"date", "datetime-local"}
    )


def test_every_form_with_a_date_uses_the_govuk_date_input():
    classes = _project_forms()
    names = {c.__name__ for c in classes}
    # The walk really sees the forms that have dates.
    assert {"MeetingForm", "PaperForm", "ActionForm", "DueForm", "MembershipForm"} <= names
    offenders = []
    dated = 0
    for cls in classes:
        for name, field in getattr(cls, "base_fields", {}).items():
            if _is_a_browser_date(field):
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
            if isinstance(field, GovukDateField):
                assert isinstance(field.widget, GovukDateInput)
                dated += 1
    assert offenders == []
    assert dated >= 10


def test_no_template_asks_the_browser_for_a_date():
    root = Path(csphub.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if 'type="date"' in path.read_text() or "type='date'" in path.read_text()
    ]
    assert offenders == []


# --- messages written for each field ----------------------------------------------------------


def _touched_forms():
    from csphub.actions import forms as action_forms
    from csphub.meetings import forms as meeting_forms

    return [
        meeting_forms.MeetingForm,
        meeting_forms.AgendaItemForm,
        meeting_forms.PaperForm,
        meeting_forms.NewMinuteForm,
        meeting_forms.ResolutionForm,
        meeting_forms.AmendmentForm,
        meeting_forms.DeclarationForm,
        meeting_forms.AnswerForm,
        meeting_forms.AddAttendeeForm,
        action_forms.ActionForm,
        action_forms.UpdateForm,
        action_forms.StatusForm,
        action_forms.DueForm,
        action_forms.ReassignForm,
        action_forms.EditForm,
    ]


@pytest.mark.parametrize("form_class", _touched_forms(), ids=lambda c: c.__name__)
def test_required_fields_say_what_to_do_not_this_field_is_required(form_class):
    generic = str(forms.Field.default_error_messages["required"])
    vague = [
        name
        for name, field in form_class.base_fields.items()
        if field.required and str(field.error_messages["required"]) == generic
    ]
    assert vague == []


@pytest.mark.django_db
def test_scheduling_a_meeting_explains_each_missing_answer(client, users, partnership):
    from django.urls import reverse

    from csphub.partnerships.tests.factories import BodyFactory

    BodyFactory(partnership=partnership, slug="board")
    client.force_login(users["secretariat"])
    url = reverse("meetings:new", args=[partnership.slug, "board"])
    empty = {"date-day": "", "date-month": "", "date-year": "", "start_time": "", "venue": ""}
    html = client.post(url, empty).content.decode()
    assert "Enter the date of the meeting" in html
    assert "Enter the start time of the meeting" in html
    assert "This field is required" not in html
    html = client.post(
        url, {"date-day": "12", "date-year": "2030", "start_time": "10:00"}
    ).content.decode()
    assert "Date of meeting must include a month" in html
    html = client.post(
        url, {"date-day": "31", "date-month": "6", "date-year": "2030", "start_time": "10:00"}
    ).content.decode()
    assert "Date of meeting must be a real date" in html
    assert 'href="#id_date"' in html  # the error summary links to the day box
