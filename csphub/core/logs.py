"""Log lines an operator can search: one JSON object a line, UTC timestamps.

Django already logs what we need to see (``django.request``: every 4xx at WARNING, every
5xx at ERROR with its traceback; ``django.security.csrf``: CSRF refusals); our own
``csphub.security`` logs sign-ins, lockouts and refusals. This formatter adds the request's
method, path, status, user id and client address to each, so a denial or a server error
can be traced without reading tracebacks.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from .client_ip import client_ip

# Attributes every LogRecord has; anything else was passed in `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
            user = getattr(request, "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                entry["user_id"] = user.pk
            entry["ip"] = _client_ip(request)
        for key, value in vars(record).items():
            if key not in _STANDARD and key != "request" and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _client_ip(request: Any) -> str:
    try:
        return client_ip(request)
    except Exception:  # noqa: BLE001 - a log line must never fail for want of an address
        return ""
