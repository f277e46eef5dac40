"""System checks for a production start that would otherwise fail page by page.

With the manifest static storage (production), every page that links a stylesheet fails
with a server error until `collectstatic` has written the manifest; `check --deploy` says
so (csphub.E001), and the WSGI entry point refuses to start (`csphub/wsgi.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

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
