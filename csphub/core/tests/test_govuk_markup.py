"""Golden-markup tests: our form templates and components against GOV.UK Frontend.

Each test renders one of our templates with the inputs of an example from
`node_modules/govuk-frontend/dist/govuk/components/<name>/fixtures.json` and compares
the result with that example's expected HTML, after normalising both (whitespace
collapsed, attributes and class names sorted: `django.test.html.parse_html`). An upgrade
of govuk-frontend that changes the markup fails here first.

Skipped when node_modules is absent (run `npm ci`).
"""

import json
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import Element, parse_html
from django.urls import include, path
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import mark_safe

from csphub.core import urls as core_urls
from csphub.core.templatetags.govuk import govuk_item_id

PROJECT_DIR = Path(settings.BASE_DIR).parent
GOVUK_DIST = PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
COMPONENTS_DIR = GOVUK_DIST / "components"
STATIC_OUT = Path(settings.BASE_DIR) / "static" / "csphub"

needs_govuk_frontend = pytest.mark.skipif(
    not COMPONENTS_DIR.is_dir(),
    reason="node_modules/govuk-frontend is absent: run `npm ci` to compare against its fixtures",
)


# A URL configuration for rendering base.html: the core pages, a stand-in front page and the
# two account URLs the header links to, so these tests do not depend on other apps' views.
def _stub_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stub")


urlpatterns = [
    path(
        "",
        include(([path("", _stub_view, name="home"), *core_urls.urlpatterns], "core")),
    ),
    path(
        "accounts/",
        include(
            (
                [
                    path("sign-in/", _stub_view, name="login"),
                    path("sign-out/", _stub_view, name="logout"),
                    path("password/", _stub_view, name="password_change"),
                ],
                "accounts",
            )
        ),
    ),
]


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


@cache
def _fixtures(component: str) -> dict[str, dict[str, Any]]:
    data = json.loads((COMPONENTS_DIR / component / "fixtures.json").read_text("utf-8"))
    return {fixture["name"]: fixture for fixture in data["fixtures"]}


def fixture(component: str, name: str) -> tuple[dict[str, Any], str]:
    """The options and expected HTML of one GOV.UK Frontend example."""
    example = _fixtures(component)[name]
    return example["options"], example["html"]


def assert_same_markup(rendered: str, expected: str) -> None:
    ours, theirs = parse_html(rendered), parse_html(expected)
    assert ours == theirs, f"\n--- ours\n{ours}\n--- GOV.UK Frontend\n{theirs}"


def find_element(node: Element, name: str, css_class: str) -> Element | None:
    """The first element `name` whose class list contains `css_class` (depth first)."""
    for child in getattr(node, "children", []):
        if isinstance(child, str):
            continue
        classes = dict(child.attributes).get("class") or ""
        if child.name == name and css_class in classes.split():
            return child
        if found := find_element(child, name, css_class):
            return found
    return None


def _always_invalid(message: str):
    def validate(value: Any) -> None:
        raise ValidationError(message)

    return validate


def field_form(
    name: str,
    field: forms.Field,
    *,
    error: str | None = None,
    value: Any = None,
) -> forms.Form:
    """A form with one field named like the fixture, ids as GOV.UK makes them (`auto_id`
    "%s"), no `required` attribute (the fixtures have none) and, when asked, the
    fixture's error message or value."""
    form_class = type("FixtureForm", (forms.Form,), {name: field})
    kwargs: dict[str, Any] = {"auto_id": "%s", "use_required_attribute": False}
    if error:
        field.error_messages["required"] = error
        field.validators.append(_always_invalid(error))
        data = MultiValueDict()
        if value is not None:
            data.setlist(name, value if isinstance(value, list) else [value])
        return form_class(data=data, **kwargs)
    if value is not None:
        return form_class(initial={name: value}, **kwargs)
    return form_class(**kwargs)


def _text(options: dict[str, Any], key: str) -> str:
    return (options.get(key) or {}).get("text", "")


def _error(options: dict[str, Any]) -> str | None:
    return _text(options, "errorMessage") or None


