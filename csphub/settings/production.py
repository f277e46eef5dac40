"""Production: everything secure by default; the environment must supply the secrets."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_list

DEBUG = False
CSPHUB_PRODUCTION = True  # system checks that only production needs (csphub.W002)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random string of 50 or more characters.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the host names the service answers on.")

# E-mail carries signed update links and pack links: refuse to start without a real backend
# (the default prints them to the console).
if not os.environ.get("DJANGO_EMAIL_BACKEND") or EMAIL_BACKEND.rsplit(".", 2)[-2] in {  # noqa: F405
    "console",
    "locmem",
    "dummy",
    "filebased",
}:
    raise ImproperlyConfigured(
        "Set DJANGO_EMAIL_BACKEND to a real mail backend, e.g. "
        "django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST, EMAIL_PORT, "
        "EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS."
    )

# Audit trail (issue 10 part 1): the chain's HMAC key must come from the environment.
if len(os.environ.get("CSPHUB_AUDIT_KEY", "")) < 32:
    raise ImproperlyConfigured(
        "Set CSPHUB_AUDIT_KEY to a random string of 32 or more characters, different from "
        "DJANGO_SECRET_KEY (docs/decisions/0016-audit-chain.md explains rotation)."
    )

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Rendered documents (decision 0033): one folder for all the web workers, so a document is
# laid out once rather than once a worker; beside the media folder unless set.
CACHES["documents"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": DOCUMENT_CACHE_DIR or str(PROJECT_DIR / "cache" / "documents"),  # noqa: F405
    "TIMEOUT": 30 * 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4},
}
