"""The audit log page: who changed what, when, from what to what. Secretariat only."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from csphub.accounts.decorators import login_first
from csphub.audit import selectors

from .pages import crumbs, manage_page

PER_PAGE = 50


class AuditFilterForm(forms.Form):
    verb = forms.ChoiceField(required=False, label="What was done")
    object_type = forms.ChoiceField(required=False, label="Type of record")

    def __init__(self, *args, verbs: list[str], object_types: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", "Anything"), *((v, v) for v in verbs)]
        self.fields["object_type"].choices = [
            ("", "Any record"),
            *((t, selectors.object_type_label(t)) for t in object_types),
        ]


@login_first
@require_GET
def log(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    partnership = page.partnership
    form = AuditFilterForm(
        request.GET,
        verbs=selectors.audit_verbs_of(partnership),
        object_types=selectors.audit_object_types_of(partnership),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_of(
        partnership, verb=filters.get("verb", ""), object_type=filters.get("object_type", "")
    )
    page_obj = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "event": event,
            "object_type": selectors.object_type_label(event.object_type),
            "changes": selectors.audit_changes(event),
        }
        for event in page_obj
    ]
    context = page.context(
        "audit",
        form=form,
        page_obj=page_obj,
        rows=rows,
        breadcrumbs=crumbs(page, ("Audit log", "")),
    )
    return render(request, "partnerships/audit_log.html", context)
