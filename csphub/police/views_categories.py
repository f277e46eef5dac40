"""The crime categories and the mapping table from publishers' labels, at /categories/.

Anyone may read how figures are counted; only a site administrator changes the mapping
(police data is shared by every partnership, so it belongs to no partnership's secretariat).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csphub.accounts.decorators import login_first
from csphub.accounts.permissions import ensure_site_admin, is_site_admin
from csphub.core.forms import attempt

from . import selectors, services
from .forms import MappingForm
from .models import CategoryMapping

SOURCES = dict(CategoryMapping.Source.choices)


@require_GET
def category_list(request: HttpRequest) -> HttpResponse:
    source = request.GET.get("source", "")
    if source not in SOURCES:
        source = ""
    rows = [
        {"mapping": m, "era": selectors.era(m), "source": SOURCES[m.source]}
        for m in selectors.mappings_of(source)
    ]
    return render(
        request,
        "police/categories.html",
        {
            "categories": selectors.categories_with_counts(),
            "rows": rows,
            "sources": SOURCES,
            "source": source,
            "can_edit": is_site_admin(request.user),
            "breadcrumbs": [
                {"text": "Home", "href": reverse("core:home")},
                {"text": "Crime categories", "href": ""},
            ],
        },
    )


def _form_page(request, form, *, title, cancel, delete_url=""):
    return render(
        request,
        "police/mapping_form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel,
            "delete_url": delete_url,
            "breadcrumbs": [
                {"text": "Home", "href": reverse("core:home")},
                {"text": "Crime categories", "href": cancel},
                {"text": title, "href": ""},
            ],
        },
    )


@login_first
@require_http_methods(["GET", "POST"])
def mapping_new(request: HttpRequest) -> HttpResponse:
    ensure_site_admin(request.user)
    form = MappingForm(request.POST or None, initial={"source": request.GET.get("source", "")})
    back = reverse("categories:list")
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.mapping_create(actor=request.user, **form.cleaned_data))
    ):
        messages.success(request, "Mapping added. It applies from the next import.")
        return redirect(back)
    return _form_page(request, form, title="Add a mapping", cancel=back)


@login_first
@require_http_methods(["GET", "POST"])
def mapping_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_site_admin(request.user)
    mapping = get_object_or_404(CategoryMapping, pk=pk)
    form = MappingForm(request.POST or None, initial=MappingForm.initial_from(mapping))
    back = reverse("categories:list")
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.mapping_update(
                actor=request.user, mapping=mapping, data=form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Mapping saved. It applies from the next import.")
        return redirect(back)
    return _form_page(
        request,
        form,
        title="Edit the mapping",
        cancel=back,
        delete_url=reverse("categories:mapping_delete", args=[mapping.pk]),
    )


@login_first
@require_POST
def mapping_delete(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_site_admin(request.user)
    mapping = get_object_or_404(CategoryMapping, pk=pk)
    services.mapping_delete(actor=request.user, mapping=mapping)
    messages.success(request, "Mapping removed. Imports will refuse that label until it has one.")
    return redirect("categories:list")
