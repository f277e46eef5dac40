"""The import pages (secretariat only): upload, review beside the source text, match
people, commit (with a confirmation page) and the result. Thin: each calls one service or
selector; the rules are in `services` and `drafts`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from csphub.accounts.decorators import login_first
from csphub.actions.models import Action
from csphub.core.forms import add_service_error
from csphub.meetings.links import meeting_url
from csphub.partnerships.models import Body
from csphub.partnerships.pages import PartnershipPage, crumbs, manage_page

from . import drafts, selectors, services
from .forms import CommitForm, ReviewForms, UploadForm
from .models import ImportDraft, PersonMatch


def _index_url(slug: str) -> str:
    return reverse("importer:index", args=[slug])


def _trail(page: PartnershipPage, draft: ImportDraft | None, here: str):
    slug = page.partnership.slug
    trail = [("Import documents", _index_url(slug))]
    if draft is not None:
        trail.append((draft.original_filename, reverse("importer:review", args=[slug, draft.pk])))
    return crumbs(page, *trail, (here, ""))


def _draft_and_part(request: HttpRequest, slug: str, pk: int):
    page = manage_page(request, slug)
    draft = selectors.access_draft(page.partnership, page.viewer, pk)
    parts = draft.edited.get("parts") or []
    default = next((i for i, p in enumerate(parts) if p.get("kind") == "minutes"), 0)
    raw = request.GET.get("part", "")
    index = int(raw) - 1 if raw.isdigit() else default
    if parts and not 0 <= index < len(parts):
        raise Http404("No such part.")
    part = drafts.normalise_part(parts[index]) if parts else None
    return page, draft, index, part


@login_first
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest, slug: str) -> HttpResponse:
    page = manage_page(request, slug)
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_upload(
                actor=request.user, partnership=page.partnership, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{draft.original_filename} was read. Check the draft.")
            return redirect("importer:review", slug, draft.pk)
    return render(
        request,
        "importer/index.html",
        page.context(
            "import",
            form=form,
            drafts=list(selectors.drafts_of(page.partnership, page.viewer)),
            breadcrumbs=crumbs(page, ("Import documents", "")),
        ),
        status=400 if form.errors else 200,
    )


@login_first
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, draft, index, part = _draft_and_part(request, slug, pk)
    if draft.status == ImportDraft.Status.COMMITTED:
        return redirect("importer:result", slug, draft.pk)
    forms = ReviewForms(part, request.POST if request.method == "POST" else None) if part else None
    check = drafts.concerns(part["needs_review"], part) if part else set()
    errors: list = []
    if request.method == "POST" and forms is not None:
        if forms.is_valid():
            try:
                services.draft_update(
                    actor=request.user, draft=draft, index=index, part=forms.cleaned_part()
                )
            except ValidationError as exc:
                errors = [(None, m) for m in exc.messages]
            else:
                messages.success(request, "Your corrections were saved.")
                target = "importer:people" if "next" in request.POST else "importer:review"
                return redirect(reverse(target, args=[slug, draft.pk]) + f"?part={index + 1}")
        else:
            errors = forms.errors()
    return render(
        request,
        "importer/review.html",
        page.context(
            "import",
            draft=draft,
            part=part,
            index=index,
            number=index + 1,
            parts=[
                (i + 1, p.get("kind"), p.get("meeting_date"))
                for i, p in enumerate(draft.edited.get("parts") or [])
            ],
            forms=forms,
            lists=_lists(forms, check) if forms is not None else [],
            errors=errors,
            check=check,
            problems=drafts.problems(part) if part else [],
            breadcrumbs=_trail(page, None, draft.original_filename),
        ),
        status=400 if errors else 200,
    )


LISTS = [
    ("present", "Present", "Present"),
    ("also_present", "Also present", "Also present"),
    ("apologies", "Apologies (and who attended in their place)", "Apologies"),
    ("absent", "Absent", "Absent"),
    ("items", "Minutes", "Minute"),
    ("resolutions", "Resolutions", "Resolution"),
    ("actions", "Actions", "Action"),
]


def _lists(forms: ReviewForms, check: set[str]) -> list[dict]:
    """Each list of the draft with its rows, a row marked when a "needs review" line names
    its minute (or the minute it is under)."""
    found = []
    minutes = forms.part["kind"] == "minutes"
    for key, heading, row_label in LISTS:
        if key == "items" and not minutes:
            heading, row_label = "Agenda items", "Item"
        formset = forms.lists[key]
        rows = []
        for form in formset.forms:
            label = form.initial.get("number") or form.initial.get("item") or ""
            rows.append({"form": form, "check": f"item:{label}" in check})
        found.append(
            {
                "key": key,
                "heading": heading,
                "row_label": row_label,
                "formset": formset,
                "rows": rows,
                "check": key in check,
            }
        )
    return found


@login_first
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, draft, index, part = _draft_and_part(request, slug, pk)
    if part is None or not draft.is_editable:
        return redirect("importer:review", slug, draft.pk)
    everyone = selectors.people_of(page.partnership)
    by_pk = {p.pk: p for p in everyone}
    names = drafts.names_to_match(part)
    saved = {m.name: m for m in draft.matches.all()}
    auto = selectors.auto_choices(page.partnership, names, everyone)
    errors: dict[int, str] = {}
    rows = []
    for n, name in enumerate(names):
        chosen = request.POST.get(f"match-{n}") if request.method == "POST" else None
        new_name = request.POST.get(f"new-{n}", name) if request.method == "POST" else None
        if chosen is None:
            match = saved.get(name)
            guess = auto.get(name)
            if match is not None:
                chosen = (
                    f"person:{match.person_id}"
                    if match.choice == PersonMatch.Choice.PERSON
                    else match.choice
                )
                new_name = match.new_name or name
            elif guess is not None:
                chosen = f"person:{guess.person.pk}" if guess.person else guess.choice
                new_name = guess.new_name or name
            else:
                chosen, new_name = "", name
        rows.append(
            {
                "n": n,
                "name": name,
                "chosen": chosen,
                "new_name": new_name,
                "suggested": selectors.suggestions(name, everyone),
            }
        )
    if request.method == "POST":
        choices = {}
        for row in rows:
            value = row["chosen"] or ""
            kind, _, ref = value.partition(":")
            if kind == "person" and ref.isdigit() and int(ref) in by_pk:
                choices[row["name"]] = selectors.Choice("person", person=by_pk[int(ref)])
            elif kind in {"new", "skip"}:
                choices[row["name"]] = selectors.Choice(kind, new_name=row["new_name"] or "")
            else:
                errors[row["n"]] = f"Choose who “{row['name']}” is, or leave them out"
        if not errors:
            try:
                services.draft_match_people(actor=request.user, draft=draft, choices=choices)
            except ValidationError as exc:
                for field, messages_ in exc.message_dict.items():
                    n = next((r["n"] for r in rows if r["name"] == field), 0)
                    errors[n] = " ".join(messages_)
            else:
                messages.success(request, "The people were matched.")
                return redirect(
                    reverse("importer:commit", args=[slug, draft.pk]) + f"?part={index + 1}"
                )
    for row in rows:
        row["error"] = errors.get(row["n"], "")
        kind, _, ref = (row["chosen"] or "").partition(":")
        row["chosen_pk"] = int(ref) if kind == "person" and ref.isdigit() else None
    return render(
        request,
        "importer/people.html",
        page.context(
            "import",
            draft=draft,
            number=index + 1,
            rows=rows,
            everyone=everyone,
            notes=drafts.initials_notes(part),
            errors=errors,
            breadcrumbs=_trail(page, draft, "Match people"),
        ),
        status=400 if errors else 200,
    )


@login_first
@require_http_methods(["GET", "POST"])
def commit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page, draft, index, part = _draft_and_part(request, slug, pk)
    if part is None or not draft.is_editable:
        return redirect("importer:review", slug, draft.pk)
    bodies = list(Body.objects.filter(partnership=page.partnership).order_by("name"))
    meetings = selectors.meetings_for_import(page.partnership)
    named = selectors.body_named(page.partnership, part["body"])
    form = CommitForm(
        request.POST if request.method == "POST" else None,
        bodies=bodies,
        meetings=meetings,
        initial={
            "target": CommitForm.NEW,
            "body": str(named.pk) if named else "",
            "minutes_status": services.MINUTES_DRAFT,
        },
    )
    confirming = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = next((b for b in bodies if str(b.pk) == data["body"]), None)
        meeting = next((m for m in meetings if str(m.pk) == data["meeting"]), None)
        new = data["target"] == CommitForm.NEW
        if "confirm" in request.POST:
            try:
                services.draft_commit(
                    actor=request.user,
                    draft=draft,
                    index=index,
                    body=body if new else None,
                    meeting=None if new else meeting,
                    minutes_status=data["minutes_status"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "The minutes were committed.")
                return redirect("importer:result", slug, draft.pk)
        else:
            confirming = True
    return render(
        request,
        "importer/confirm.html" if confirming else "importer/commit.html",
        page.context(
            "import",
            draft=draft,
            part=part,
            number=index + 1,
            form=form,
            counts=drafts.counts(part),
            problems=drafts.problems(part),
            chosen_body=next((b for b in bodies if str(b.pk) == form.data.get("body")), None),
            chosen_meeting=next(
                (m for m in meetings if str(m.pk) == form.data.get("meeting")), None
            ),
            breadcrumbs=_trail(page, draft, "Commit"),
        ),
        status=400 if form.errors else 200,
    )


@login_first
def result(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    draft = selectors.access_draft(page.partnership, page.viewer, pk)
    if draft.status != ImportDraft.Status.COMMITTED or draft.meeting is None:
        return render(
            request,
            "importer/not_committed.html",
            page.context(
                "import", draft=draft, breadcrumbs=_trail(page, None, draft.original_filename)
            ),
        )
    actions = list(
        Action.objects.visible_to(page.viewer)
        .filter(meeting=draft.meeting)
        .select_related("minute")
        .prefetch_related("owners__person", "owners__organisation")
        .order_by("minute__number", "minute__suffix", "id")
    )
    return render(
        request,
        "importer/result.html",
        page.context(
            "import",
            draft=draft,
            meeting=draft.meeting,
            meeting_link=meeting_url(draft.meeting),
            actions=actions,
            breadcrumbs=_trail(page, None, draft.original_filename),
        ),
    )
