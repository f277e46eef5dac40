"""Site-wide pages that need no app: accessibility, health and the error pages.

The front page lists partnerships, so it is `partnerships.views.site_home`.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import health


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {})


def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" when the database takes writes and the media folder is writable; else 503
    naming each check that failed (for the load balancer and the person reading its log)."""
    failed = health.problems()
    if not failed:
        return HttpResponse("ok", content_type="text/plain; charset=utf-8")
    text = "\n".join(f"{name}: FAILED: {why}" for name, why in failed.items())
    response = HttpResponse(text, status=503, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
