"""Signed, expiring links that let a report's author submit it without an account.

The same approach as the actions' update links (`actions/links.py`), with its own salt: the
token carries the request and the author, signed with the site's secret key and stamped
with the time. It opens only its own request, while the signature is intact (else
`LinkInvalid`, 404), younger than `CSPHUB_REPORT_LINK_DAYS` and the request's `expires_at`
(`LinkExpired`, 410), and the request is not withdrawn (`LinkRevoked`, 410). Tokens are
never stored or audited.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import ReportRequest

SALT = "csphub.reports.report-link"


def link_days() -> int:
    """How long a report link works, in days (setting `CSPHUB_REPORT_LINK_DAYS`)."""
    return int(getattr(settings, "CSPHUB_REPORT_LINK_DAYS", 28))


class LinkError(Exception):
    status = 404
    title = "This link does not work"
    message = (
        "The link is not complete or has been changed. Check that you copied the whole "
        "address from the e-mail."
    )

    def __init__(self, report_request: ReportRequest | None = None) -> None:
        self.report_request = report_request
        super().__init__(self.message)

    @property
    def partnership(self):
        return self.report_request.partnership if self.report_request is not None else None


class LinkInvalid(LinkError):
    pass


class LinkExpired(LinkError):
    status = 410
    title = "This link has expired"
    message = "Links to submit a report only work for a limited time, and this one has expired."


class LinkRevoked(LinkError):
    status = 410
    title = "This link has been withdrawn"
    message = "The secretariat has withdrawn this request, so the link can no longer be used."


def make_token(report_request: ReportRequest) -> str:
    return signing.dumps([report_request.pk, report_request.author_id], salt=SALT, compress=True)


def _request(request_id: int, author_id: int) -> ReportRequest | None:
    return (
        ReportRequest.objects.select_related(
            "partnership", "author", "item", "item__meeting", "item__meeting__body"
        )
        .filter(pk=request_id, author_id=author_id)
        .first()
    )


def _ids(value: object) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise LinkInvalid()
    return value[0], value[1]


def read_token(token: str, *, now: dt.datetime | None = None) -> ReportRequest:
    """The request a token opens, or a `LinkError` saying why it cannot."""
    now = now or timezone.now()
    if not isinstance(token, str) or not token or len(token) > 300:
        raise LinkInvalid()
    try:
        value = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=link_days()))
    except signing.SignatureExpired:
        try:
            request_id, author_id = _ids(signing.loads(token, salt=SALT))
        except (signing.BadSignature, LinkInvalid):
            raise LinkExpired() from None
        raise LinkExpired(_request(request_id, author_id)) from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    request_id, author_id = _ids(value)
    report_request = _request(request_id, author_id)
    if report_request is None:
        raise LinkInvalid()
    if report_request.revoked_at is not None:
        raise LinkRevoked(report_request)
    if report_request.expires_at <= now:
        raise LinkExpired(report_request)
    return report_request