def _render_field(options: dict[str, Any], field: forms.Field, value: Any = None) -> str:
    form = field_form(options["name"], field, error=_error(options), value=value)
    return form[options["name"]].as_field_group()


def _widget_attrs(options: dict[str, Any], id_key: str = "id") -> dict[str, str]:
    attrs = {"id": options.get(id_key) or options["name"]}
    if options.get("classes"):
        attrs["class"] = options["classes"]
    return attrs


def _choices(options: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(item["value"]), item["text"]) for item in options.get("items", [])]


def _checked(options: dict[str, Any], key: str) -> list[str]:
    return [str(item["value"]) for item in options.get("items", []) if item.get(key)]


# ---------------------------------------------------------------------------------------
# Form fields (templates/django/forms/)
# ---------------------------------------------------------------------------------------


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example",
    ["default", "with hint text", "with error message", "with error and hint"],
)
def test_text_input_matches_govuk_input(example):
    options, expected = fixture("input", example)
    field = forms.CharField(
        label=_text(options, "label"),
        help_text=_text(options, "hint"),
        widget=forms.TextInput(attrs=_widget_attrs(options)),
    )

    assert_same_markup(_render_field(options, field), expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["with width-10 class", "with width-2 class"])
def test_text_input_keeps_width_classes(example):
    options, expected = fixture("input", example)
    field = forms.CharField(
        label=_text(options, "label"),
        help_text=_text(options, "hint"),
        widget=forms.TextInput(attrs=_widget_attrs(options)),
    )

    assert_same_markup(_render_field(options, field), expected)


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example",
    ["default", "with hint", "with error message", "with hint and error message"],
)
def test_textarea_matches_govuk_textarea(example):
    options, expected = fixture("textarea", example)
    field = forms.CharField(
        label=_text(options, "label"),
        help_text=_text(options, "hint"),
        widget=forms.Textarea(attrs=_widget_attrs(options)),
    )

    assert_same_markup(_render_field(options, field), expected)


@needs_govuk_frontend
def test_textarea_with_value_matches_govuk_textarea():
    options, expected = fixture("textarea", "with default value")
    field = forms.CharField(
        label=_text(options, "label"), widget=forms.Textarea(attrs=_widget_attrs(options))
    )

    assert_same_markup(_render_field(options, field, value=options["value"]), expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["hint", "error", "with hint text and error message"])
def test_select_matches_govuk_select(example):
    options, expected = fixture("select", example)
    field = forms.ChoiceField(
        label=_text(options, "label"),
        help_text=_text(options, "hint"),
        choices=_choices(options),
        widget=forms.Select(attrs=_widget_attrs(options)),
    )

    assert_same_markup(_render_field(options, field), expected)


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example",
    [
        "default",
        "with hint",
        "inline",
        "with hint and error message",
        "with fieldset and error message",
    ],
)
def test_radio_select_matches_govuk_radios(example):
    options, expected = fixture("radios", example)
    field = forms.ChoiceField(
        label=options["fieldset"]["legend"]["text"],
        help_text=_text(options, "hint"),
        choices=_choices(options),
        widget=forms.RadioSelect(attrs=_widget_attrs(options, id_key="idPrefix")),
    )
    checked = _checked(options, "checked")

    rendered = _render_field(options, field, value=checked[0] if checked else None)

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["default", "with hint", "with error message and hint"])
def test_checkbox_select_matches_govuk_checkboxes(example):
    options, expected = fixture("checkboxes", example)
    field = forms.MultipleChoiceField(
        label=options["fieldset"]["legend"]["text"],
        help_text=_text(options, "hint"),
        choices=_choices(options),
        widget=forms.CheckboxSelectMultiple(attrs=_widget_attrs(options, id_key="idPrefix")),
    )

    assert_same_markup(_render_field(options, field), expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["default", "with hint text", "with error message and hint"])
