"""Signed, expiring links that let an action owner post an update without an account.

A token carries the update request, the action and the person, signed with the site's
secret key (HMAC-SHA256, so a token cannot be guessed or altered: 256 bits of signature)
and stamped with the time it was made. It opens only its own action, and only while:

- the signature is intact (otherwise `LinkInvalid`, shown as 404);
- it is younger than `CSPHUB_UPDATE_LINK_DAYS` and its request has not passed its
  `expires_at` (otherwise `LinkExpired`, 410);
- the secretariat has not revoked the request (`LinkRevoked`, 410);
- the action is still in that request and still owned by that person (`LinkNotOwner`, 410).

Tokens are never stored or written to the audit trail: the request row is what the
secretariat revokes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Action, UpdateRequest

SALT = "csphub.actions.update-link"


def link_days() -> int:
    """How long an update link works, in days (setting `CSPHUB_UPDATE_LINK_DAYS`)."""
    return int(getattr(settings, "CSPHUB_UPDATE_LINK_DAYS", 14))


class LinkError(Exception):
    """A link that cannot be used. `message` is for the person holding it; `status` is the
    HTTP status of the page that says so; `update_request` is known unless the token was
    altered, so the page can give the partnership's contact details."""

    status = 404
    title = "This link does not work"
    message = "The link is not complete or has been changed."

    def __init__(self, update_request: UpdateRequest | None = None, message: str = "") -> None:
        self.update_request = update_request
        if message:
            self.message = message
        super().__init__(self.message)

    @property
    def partnership(self):
        return self.update_request.partnership if self.update_request is not None else None


class LinkInvalid(LinkError):
    status = 404
    title = "This link does not work"
    message = (
        "The link is not complete or has been changed. Check that you copied the whole "
        "address from the e-mail."
    )


class LinkExpired(LinkError):
    status = 410
    title = "This link has expired"
    message = "Links to update an action only work for a limited time, and this one has expired."


class LinkRevoked(LinkError):
    status = 410
    title = "This link has been withdrawn"
    message = "The secretariat has withdrawn this link, so it can no longer be used."


class LinkNotOwner(LinkError):
    status = 410
    title = "This action is no longer yours to update"
    message = (
        "The action this link was for has been passed to someone else, or is no longer part "
        "of the request you were sent."
    )


def make_token(request: UpdateRequest, action: Action) -> str:
    """The token for one action of one update request (compact: about 70 characters)."""
    return signing.dumps([request.pk, action.pk, request.person_id], salt=SALT, compress=True)


def _payload(token: str) -> tuple[int, int, int]:
    value = signing.loads(token, salt=SALT)
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise LinkInvalid()
    return value[0], value[1], value[2]


def _request(request_id: int, person_id: int) -> UpdateRequest | None:
    return (
        UpdateRequest.objects.select_related("partnership", "person", "meeting", "meeting__body")
        .filter(pk=request_id, person_id=person_id)
        .first()
    )


def read_token(token: str, *, now: dt.datetime | None = None) -> tuple[UpdateRequest, Action]:
    """The request and action a token opens, or a `LinkError` saying why it cannot."""
    now = now or timezone.now()
    if not isinstance(token, str) or not token or len(token) > 500:
        raise LinkInvalid()
    try:
        value = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=link_days()))
    except signing.SignatureExpired:
        # Genuine but old: find its request so the page can say whom to contact
        try:
            request_id, _, person_id = _payload(token)
        except (signing.BadSignature, LinkInvalid):
            raise LinkExpired() from None
        raise LinkExpired(_request(request_id, person_id)) from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    if not isinstance(value, list) or len(value) != 3:
        raise LinkInvalid()
    request_id, action_id, person_id = value
    update_request = _request(request_id, person_id)
    if update_request is None:
        raise LinkInvalid()
    if update_request.revoked_at is not None:
        raise LinkRevoked(update_request)
    if update_request.expires_at <= now:
        raise LinkExpired(update_request)
    action = (
        update_request.actions.select_related(
            "body", "partnership", "meeting", "minute", "minute__meeting"
        )
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.partnership_id != update_request.partnership_id:
        raise LinkNotOwner(update_request)
    from .representatives import answers_for  # representatives reads models, as links does

    if not answers_for(person_id, action, timezone.localtime(now).date()):
        raise LinkNotOwner(update_request)
    return update_request, action
