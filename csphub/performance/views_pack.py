"""The crime data pack page of a partnership, and its downloads (public: it is open data)."""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from csphub.accounts.decorators import login_first
from csphub.audit.actors import Actor
from csphub.audit.freshness import cached_response
from csphub.documents import registry
from csphub.documents.render_html import render_html
from csphub.documents.responses import registered_response
from csphub.meetings.links import meeting_url
from csphub.meetings.models import AgendaItem, Paper
from csphub.partnerships.pages import crumbs, form_page, manage_page, partnership_page, posted
from csphub.police.models import Area

from . import calculations as calc
from . import pack as packs
from . import pack_document
from .documents import LATEST, pack_subject
from .documents import NAME as PACK
from .forms import PackAttachForm
from .pack_papers import PackNotReady, attachable_items
from .periods import period_choice
from .services import pack_attach

NO_DATA = "No police crime data has been imported for this partnership's area."
ATTACH_INTRO = (
    "The pack is saved as a PDF paper of the agenda item, as it stands now. "
    "Attaching the same month's pack to the same item again replaces it."
)

PAPERS = {"a4": "a4", "a3": "a3-landscape"}
DOWNLOADS = (  # format, paper, label: what the page offers
    ("pdf", "a4", "PDF (A4 portrait)"),
    ("pdf", "a3", "PDF (A3 landscape)"),
    ("docx", "a4", "Word (DOCX)"),
    ("csv", "a4", "CSV of every number"),
    ("html", "a4", "Printable web page"),
)


def pack_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = partnership_page(request, slug)
    if request.GET.get("format"):
        return _moved(request, slug)
    area = packs.area_for_partnership(page.partnership)
    period = period_choice(page.partnership, request.GET.get("to", ""), area) if area else None
    to = period.to if period else None
    # Callables the template calls, each worked out once and only when the page's cached
    # fragment is not there (decision 0030)
    built = cache(
        lambda: packs.crime_pack(area, to, partnership=page.partnership) if area and to else None
    )
    context = page.context(
        "crime_pack",
        area=area,
        pack=SimpleLazyObject(built),
        period=period,
        no_data=cache(lambda: packs.no_data_text(area, to) if area and to else ""),
        figures=cache(lambda: _figures(built())),
        attach_url=reverse("crime_pack:attach", args=[slug])
        + (f"?to={calc.month_key(to)}" if to else ""),
        monitor_text=pack_document.MONITOR_TEXT,
        indicator_text=pack_document.INDICATOR_TEXT,
        downloads=cache(lambda: _downloads(slug, built())),
    )
    return render(request, "performance/pack.html", context)


def _figures(pack: packs.PackData | None) -> str:
    if not (pack and pack.charts):
        return ""
    # the renderer escapes text and cuts the SVG down to the one allowlist (documents.svg)
    return mark_safe(render_html(pack_document.figures_document(pack), standalone=False))  # noqa: S308


def _downloads(slug: str, pack: packs.PackData | None) -> list[tuple[str, str]]:
    if pack is None:
        return []
    month = calc.month_key(pack.to)
    return [(download_url(slug, month, paper, fmt), label) for fmt, paper, label in DOWNLOADS]


def download_url(slug: str, month: str, paper: str, fmt: str) -> str:
    kwargs = {"slug": slug, "month": month, "paper": paper, "fmt": fmt}
    return reverse("crime_pack:download", kwargs=kwargs)


def _moved(request: HttpRequest, slug: str) -> HttpResponse:
    """``?to=2017-07&format=pdf&paper=a3`` links, published before each download had its
    own address (``2017-07-a3.pdf``), move there for good."""
    fmt, paper = request.GET["format"], request.GET.get("paper", "a4")
    month = request.GET.get("to", "") or LATEST
    if fmt not in registry.get(PACK).formats or paper not in PAPERS:
        raise Http404("No such format.")
    try:
        return redirect(download_url(slug, month, paper, fmt), permanent=True)
    except NoReverseMatch:  # not a month: as before, there is no pack to download
        raise Http404("No crime data for this month.") from None


def pack_download(
    request: HttpRequest, slug: str, month: str, paper: str, fmt: str
) -> HttpResponse:
    """``crime-pack/2017-07.pdf``, ``2017-07-a3.pdf``, ``latest.csv``: the pack to a month."""
    page = partnership_page(request, slug)
    entry = registry.get(PACK)
    if fmt not in entry.formats:
        raise Http404("No such format.")
    suffix = "-a3" if paper == "a3" else ""

    def build() -> HttpResponse:
        try:
            subject = pack_subject(page.partnership, month)
        except LookupError:
            raise Http404("No crime data for this month.") from None
        return registered_response(entry, subject, fmt, paper=PAPERS[paper], suffix=suffix)

    # Working out the pack's figures takes about 0.1 s before the documents cache can even
    # be asked: the whole response is kept while the data is unchanged (decision 0030)
    return cached_response(request, "crime-pack-download", build)


def _attach_initial(request: HttpRequest, items: list[AgendaItem]) -> dict[str, object]:
    """This month's pack for the meeting's performance item, when there is one."""
    initial: dict[str, object] = {"to": request.GET.get("to", ""), "paper": "a4"}
    performance = next(
        (i for i in items if "performance" in i.title.casefold() and i.parent_id is None), None
    )
    if performance is not None:
        initial["item"] = performance.pk
    return initial


def _attach(actor: Actor, area: Area | None, data: dict) -> Paper:
    """`pack_attach`, with the reasons it cannot as errors on the form."""
    if area is None:
        raise ValidationError(NO_DATA)
    try:
        return pack_attach(
            actor=actor, item=data["item"], area=area, to=data["to"], paper=data["paper"]
        )
    except PackNotReady as exc:
        raise ValidationError({"to": str(exc)}) from None


@login_first
@require_http_methods(["GET", "POST"])
def pack_attach_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat attaches the pack (as a PDF) to an agenda item of a meeting."""
    page = manage_page(request, slug)
    area = packs.area_for_partnership(page.partnership)
    items = attachable_items(page.partnership)
    pack_url = reverse("crime_pack:pack", args=[slug])
    return form_page(
        request,
        page,
        form=PackAttachForm(posted(request), items=items, initial=_attach_initial(request, items)),
        write=lambda data: _attach(request.user, area, data),
        success=lambda paper: f"Attached “{paper.title}” to {paper.item.meeting}.",
        next_url=lambda paper: meeting_url(paper.item.meeting, "meetings:agenda"),
        cancel_url=pack_url,
        title="Attach the pack to a meeting",
        active="crime_pack",
        breadcrumbs=crumbs(page, ("Crime data pack", pack_url)),
        button="Attach the pack",
        caption=f"Crime data pack: {area.name}" if area else "Crime data pack",
        intro=ATTACH_INTRO if area else NO_DATA,
    )