def test_file_input_matches_govuk_file_upload(example):
    options, expected = fixture("file-upload", example)
    field = forms.FileField(
        label=_text(options, "label"),
        help_text=_text(options, "hint"),
        widget=forms.FileInput(attrs=_widget_attrs(options)),
    )

    assert_same_markup(_render_field(options, field), expected)


def test_optional_field_label_says_optional():
    form = field_form("notes", forms.CharField(label="Notes", required=False))

    label = find_element(parse_html(form["notes"].as_field_group()), "label", "govuk-label")

    assert label is not None
    assert label.children == ["Notes (optional)"]


def test_single_checkbox_renders_as_govuk_checkbox_item():
    field = forms.BooleanField(label="I have read the papers", help_text="All of them")
    form = field_form("read", field, error="Confirm you have read the papers")

    html = form["read"].as_field_group()

    assert_same_markup(
        html,
        """
        <div class="govuk-form-group govuk-form-group--error">
          <p id="read-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> Confirm you have read the papers
          </p>
          <div class="govuk-checkboxes" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input type="checkbox" name="read" class="govuk-checkboxes__input" id="read"
                aria-describedby="read-hint read-error">
              <label class="govuk-label govuk-checkboxes__label" for="read">
                I have read the papers
              </label>
              <div id="read-hint" class="govuk-hint govuk-checkboxes__hint">All of them</div>
            </div>
          </div>
        </div>
        """,
    )


def test_label_as_page_heading():
    field = forms.CharField(label="What is the meeting called?")
    field.govuk_label_size = "l"
    field.govuk_page_heading = True
    form = field_form("title", field)

    html = form["title"].as_field_group()

    assert_same_markup(
        html,
        """
        <div class="govuk-form-group">
          <h1 class="govuk-label-wrapper">
            <label class="govuk-label govuk-label--l" for="title">
              What is the meeting called?
            </label>
          </h1>
          <input type="text" name="title" class="govuk-input" id="title">
        </div>
        """,
    )


def test_form_renders_every_field_as_a_govuk_form_group():
    class MeetingForm(forms.Form):
        title = forms.CharField(label="Title")
        venue = forms.CharField(label="Venue", required=False)
        body = forms.ChoiceField(label="Body", choices=[("board", "Board")])
        token = forms.CharField(widget=forms.HiddenInput)

    form = MeetingForm(data={"title": "", "body": "board", "token": "x"})

    html = str(form)

    assert html.count('class="govuk-form-group') == 3
    assert '<p id="id_title-error" class="govuk-error-message">' in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'class="govuk-select"' in html
    assert '<input type="hidden" name="token" value="x" id="id_token">' in html
    assert "aria-invalid" not in html


# ---------------------------------------------------------------------------------------
# Components (templates/components/)
# ---------------------------------------------------------------------------------------


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example",
    ["default", "without links", "mixed with and without links", "with everything"],
)
def test_error_summary_matches_govuk_error_summary(example):
    options, expected = fixture("error-summary", example)
    field_errors = [item for item in options["errorList"] if item.get("href")]
    other_errors = [item["text"] for item in options["errorList"] if not item.get("href")]

    attrs: dict[str, Any] = {}
    for number, item in enumerate(field_errors):
        attrs[f"field_{number}"] = forms.CharField(
            widget=forms.TextInput(attrs={"id": item["href"].removeprefix("#")}),
            error_messages={"required": item["text"]},
        )

    def clean(self):
        if other_errors:
            raise ValidationError(other_errors)
        return self.cleaned_data

    attrs["clean"] = clean
    form = type("SummaryForm", (forms.Form,), attrs)(data={})

    rendered = render_to_string(
        "components/error_summary.html",
        {
            "form": form,
            "title": options["titleText"],
            "description": options.get("descriptionText", ""),
        },
    )

    assert_same_markup(rendered, expected)


def test_error_summary_is_empty_without_errors():
    form = field_form("name", forms.CharField())

    assert render_to_string("components/error_summary.html", {"form": form}).strip() == ""


