"""Initials to match: Action-by initials that named nobody, or more than one person, for
the secretariat to say whom they mean; the action is then created (decision 0019)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csphub.accounts.decorators import login_first
from csphub.partnerships.models import Organisation, Person
from csphub.partnerships.pages import crumbs, manage_page

from . import selectors, services


def _owner(value: str, people: dict[int, Person], orgs: dict[int, Organisation]):
    """ "person:12" / "organisation:3" -> the person or organisation, if of this partnership."""
    kind, _, pk = value.partition(":")
    table: dict = people if kind == "person" else orgs if kind == "organisation" else {}
    return table.get(int(pk)) if pk.isdigit() else None


@login_first
@require_http_methods(["GET", "POST"])
def initials(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    rows = selectors.initials_to_match(page.partnership)
    people = {p.pk: p for p in Person.objects.filter(partnership=page.partnership).order_by("name")}
    orgs = {
        o.pk: o for o in Organisation.objects.filter(partnership=page.partnership).order_by("name")
    }
    errors: dict[int, str] = {}
    if request.method == "POST":
        row = next((r for r in rows if str(r.pk) == request.POST.get("row", "")), None)
        if row is None:
            raise Http404("Not found.")
        chosen = {}
        for i, entry in enumerate(row.unmatched):
            owner = _owner(request.POST.get(f"owner_{row.pk}_{i}", ""), people, orgs)
            if owner is not None:
                chosen[entry["initials"]] = owner
        try:
            action = services.initials_match(actor=request.user, to_match=row, chosen=chosen)
        except ValidationError as exc:
            errors[row.pk] = " ".join(exc.messages)
        else:
            messages.success(
                request,
                f"Action created for {row.group} (minute {row.minute.label}).",
            )
            if len(rows) == 1:  # nothing left to match: show the action just made
                return redirect("actions:detail", slug, action.pk)
            return redirect("actions:initials", slug)
    return render(
        request,
        "actions/initials.html",
        page.context(
            "actions",
            rows=rows,
            people=list(people.values()),
            organisations=list(orgs.values()),
            errors=errors,
            breadcrumbs=crumbs(
                page, ("Actions", reverse("actions:log", args=[slug])), ("Initials to match", "")
            ),
        ),
        status=400 if errors else 200,
    )
