"""Indicator pages: the list by owning body, an indicator with its observations, and the
secretariat's forms (indicator, one observation, an upload of many). Views stay thin: each
POST calls one service; a refusal comes back into the form with the GOV.UK error summary.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods

from csphub.accounts.decorators import login_first
from csphub.core.forms import attempt
from csphub.partnerships.pages import PartnershipPage, crumbs, manage_page, partnership_page

from . import calculations as calc
from . import figures as ind
from . import services
from .forms import IndicatorForm, ObservationForm, ObservationUploadForm
from .periods import period_choice
from .uploads import UploadError


def _crumbs(page: PartnershipPage, *trail: tuple[str, str]) -> list[dict[str, str]]:
    """Breadcrumbs under the partnership's indicators list."""
    indicators = reverse("performance:indicators", args=[page.partnership.slug])
    return crumbs(page, ("Indicators", indicators), *trail)


def _form(
    request: HttpRequest,
    page: PartnershipPage,
    form,
    *,
    title,
    crumbs,
    cancel,
    button="Save",
    caption="",
    intro="",
    upload=False,
):
    return render(
        request,
        "performance/indicator_form.html",
        page.context(
            "",
            form=form,
            title=title,
            caption=caption,
            intro=intro,
            button=button,
            cancel_url=cancel,
            upload=upload,
            breadcrumbs=[*crumbs, {"text": title, "href": ""}],
        ),
    )


@require_GET
def indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    period = period_choice(page.partnership, request.GET.get("to", ""))
    # Worked out only when the page's cached fragment is not there (decision 0030)
    groups = SimpleLazyObject(lambda: _groups(page.partnership, period.to, slug))
    to = period.to
    return render(
        request,
        "performance/indicator_list.html",
        page.context(
            "performance",
            groups=groups,
            period=period,
            to_label=calc.fytd_label(to) if to else "",
            new_url=reverse("performance:indicator_new", args=[slug]),
            upload_url=reverse("performance:observation_upload", args=[slug]),
            breadcrumbs=_crumbs(page)[:-1] + [{"text": "Indicators", "href": ""}],
        ),
    )


def _groups(partnership, to, slug: str) -> list[dict]:
    if to:
        figures = ind.indicator_figures(partnership, to)
    else:  # no data yet, or a month that cannot be read: the indicators, without figures
        figures = [
            ind.IndicatorFigure(indicator=i, to=None) for i in ind.indicators_of(partnership)
        ]
    return [
        {
            "body": group.body,
            "rows": [
                {
                    "figure": f,
                    "url": reverse("performance:indicator", args=[slug, f.indicator.pk]),
                }
                for f in group.figures
            ],
        }
        for group in ind.figures_by_body(figures)
    ]


@require_GET
def indicator_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = partnership_page(request, slug)
    indicator = ind.indicator_get(page.partnership, pk, page.viewer)
    period = period_choice(page.partnership, request.GET.get("to", ""))
    figure = SimpleLazyObject(
        lambda: (
            ind.indicator_figure(page.partnership, indicator, period.to)
            if period.to
            else ind.IndicatorFigure(indicator=indicator, to=None)
        )
    )
    return render(
        request,
        "performance/indicator_detail.html",
        page.context(
            "",
            indicator=indicator,
            figure=figure,
            period=period,
            summary=_summary(indicator),
            head=OBSERVATION_HEAD,
            rows=SimpleLazyObject(
                lambda: _observation_rows(ind.observations_of(indicator, page.viewer))
            ),
            to_label=lambda: calc.fytd_label(figure.to) if figure.to else "",
            edit_url=reverse("performance:indicator_edit", args=[slug, pk]),
            observation_url=reverse("performance:observation_new", args=[slug, pk]),
            breadcrumbs=_crumbs(page, (indicator.name, "")),
        ),
    )


OBSERVATION_HEAD = [
    "Month",
    "Area",
    {"text": "Value", "numeric": True},
    {"text": "Comparator", "numeric": True},
    "Source",
]


def _observation_rows(observations) -> list[list]:
    return [
        [
            calc.month_label(o.period),
            o.area.name if o.area else "Partnership area",
            {"text": calc.format_number(float(o.value)), "numeric": True},
            {
                "text": calc.format_number(float(o.comparator_value))
                if o.comparator_value is not None
                else "",
                "numeric": True,
            },
            o.source_note,
        ]
        for o in observations
    ]


