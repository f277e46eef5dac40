"""Template context every page needs."""

from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"service_name": "CSP Hub"}
