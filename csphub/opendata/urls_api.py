"""The read-only JSON API, /api/v1/ (its OpenAPI description at /api/v1/openapi.json).

Every error under /api/v1/ is JSON: Ninja answers a wrong method with a plain-text 405 and
Django an unknown path with the site's HTML 404, so both are rewritten here.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path

from .api import api


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            refused = JsonResponse({"detail": "Method not allowed"}, status=405)
            refused["Allow"] = response.get("Allow", "GET")
            return refused
        return response

    return wrapped


def not_found(request: HttpRequest, path: str) -> JsonResponse:
    return JsonResponse({"detail": "Not Found"}, status=404)


app_name = api.urls_namespace
urlpatterns = api.urls[0]
for pattern in urlpatterns:
    if isinstance(pattern, URLPattern):
        pattern.callback = _json_405(pattern.callback)
urlpatterns.append(re_path(r"^(?P<path>.+)$", not_found))