def _summary(indicator) -> list[dict[str, str]]:
    """The indicator's definition, as the summary list at the top of its page shows it."""
    summary = [
        {"key": "Owning body", "value": indicator.owner.name},
        {"key": "Strategy priority", "value": indicator.priority or "Not recorded"},
        {"key": "Unit", "value": indicator.unit},
        {"key": "Polarity", "value": indicator.get_polarity_display()},
        {"key": "Annual target", "value": _annual_target(indicator)},
    ]
    quarters = indicator.quarterly_targets
    if quarters:
        summary.append(
            {
                "key": "Quarterly targets (pro rata)",
                "value": ", ".join(
                    f"Q{n} {calc.format_number(q)}" for n, q in enumerate(quarters, start=1)
                ),
            }
        )
    summary += [
        {
            "key": "Amber tolerance",
            "value": f"{calc.format_number(float(indicator.tolerance_pct))}%",
        },
        {
            "key": "Source",
            "value": indicator.get_source_display()
            + (f": {indicator.crime_category.name}" if indicator.crime_category else ""),
        },
        {
            "key": "Comparator",
            "value": indicator.comparator
            or (indicator.comparator_area.name if indicator.comparator_area else "None"),
        },
        {"key": "Denominator", "value": _denominator(indicator)},
        {"key": "Small numbers", "value": f"Under {indicator.small_number_threshold}"},
    ]
    if indicator.notes:
        summary.append({"key": "Notes", "value": indicator.notes})
    return summary


def _annual_target(indicator) -> str:
    if indicator.annual_target is None:
        return "None set"
    return calc.format_number(float(indicator.annual_target))


def _denominator(indicator) -> str:
    if indicator.denominator == "none":
        return "None"
    text = f"Rate {ind.rate_basis(indicator)}"
    if indicator.denominator_population:
        text += f", population {indicator.denominator_population:,}"
        if indicator.denominator_note:
            text += f" ({indicator.denominator_note})"
    return text


@login_first
@require_http_methods(["GET", "POST"])
def indicator_new(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = IndicatorForm(request.POST or None, partnership=page.partnership)
    created = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: created.append(
                services.indicator_create(
                    actor=request.user, partnership=page.partnership, **form.cleaned_data
                )
            ),
        )
    ):
        messages.success(request, f"Indicator '{created[0].name}' added.")
        return redirect("performance:indicator", slug, created[0].pk)
    return _form(
        request,
        page,
        form,
        title="Add an indicator",
        crumbs=_crumbs(page),
        cancel=reverse("performance:indicators", args=[slug]),
    )


@login_first
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    indicator = ind.indicator_get(page.partnership, pk, page.viewer)
    form = IndicatorForm(
        request.POST or None,
        partnership=page.partnership,
        initial=IndicatorForm.initial_from(indicator),
    )
    detail = reverse("performance:indicator", args=[slug, pk])
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.indicator_update(
                actor=request.user, indicator=indicator, data=form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Indicator saved.")
        return redirect(detail)
    return _form(
        request,
        page,
        form,
        title="Edit the indicator",
        caption=indicator.name,
        crumbs=_crumbs(page, (indicator.name, detail)),
        cancel=detail,
    )


@login_first
@require_http_methods(["GET", "POST"])
def observation_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    indicator = ind.indicator_get(page.partnership, pk, page.viewer)
    form = ObservationForm(request.POST or None)
    detail = reverse("performance:indicator", args=[slug, pk])
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.observation_record(
                actor=request.user, indicator=indicator, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Value recorded.")
        return redirect(detail)
    return _form(
        request,
        page,
        form,
        title="Record a value",
        caption=indicator.name,
        intro="A value already held for the same month and area is replaced.",
        crumbs=_crumbs(page, (indicator.name, detail)),
        cancel=detail,
    )


@login_first
@require_http_methods(["GET", "POST"])
def observation_upload(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = ObservationUploadForm(request.POST or None, request.FILES or None)
    back = reverse("performance:indicators", args=[slug])
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.observations_upload(
                actor=request.user,
                partnership=page.partnership,
                name=upload.name,
                data=upload.read(),
            )
        except UploadError as exc:
            for error in exc.errors:
                form.add_error("file", error)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(
                request,
                f"{result.rows} values uploaded "
                f"({result.created} new, {result.replaced} replaced).",
            )
            return redirect(back)
    return _form(
        request,
        page,
        form,
        title="Upload values",
        intro="The whole file is checked first: either every row is saved or none is. "
        "A value already held for the same indicator, month and area is replaced.",
        button="Upload",
        crumbs=_crumbs(page),
        cancel=back,
        upload=True,
    )