def test_error_summary_links_radios_to_their_first_input():
    field = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    form = field_form("choice", field, error="Select an option")

    html = render_to_string("components/error_summary.html", {"form": form})
    field_html = form["choice"].as_field_group()

    assert '<a href="#choice">Select an option</a>' in html
    assert 'id="choice"' in field_html


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example", ["default", "grey", "turquoise", "green", "purple", "pink", "red", "orange"]
)
def test_tag_matches_govuk_tag(example):
    options, expected = fixture("tag", example)

    rendered = render_to_string(
        "components/tag.html", {"text": options["text"], "classes": options.get("classes", "")}
    )

    assert_same_markup(rendered, expected)


@pytest.mark.parametrize(
    ("rag", "colour"),
    [("red", "red"), ("amber", "orange"), ("green", "green"), ("none", "grey")],
)
def test_rag_tag_has_colour_and_greyscale_classes(rag, colour):
    rendered = render_to_string("components/tag.html", {"text": "Status", "rag": rag})

    assert_same_markup(
        rendered,
        f'<strong class="govuk-tag govuk-tag--{colour} csp-rag csp-rag--{rag}">Status</strong>',
    )


def _summary_rows(options: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for row in options["rows"]:
        value = row["value"]
        rows.append(
            {
                "key": row["key"]["text"],
                # The fixture's HTML values are trusted test data.
                "value": mark_safe(value["html"]) if "html" in value else value["text"],  # noqa: S308
                "actions": [
                    {
                        "href": action["href"],
                        "text": action["text"],
                        "visually_hidden_text": action.get("visuallyHiddenText", ""),
                    }
                    for action in row.get("actions", {}).get("items", [])
                ],
            }
        )
    return rows


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["default", "with actions", "with some actions"])
def test_summary_list_matches_govuk_summary_list(example):
    options, expected = fixture("summary-list", example)

    rendered = render_to_string("components/summary_list.html", {"rows": _summary_rows(options)})

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example",
    [
        "default",
        "with one level",
        "with last breadcrumb as current page",
        "with collapse on mobile",
        "custom label",
    ],
)
def test_breadcrumbs_match_govuk_breadcrumbs(example):
    options, expected = fixture("breadcrumbs", example)
    context = {
        "items": options["items"],
        "collapse_on_mobile": options.get("collapseOnMobile", False),
        "label": options.get("labelText", ""),
    }

    rendered = render_to_string("components/breadcrumbs.html", context)

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize(
    "example", ["default", "with type as success", "custom title", "custom title id"]
)
def test_notification_banner_matches_govuk_notification_banner(example):
    options, expected = fixture("notification-banner", example)
    context = {
        "text": options["text"],
        "type": options.get("type", ""),
        "title": options.get("titleText", ""),
        "title_id": options.get("titleId", ""),
    }

    rendered = render_to_string("components/notification_banner.html", context)

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["default", "id", "classes"])
def test_inset_text_matches_govuk_inset_text(example):
    options, expected = fixture("inset-text", example)
    context = {
        "text": options["text"],
        "id": options.get("id", ""),
        "classes": options.get("classes", ""),
    }

    rendered = render_to_string("components/inset_text.html", context)

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["default", "icon fallback text only"])
def test_warning_text_matches_govuk_warning_text(example):
    options, expected = fixture("warning-text", example)
    context = {
        "text": options.get("text", ""),
        "icon_fallback_text": options.get("iconFallbackText", ""),
    }

    rendered = render_to_string("components/warning_text.html", context)

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize("example", ["default", "secondary", "warning", "prevent double click"])
def test_button_matches_govuk_button(example):
    options, expected = fixture("button", example)
    context = {
        "text": options["text"],
        "classes": options.get("classes", ""),
        "name": options.get("name", ""),
        "prevent_double_click": options.get("preventDoubleClick", False),
    }

    rendered = render_to_string("components/button.html", context)

    assert_same_markup(rendered, expected)


