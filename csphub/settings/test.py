"""The test suite: fast hashing, in-memory mail, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A fresh temporary folder (removed after the run), unless a test points its child process
# at one; never CSPHUB_MEDIA_ROOT, which may be real data
MEDIA_ROOT = os.environ.get("CSPHUB_TEST_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="csphub-test-media-"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Rendered documents in memory, whatever the environment says: nothing written to disk,
# and a test can empty it (decision 0033).
CACHES = {
    **CACHES,  # noqa: F405
    "documents": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "csphub-test-documents",
        "OPTIONS": {"MAX_ENTRIES": 50},
    },
}

# Test data made by factories bypasses the services, so the audit chain head does not move
# with it: page fragments are not cached in tests, except by the tests of the fragment cache
# themselves and by the page benchmark, which sets CSPHUB_TEST_FRAGMENT_CACHE=1.
if not os.environ.get("CSPHUB_TEST_FRAGMENT_CACHE"):
    CACHES = {
        **CACHES,  # noqa: F405
        "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
