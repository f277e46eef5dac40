"""The read-only JSON API, /api/v1/ (its OpenAPI description at /api/v1/openapi.json)."""

urlpatterns: list = []