@needs_govuk_frontend
@pytest.mark.parametrize(
    ("example", "page_count", "on_each_side"),
    [
        ("default", 3, None),
        ("first page", 3, None),
        ("last page", 3, None),
        ("with many pages", 40, 2),
    ],
)
def test_pagination_matches_govuk_pagination(example, page_count, on_each_side):
    options, expected = fixture("pagination", example)
    current = next(item["number"] for item in options["items"] if item.get("current"))
    page = Paginator(range(page_count), per_page=1).page(current)
    # The fixture's links are /page/N, /previous and /next; ours keep the query string.
    expected = re.sub(r'href="/page/(\d+)"', r'href="?page=\1"', expected)
    expected = expected.replace('href="/previous"', f'href="?page={current - 1}"')
    expected = expected.replace('href="/next"', f'href="?page={current + 1}"')
    context = {"page": page}
    if on_each_side:
        context["on_each_side"] = on_each_side

    rendered = render_to_string(
        "components/pagination.html", context, request=RequestFactory().get("/")
    )

    assert_same_markup(rendered, expected)


def test_pagination_keeps_other_query_parameters():
    page = Paginator(range(30), per_page=10).page(2)
    request = RequestFactory().get("/", {"status": "open", "page": "2"})

    html = render_to_string("components/pagination.html", {"page": page}, request=request)

    assert 'href="?status=open&amp;page=3"' in html


def test_pagination_is_empty_for_a_single_page():
    page = Paginator(range(3), per_page=10).page(1)

    html = render_to_string(
        "components/pagination.html", {"page": page}, request=RequestFactory().get("/")
    )

    assert html.strip() == ""


def test_table_wraps_in_a_scrollable_region():
    html = render_to_string(
        "components/table.html",
        {
            "caption": "Attendance",
            "head": ["Organisation", {"text": "Meetings", "numeric": True}],
            "rows": [["Police", {"text": "4", "numeric": True}]],
            "first_cell_is_header": True,
        },
    )

    assert_same_markup(
        html,
        """
        <div class="csp-table-wrapper" role="region" aria-label="Attendance" tabindex="0">
          <table class="govuk-table">
            <caption class="govuk-table__caption">Attendance</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Organisation</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  Meetings
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">Police</th>
                <td class="govuk-table__cell govuk-table__cell--numeric">4</td>
              </tr>
            </tbody>
          </table>
        </div>
        """,
    )


# ---------------------------------------------------------------------------------------
# The page template and error pages
# ---------------------------------------------------------------------------------------


PAGE = """{% extends "base.html" %}
{% block title %}Home{% endblock %}
{% block content %}<h1 class="govuk-heading-xl">A page</h1>{% endblock %}"""


def _render_base(**context: Any) -> str:
    request = RequestFactory().get("/")
    request.csp_nonce = "test-nonce"
    return engines["django"].from_string(PAGE).render(context, request=request)


@needs_govuk_frontend
@pytest.mark.urls(__name__)
def test_header_is_the_govuk_generic_header():
    options, expected = fixture("generic-header", "custom url")
    expected = expected.replace(options["logoText"], "Safer Bromley Partnership")
    expected = expected.replace(options["url"], "/p/bromley/")

    html = _render_base(
        partnership=SimpleNamespace(name="Safer Bromley Partnership"),
        partnership_home_url="/p/bromley/",
    )

    header = find_element(parse_html(html), "div", "govuk-generic-header")
    assert header == parse_html(expected), f"\n--- ours\n{header}\n--- GOV.UK\n{expected}"


@pytest.mark.urls(__name__)
def test_base_page_structure():
    html = _render_base(
        nav_items=[
            {"text": "Meetings", "href": "/meetings/", "current": True},
            {"text": "Actions", "href": "/actions/"},
        ],
        breadcrumbs=[{"text": "Home", "href": "/"}, {"text": "Meetings"}],
    )

    assert '<html lang="en-GB" class="govuk-template">' in html
    assert "<title>Home – CSP Hub</title>" in html
    assert '<script nonce="test-nonce">' in html
    assert 'href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert 'aria-current="page"' in html
    assert '<strong class="govuk-service-navigation__active-fallback">Meetings</strong>' in html
    assert 'class="govuk-breadcrumbs"' in html
    assert 'href="/accounts/sign-in/"' in html
    assert html.count("<h1") == 1
    assert "/static/csphub/favicon.svg" in html
    assert '<script type="module" src="/static/csphub/init.mjs"></script>' in html
    # No GOV.UK brand, no inline styles (our CSP forbids them).
    assert "govuk-header" not in html
    assert "crown" not in html.lower()
    assert "style=" not in html
    assert "CSP Hub" in html


