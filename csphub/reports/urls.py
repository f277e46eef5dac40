"""The reports app's pages (mounted under /p/<slug>/ in csphub/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns: list = []
