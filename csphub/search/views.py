"""The search page of a partnership: the form, and a page of permitted results."""

from __future__ import annotations

from functools import cache

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from csphub.partnerships.pages import partnership_page
from csphub.partnerships.selectors import bodies_of

from .forms import SearchForm
from .selectors import search

PER_PAGE = 20


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 10_000 else 1


@require_GET
def search_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    bodies = [(b.slug, b.name) for b in bodies_of(page.partnership)]
    form = SearchForm(request.GET or None, bodies=bodies)

    @cache
    def results():  # noqa: ANN202 - local helper
        """The search, run only when the page's cached fragment is not there (decision 0030)."""
        found = page_obj = None
        if form.is_valid() and form.cleaned_data["q"].strip():
            data = form.cleaned_data
            number = _page_number(request.GET.get("page"))

            def run(n: int):  # noqa: ANN202 - local helper
                return search(
                    page.partnership,
                    page.viewer,
                    data["q"],
                    body=data["body"] or None,
                    date_from=data["from"],
                    date_to=data["to"],
                    limit=PER_PAGE,
                    offset=(n - 1) * PER_PAGE,
                )

            found = run(number)
            page_obj = Paginator(range(found.total), PER_PAGE).get_page(number)
            if found.total and page_obj.number != number:
                found = run(page_obj.number)
        names = dict(bodies)
        rows = [(r, names.get(r.body, r.body)) for r in found.results] if found else []
        return found, page_obj, rows

    # The page's title, outside the cached fragment: the words asked for and the page number
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = page.context(
        "search",
        title="Search",
        form=form,
        query=query,
        page_number=_page_number(request.GET.get("page")) if query else 1,
        found=SimpleLazyObject(lambda: results()[0]),
        rows=SimpleLazyObject(lambda: results()[2]),
        page_obj=SimpleLazyObject(lambda: results()[1]),
    )
    return render(request, "search/search.html", context)
