"""Settings shared by every environment.

Everything lives here; the environment decides the differences (DATABASE_URL, DEBUG,
SECRET_KEY, ALLOWED_HOSTS, e-mail), so development, test and production run the same code.
"""

import os
import time
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "csphub.core",
    "csphub.audit",
    "csphub.accounts",
    "csphub.partnerships",
    "csphub.meetings",
    "csphub.actions",
    "csphub.police",
    "csphub.performance",
    "csphub.publishing",
    "csphub.search",
    "csphub.reports",
    "csphub.strategy",
    "csphub.importer",
    "csphub.public",
    "csphub.opendata",
    "csphub.members",
    "csphub.documents",
    "csphub.demo",
    "django_tasks",
    "django_tasks_db",
    # After our apps, so our sign-in receivers run before axes' (a failure is logged before
    # the lockout it causes)
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "csphub.core.middleware.NoStoreForAuthenticatedMiddleware",
    "csphub.accounts.middleware.IdleTimeoutMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "csphub.urls"
WSGI_APPLICATION = "csphub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "csphub.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches (issue 15; decision 0030) ---
# "fragments": page parts rendered once per state of the data ({% fragment %}, keyed by the
# audit chain head). In memory per process by default; CSPHUB_CACHE_URL (redis://...) shares
# them between workers. A release value in every key keeps one release's fragments from
# another's; by default it is the process's start, which is always safe.
CSPHUB_RELEASE = os.environ.get("CSPHUB_RELEASE") or f"{os.getpid()}-{time.time_ns()}"
_CACHE_URL = os.environ.get("CSPHUB_CACHE_URL", "")
if _CACHE_URL.startswith(("redis://", "rediss://")):
    _SHARED = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
    CACHES = {
        "default": _SHARED,
        "fragments": {**_SHARED, "KEY_PREFIX": "fragments", "TIMEOUT": 3600},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# --- Audit trail that proves itself (issue 10 part 1) ---
# SQLite: every transaction.atomic() block starts with BEGIN IMMEDIATE, so two processes
# appending to the audit chain are serialised by SQLite's write lock (and a transaction
# that read first never fails upgrading its lock with "database is locked").
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
# The audit chain's HMAC key, separate from SECRET_KEY (docs/decisions/0016). Rotate by
# moving the old key to CSPHUB_AUDIT_OLD_KEYS (comma-separated) and setting a new one:
# each event stores its key's fingerprint, so old events still verify.
CSPHUB_AUDIT_KEY = os.environ.get("CSPHUB_AUDIT_KEY", "")
CSPHUB_AUDIT_OLD_KEYS = env_list("CSPHUB_AUDIT_OLD_KEYS")
# --- end audit trail ---

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes refuses sign-ins for a locked-out username before any password is checked;
# Django's ModelBackend then does the checking (and refuses inactive users).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CSPHUB_STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("CSPHUB_MEDIA_ROOT", PROJECT_DIR / "media"))
MEDIA_URL = "/media-not-served/"

# Uploaded papers: limits stated once, checked by the upload form (ASVS 5.2.1).
PAPER_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Sign-in protection (docs/decisions/0009-sign-in-protection.md, ASVS 6.3.1, 7.3.1, 7.3.2).
# Absolute lifetime: a working day from sign-in. Sign-in fixes the session's expiry date, and
# saving on every request stays off, so activity never extends it.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Idle timeout: signed out after this long without a request (csphub.accounts.middleware).
CSPHUB_SESSION_IDLE_MINUTES = int(os.environ.get("CSPHUB_SESSION_IDLE_MINUTES", "30"))
# Lockout: 5 failed sign-ins for a username from one address lock that username at that
# address for 15 minutes; a successful sign-in clears the count; attempts while locked do not
# extend it. Why username and address together: the decision record.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "csphub.accounts.views.locked_out"
# Our audit trail is the record of sign-ins and sign-outs; axes keeps only failure counts,
# with the password, username, address and CSRF token masked in what it stores.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# Reverse proxies in front of the service (0: none). With N, the client's address is the N-th
# from the right in X-Forwarded-For (csphub.core.client_ip); used for lockouts and the log.
CSPHUB_PROXY_COUNT = int(os.environ.get("CSPHUB_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "csphub.core.client_ip.client_ip"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "csphub@localhost")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

# Public minutes, agendas and reports stay available this long after the meeting (LGA 1972 s.100C).
CSPHUB_PUBLIC_RETENTION_YEARS = 6

# Where the site is reached from outside: e-mailed links (update requests) are built on it.
# Background tasks (publication e-mails): in-process by default, so `make run` needs no
# worker; CSPHUB_TASKS_BACKEND=database queues them for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("CSPHUB_TASKS_BACKEND", "") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
# Where people reach the service, for links in e-mails. Unset: the request's own address
# (so the dev server's port is right), or http://127.0.0.1:8000 for batch jobs; see
# csphub/core/site_url.py. Production warns when it is unset (csphub.W002).
CSPHUB_BASE_URL = os.environ.get("CSPHUB_BASE_URL", "").rstrip("/")
# How long an action owner's signed update link works.
CSPHUB_UPDATE_LINK_DAYS = int(os.environ.get("CSPHUB_UPDATE_LINK_DAYS", "14"))
# Real police open data for `load_demo` (../shared/data/police beside the project; BASE_DIR is
# the csphub package, so the checkout is its parent and shared/ sits beside the checkout).
CSPHUB_POLICE_DATA_DIR = Path(
    os.environ.get("CSPHUB_POLICE_DATA_DIR", PROJECT_DIR.parent / "shared" / "data" / "police")
)

# Logs: one JSON object a line with a UTC timestamp (csphub/core/logs.py), to standard error
# for the process manager to keep. django.request records every 4xx (denials: 403, and 404
# from the access functions) at WARNING and every 5xx at ERROR with its traceback;
# django.security.csrf records CSRF refusals; csphub.security sign-ins and lockouts.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "csphub.core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "csphub.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "csphub": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Its warnings repeat what csphub.security and the audit trail already record
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# --- Accounts: password change and reset, MFA (issue 10 part 4, decision 0018) -----------
# django-otp: TOTP authenticator apps and single-use recovery codes. OTPMiddleware marks
# `request.user.is_verified()`; ours (after the idle clock, before axes) sends a signed-in
# user who must pass the second step, or must enrol first, there before anything else.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("csphub.accounts.middleware.IdleTimeoutMiddleware") + 1,
    "csphub.accounts.middleware.MfaRequiredMiddleware",
)
OTP_TOTP_ISSUER = "CSP Hub"
# Wrong codes slow the next try down (1 s, 2 s, 4 s...) per device (ASVS 6.3.1)
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A reset link works once (Django's token hashes the password) and for an hour (ASVS 6.4.x)
PASSWORD_RESET_TIMEOUT = 60 * 60

# --- Rendered documents (issue 15 part 3, docs/decisions/0033) ---
# PDFs and Word files kept by a digest of their content. CSPHUB_DOCUMENT_CACHE_DIR names a
# folder shared by the web workers (production sets one by default); without it each
# process keeps its own in memory. Bounded by entries (and documents over 20 MB are not
# kept); a key never goes stale, so the timeout only frees space.
DOCUMENT_CACHE_DIR = os.environ.get("CSPHUB_DOCUMENT_CACHE_DIR", "")
CACHES["documents"] = (
    {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DOCUMENT_CACHE_DIR,
        "TIMEOUT": 30 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4},
    }
    if DOCUMENT_CACHE_DIR
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "csphub-documents",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 4},
    }
)
# --- end rendered documents ---
