"""The crime data pack page of a partnership, and its downloads (public: it is open data)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from csphub.core.viewing import partnership_page
from csphub.documents.render import render as render_document
from csphub.documents.render_html import render_html
from csphub.meetings.views.public import _style_hashes

from . import calculations as calc
from . import pack as packs

FORMATS = ("pdf", "docx", "csv", "html")
PAPERS = {"a4": "a4", "a3": "a3-landscape"}


def pack_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    area = packs.area_for_partnership(page.partnership)
    latest = packs.latest_month(area) if area else None
    to_text = request.GET.get("to", "")
    error = ""
    to = latest
    if to_text:
        try:
            to = calc.parse_month(to_text)
        except ValueError as exc:
            error = str(exc)
    fmt = request.GET.get("format", "")
    paper = request.GET.get("paper", "a4")
    if fmt and (fmt not in FORMATS or paper not in PAPERS):
        raise Http404("No such format.")
    pack = packs.crime_pack(area, to) if area and to and not error else None
    if fmt:
        if pack is None or not pack.has_data:
            raise Http404("No crime data for this month.")
        return _download(pack, page.partnership, fmt, PAPERS[paper])
    figures = ""
    if pack and pack.charts:
        # the renderer escapes text and cuts the SVG down to an allowlist
        figures = mark_safe(render_html(packs.figures_document(pack), standalone=False))  # noqa: S308
    context = page.context(
        "crime_pack",
        area=area,
        pack=pack,
        to_value=to_text or (calc.month_key(to) if to else ""),
        latest=calc.month_label(latest) if latest else "",
        error=error,
        figures=figures,
        formats=[
            ("pdf", "a4", "PDF (A4 portrait)"),
            ("pdf", "a3", "PDF (A3 landscape)"),
            ("docx", "a4", "Word (DOCX)"),
            ("csv", "a4", "CSV of every number"),
            ("html", "a4", "Printable web page"),
        ],
    )
    return render(request, "performance/pack.html", context)


def _download(pack: packs.PackData, partnership, fmt: str, paper: str) -> HttpResponse:
    name = f"{partnership.slug}-crime-pack-{calc.month_key(pack.to)}"
    if fmt == "csv":
        response = HttpResponse(packs.pack_csv(pack), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    document = packs.pack_document(pack, partnership=partnership)
    content, content_type, extension = render_document(document, fmt, paper=paper)
    suffix = "-a3" if paper == "a3-landscape" else ""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}{suffix}.{extension}"'
    if fmt == "html":
        response._csp_update = {"style-src": _style_hashes(content)}
    return response
