"""How fresh a cached page fragment is: the audit chain's head names the state of the data.

Why this works: every write goes through a service that records an audit event, and recording
one locks and advances the single chain head (:mod:`csphub.audit.services`) in the write's own
transaction. So the head's count and hash change with every committed change to anything a
page can show, in commit order — unlike the newest event id, which a slower transaction can
commit behind. A fragment keyed by the head is never served after the data under it changed
(decision 0030).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from .models import AuditHead

ALIAS = "fragments"
Body = TypeVar("Body", str, bytes)

_ATTRIBUTE = "_csphub_data_version"


def data_version(request: Any = None) -> str:
    """The chain head as a short token, read once per request (one single-row query)."""
    if request is not None and hasattr(request, _ATTRIBUTE):
        return getattr(request, _ATTRIBUTE)
    head = AuditHead.objects.filter(pk=1).values_list("count", "last_hash").first()
    version = f"{head[0]}-{head[1][:16]}" if head else "0"
    if request is not None:
        setattr(request, _ATTRIBUTE, version)
    return version


def viewer_key(request: Any) -> str:
    """Who a cached part is for: the signed-in user's session, or everyone signed out."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        session = getattr(request, "session", None)
        return f"session:{getattr(session, 'session_key', None)}:{user.pk}"
    return "anonymous"


def fragment_key(request: Any, name: str, vary: Iterable[Any] = ()) -> str:
    """The cache key of a page part: the data's state, the hour, the page, the viewer."""
    parts = [
        getattr(settings, "CSPHUB_RELEASE", ""),
        name,
        data_version(request),
        timezone.localtime().strftime("%Y-%m-%d %H"),
        request.get_full_path(),
        viewer_key(request),
        *(str(v) for v in vary),
    ]
    return "fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_text(request: Any, name: str, build: Callable[[], Body]) -> Body:
    """A whole response body (a calendar feed, say) built once per state of the data, on the
    same terms as a ``{% fragment %}``; requests other than GET and HEAD always build."""
    return _kept(request, name, build, lambda _: True)


def _kept(request: Any, name: str, build: Callable[[], Any], keep: Callable[[Any], bool]) -> Any:
    if request.method not in ("GET", "HEAD"):
        return build()
    cache = caches[ALIAS]
    key = fragment_key(request, name)
    found = cache.get(key)
    if found is None:
        found = build()
        if keep(found):
            cache.set(key, found)
    return found


def remembered(name: str, build: Callable[[], Any], vary: Iterable[Any] = ()) -> Any:
    """A value worked out from the data alone (not from who asks: the latest month of police
    figures, say), kept for as long as the data is unchanged. ``vary`` must name everything
    else the value depends on; it must not differ from viewer to viewer."""
    parts = [
        getattr(settings, "CSPHUB_RELEASE", ""),
        name,
        data_version(),
        *(str(v) for v in vary),
    ]
    key = "value:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    cache = caches[ALIAS]
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(key, found)
    return found


_MISSING = object()


def cached_response(request: Any, name: str, build: Callable[[], Any]) -> Any:
    """A whole response (a download whose content is worked out from much data, such as the
    crime pack) kept on the terms of :func:`cached_text`: only GET and HEAD, only a 200."""
    return _kept(request, name, build, lambda r: r.status_code == 200 and not r.streaming)
