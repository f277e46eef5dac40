"""The audit log, mounted at p/<slug>/audit/."""

from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
]
