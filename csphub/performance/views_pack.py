"""The crime data pack page of a partnership, and its downloads (public: it is open data)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from csphub.core.forms import attempt
from csphub.core.viewing import login_first, manage_page, partnership_page
from csphub.documents.render import render as render_document
from csphub.documents.render_html import render_html
from csphub.meetings.views.public import _style_hashes

from . import calculations as calc
from . import pack as packs
from .forms import PackAttachForm
from .pack_papers import PackNotReady, attachable_items
from .services import pack_attach

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
    pack = (
        packs.crime_pack(area, to, partnership=page.partnership)
        if area and to and not error
        else None
    )
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
        attach_url=reverse("crime_pack:attach", args=[slug])
        + (f"?to={calc.month_key(to)}" if to and not error else ""),
        monitor_text=packs.MONITOR_TEXT,
        indicator_text=packs.INDICATOR_TEXT,
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


@login_first
@require_http_methods(["GET", "POST"])
def pack_attach_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat attaches the pack (as a PDF) to an agenda item of a meeting."""
    from csphub.meetings.views.public import meeting_url

    page = manage_page(request, slug)
    area = packs.area_for_partnership(page.partnership)
    items = attachable_items(page.partnership)
    initial = {"to": request.GET.get("to", ""), "paper": "a4"}
    performance = next(
        (i for i in items if "performance" in i.title.casefold() and i.parent_id is None), None
    )
    if performance is not None:
        initial["item"] = performance.pk
    form = PackAttachForm(request.POST or None, items=items, initial=initial)
    attached = []
    if request.method == "POST" and area is not None and form.is_valid():
        data = form.cleaned_data

        def attach():
            try:
                attached.append(
                    pack_attach(
                        actor=request.user,
                        item=data["item"],
                        area=area,
                        to=data["to"],
                        paper=data["paper"],
                    )
                )
            except PackNotReady as exc:
                from django.core.exceptions import ValidationError

                raise ValidationError({"to": str(exc)}) from None

        if attempt(form, attach):
            meeting = data["item"].meeting
            messages.success(request, f"Attached “{attached[0].title}” to {meeting}.")
            return redirect(meeting_url(meeting, "meetings:agenda"))
    pack_url = reverse("crime_pack:pack", args=[slug])
    return render(
        request,
        "performance/indicator_form.html",
        page.context(
            "crime_pack",
            form=form,
            title="Attach the pack to a meeting",
            caption=f"Crime data pack: {area.name}" if area else "Crime data pack",
            intro="The pack is saved as a PDF paper of the agenda item, as it stands now. "
            "Attaching the same month's pack to the same item again replaces it."
            if area
            else "No police crime data has been imported for this partnership's area.",
            button="Attach the pack",
            cancel_url=pack_url,
            upload=False,
            breadcrumbs=[
                {
                    "text": page.partnership.name,
                    "href": reverse("partnerships:home", args=[slug]),
                },
                {"text": "Crime data pack", "href": pack_url},
                {"text": "Attach to a meeting", "href": ""},
            ],
        ),
    )
