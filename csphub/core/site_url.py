"""Where people reach this installation, for the links in e-mails.

`CSPHUB_BASE_URL` (settings, from the environment) says it when set: behind a proxy or a
load balancer the request's own host may be an internal name. When it is not set (a
developer's `make run`, or `runserver 0.0.0.0:8123`), links use the address the request
came to, so they work on whatever port the dev server is on; a batch job with no request
falls back to http://127.0.0.1:8000. Production warns at start when it is unset
(`csphub.W002`, core/checks.py).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

DEFAULT_SITE_ROOT = "http://127.0.0.1:8000"


def configured_root() -> str:
    """`CSPHUB_BASE_URL` without a trailing slash, or "" when unset."""
    return (getattr(settings, "CSPHUB_BASE_URL", "") or "").strip().rstrip("/")


def site_root(request: HttpRequest | None = None) -> str:
    """ "https://csp.example.gov.uk": the configured base URL, else the request's own
    scheme and host (port included), else the development default. No trailing slash."""
    configured = configured_root()
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEFAULT_SITE_ROOT
