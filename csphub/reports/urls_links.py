"""Mounted at report/: an author's signed link (no account)."""

from django.urls import path

from . import views

app_name = "report_links"
urlpatterns = [
    path("<str:report_token>/", views.link_submit, name="submit"),
    path("<str:report_token>/sent/", views.link_done, name="done"),
]
