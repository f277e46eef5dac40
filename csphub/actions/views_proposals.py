"""One click to accept or reject the status an owner proposed through their link, from the
action's page or from Matters Arising (the form says where to go back to)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from csphub.accounts.decorators import login_first
from csphub.partnerships.pages import manage_page

from . import services
from .access import access_action_update
from .models import Action

DECISIONS = {"accept": services.ACCEPT, "reject": services.REJECT}


@login_first
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = manage_page(request, slug)
    update = access_action_update(page.viewer, page.partnership, pk)
    decision = DECISIONS.get(request.POST.get("decision", ""))
    if decision is None:
        return HttpResponseBadRequest("Choose accept or reject.")
    proposed = str(dict(Action.Status.choices).get(update.proposed_status, update.proposed_status))
    try:
        services.proposal_decide(actor=request.user, update=update, decision=decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        who = update.author_label or "the owner"
        if decision == services.ACCEPT:
            messages.success(request, f"Accepted: the action is now {proposed.lower()}.")
        else:
            messages.success(request, f"Rejected {who}’s proposal ({proposed.lower()}).")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("actions:detail", args=[slug, update.action_id]) + "#history")