@pytest.mark.urls(__name__)
def test_base_links_the_partnership_stylesheet_only_when_given():
    assert "/brand.css" not in _render_base()

    html = _render_base(brand_css_url="/p/bromley/brand.css")

    assert '<link rel="stylesheet" href="/p/bromley/brand.css">' in html


@pytest.mark.urls(__name__)
def test_base_signed_in_user_gets_a_sign_out_form():
    user = SimpleNamespace(is_authenticated=True, get_full_name="Jane Smith", get_username="jsmith")

    html = _render_base(user=user)

    assert "Jane Smith" in html
    assert '<form class="csp-user-area__form" method="post" action="/accounts/sign-out/">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">Sign out</button>" in html


@pytest.mark.urls(__name__)
def test_base_renders_messages_as_notification_banners():
    messages = [
        Message(message_levels.SUCCESS, "Minutes approved"),
        Message(message_levels.INFO, "Papers go out on Friday"),
    ]

    html = _render_base(messages=messages)

    assert "govuk-notification-banner--success" in html
    assert 'role="alert" aria-labelledby="message-1-title"' in html
    assert 'role="region" aria-labelledby="message-2-title"' in html
    assert "Minutes approved" in html
    assert "Papers go out on Friday" in html


@pytest.mark.urls(__name__)
def test_base_title_says_error_when_the_form_has_errors():
    form = field_form("name", forms.CharField(), error="Enter a name")

    html = _render_base(form=form)

    assert "<title>Error: Home – CSP Hub</title>" in html


@pytest.mark.urls(__name__)
def test_not_found_page_uses_base_and_sends_the_csp_nonce(client):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
    nonce = re.search(r'<script nonce="([^"]+)">', html).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("template_name", ["400.html", "403.html", "404.html"])
@pytest.mark.urls(__name__)
def test_error_pages_have_one_heading(template_name):
    request = RequestFactory().get("/")
    request.csp_nonce = "n"

    html = render_to_string(template_name, {}, request=request)

    assert html.count("<h1") == 1


def test_server_error_page_needs_no_request():
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "<script" not in html


# ---------------------------------------------------------------------------------------
# Template tag helpers
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "expected"),
    [("0", "x"), ("1", "x-2"), ("9", "x-10"), ("0_0", "x"), ("1_2", "x-2-3")],
)
def test_govuk_item_id(index, expected):
    assert govuk_item_id("x", index) == expected


def test_govuk_item_id_without_base_id():
    assert govuk_item_id("", "3") == ""


# ---------------------------------------------------------------------------------------
# Built assets (scripts/build-static.sh)
# ---------------------------------------------------------------------------------------


def test_compiled_css_has_our_fonts_and_no_gov_uk_brand():
    css_path = STATIC_OUT / "main.css"
    if not css_path.exists():
        if not (PROJECT_DIR / "node_modules").is_dir():
            pytest.skip("node_modules is absent: run `npm ci && bash scripts/build-static.sh`")
        pytest.fail("csphub/static/csphub/main.css is missing: run `bash scripts/build-static.sh`")

    css = css_path.read_text("utf-8")

    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
    assert "var(--csp-brand" in css
    assert "url(" not in css, "main.css must not reference files we do not ship"
    for name in ("govuk-frontend.min.js", "init.mjs", "favicon.svg"):
        assert (STATIC_OUT / name).exists(), f"{name} missing: run scripts/build-static.sh"
    assert not list(STATIC_OUT.glob("**/*crest*")) and not list(STATIC_OUT.glob("**/*crown*"))
