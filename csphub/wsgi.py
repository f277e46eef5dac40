"""WSGI entry point for gunicorn.

Refuses to start when the static files have not been collected (production settings):
better a failed deploy than a service whose every page is a server error.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csphub.settings.production")
application = get_wsgi_application()

from csphub.core.checks import static_manifest_problem  # noqa: E402 - needs Django set up

if problem := static_manifest_problem():
    raise ImproperlyConfigured(problem)
