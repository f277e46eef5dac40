"""System checks for a production start that would otherwise fail page by page.

With the manifest static storage (production), every page that links a stylesheet fails
with a server error until `collectstatic` has written the manifest; `check --deploy` says
so (csphub.E001), and the WSGI entry point refuses to start (`csphub/wsgi.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

MANIFEST = "staticfiles.json"


def static_manifest_problem() -> str:
    """ "" when static files can be served; otherwise what to do about it."""
    backend = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    if "Manifest" not in backend:
        return ""
    manifest = Path(settings.STATIC_ROOT) / MANIFEST
    if manifest.is_file():
        return ""
    return (
        f"The static files manifest {manifest} is missing, so every page would fail. "
        "Run `manage.py collectstatic --noinput` with these settings before starting."
    )


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = static_manifest_problem()
    return [Error(problem, id="csphub.E001")] if problem else []


def base_url_problem() -> str:
    """ "" unless production settings run without CSPHUB_BASE_URL: e-mailed links would then
    take the host of whatever request sent them, which behind a proxy may be internal, and
    batch jobs would link to 127.0.0.1."""
    from .site_url import configured_root

    if not getattr(settings, "CSPHUB_PRODUCTION", False) or configured_root():
        return ""
    return (
        "CSPHUB_BASE_URL is not set: links in e-mails will use the address of the request "
        "that sent them, and scheduled jobs will link to http://127.0.0.1:8000. Set it to "
        "the address people reach the service on, e.g. https://csp.example.gov.uk."
    )


@register(Tags.compatibility)
def check_base_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = base_url_problem()
    return [Warning(problem, id="csphub.W002")] if problem else []
