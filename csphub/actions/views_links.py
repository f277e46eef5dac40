"""Pages an action owner reaches from their e-mailed link, without an account.

Only the token says what may be seen: there is no action id in the address and none is read
from the form, so a link can neither read nor change any action but its own.
"""

from __future__ import annotations

import logging

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from csphub.accounts.permissions import viewer_for
from csphub.audit.actors import LinkActor
from csphub.partnerships.pages import PartnershipPage

from . import selectors, services, update_requests
from .links import LinkError, LinkNotOwner, make_token, read_token
from .models import Action, ActionUpdate, UpdateRequest

security_log = logging.getLogger("csphub.security")

PROPOSED_STATUSES = [
    (Action.Status.IN_PROGRESS, "In progress"),
    (Action.Status.DONE, "Done"),
    (Action.Status.CARRIED_FORWARD, "Carried forward"),
    (Action.Status.DROPPED, "Dropped"),
]


class LinkUpdateForm(forms.Form):
    text = forms.CharField(
        label="Your update",
        help_text=(
            "What has been done since the last update, and what happens next. The "
            "secretariat may tidy the wording before it is published."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Write your update."},
    )
    proposed_status = forms.ChoiceField(
        label="Should the action’s status change?",
        help_text="The secretariat will confirm any change. Leave this if it stays as it is.",
        choices=PROPOSED_STATUSES,
        widget=forms.RadioSelect,
        required=False,
    )
    text.govuk_label_size = "m"
    proposed_status.govuk_label_size = "m"


def _page(request: HttpRequest, update_request: UpdateRequest, **extra) -> dict:
    partnership = update_request.partnership
    page = PartnershipPage(partnership=partnership, viewer=viewer_for(request.user, partnership))
    return page.context("", person=update_request.person, update_request=update_request, **extra)


def _private(response: HttpResponse) -> HttpResponse:
    """The address carries the token: never send it to another site, and index nothing.
    (Not "no-referrer": browsers then send `Origin: null` and the CSRF check refuses
    the form.)"""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(request: HttpRequest, error: LinkError) -> HttpResponse:
    if error.update_request is not None:
        services.update_link_refused(update_request=error.update_request, reason=error.title)
        context = _page(request, error.update_request, error=error)
    else:
        security_log.info("update link refused: %s", type(error).__name__)
        context = {"error": error, "partnership": None, "update_request": None}
    return _private(render(request, "actions/link_refused.html", context, status=error.status))


def _recent_updates(action: Action) -> list[ActionUpdate]:
    return list(action.updates.exclude(text="").order_by("-at", "-id")[:5])


@never_cache
@require_http_methods(["GET", "POST"])
def update(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's form for one action: write an update, propose a status."""
    try:
        update_request, action = read_token(token)
    except LinkError as error:
        return _refused(request, error)
    form = LinkUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = update_request.person
        try:
            services.action_update_record(
                actor=LinkActor(person),
                action=action,
                text=form.cleaned_data["text"],
                proposed_status=form.cleaned_data["proposed_status"],
            )
        except PermissionDenied:
            return _refused(request, LinkNotOwner(update_request))
        except ValidationError as exc:
            for fieldname, errors in exc.message_dict.items():
                form.add_error(fieldname if fieldname in form.fields else None, errors)
        else:
            return _private(redirect("action_links:thanks", token=token))
    elif request.method == "GET":
        services.update_link_opened(update_request=update_request, action=action, page="update")
    update_requests.annotate_due([action], update_request.partnership)
    context = _page(
        request,
        update_request,
        action=action,
        line=update_requests.action_line(action),
        updates=_recent_updates(action),
        form=form,
        mine_url=reverse("action_links:mine", args=[token]),
    )
    return _private(render(request, "actions/link_update.html", context))


@never_cache
@require_GET
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    """After posting: what was sent, and where to go next."""
    try:
        update_request, action = read_token(token)
    except LinkError as error:
        return _refused(request, error)
    latest = selectors.latest_link_update(action, update_request.person)
    context = _page(
        request,
        update_request,
        action=action,
        latest=latest,
        proposed_label=dict(PROPOSED_STATUSES).get(latest.proposed_status, "") if latest else "",
        update_url=reverse("action_links:update", args=[token]),
        mine_url=reverse("action_links:mine", args=[token]),
    )
    return _private(render(request, "actions/link_thanks.html", context))


@never_cache
@require_GET
def mine(request: HttpRequest, token: str) -> HttpResponse:
    """All the person's open actions; those in the same request get their own link."""
    try:
        update_request, action = read_token(token)
    except LinkError as error:
        return _refused(request, error)
    services.update_link_opened(update_request=update_request, action=None, page="mine")
    in_request = set(update_request.actions.values_list("pk", flat=True))
    lines, restricted = [], 0
    for a in update_requests.person_open_actions(update_request.person):
        if a.pk in in_request:
            token_a = make_token(update_request, a)
            lines.append(
                update_requests.action_line(a, url=reverse("action_links:update", args=[token_a]))
            )
        elif a.is_restricted or (a.minute_id and a.minute.is_restricted):
            # a link can be forwarded: show no restricted matter the e-mail did not name
            restricted += 1
        else:
            lines.append(update_requests.action_line(a))
    lines.sort(key=lambda line: not line.url)  # the ones they can update first
    context = _page(
        request, update_request, lines=lines, restricted_count=restricted, from_action=action
    )
    return _private(render(request, "actions/link_mine.html", context))
