"""The audit log of a partnership, mounted at p/<slug>/audit/ (URL names `audit:`)."""

from django.urls import path

from . import views_audit as views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
]
