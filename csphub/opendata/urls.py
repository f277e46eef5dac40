"""The open data pages, mounted by the project URLconf at p/<slug>/."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("meetings.ics", views.meetings_ics, name="meetings_ics"),
    path("bodies/<slug:body>/meetings.ics", views.body_meetings_ics, name="body_meetings_ics"),
    path("data/", views.index, name="index"),
    path("data/<slug:dataset>.<slug:fmt>", views.download, name="download"),
]
