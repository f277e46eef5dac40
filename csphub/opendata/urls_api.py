"""The read-only JSON API, /api/v1/ (its OpenAPI description at /api/v1/openapi.json)."""

from .api import api

urlpatterns, app_name = api.urls[0], api.urls_namespace
