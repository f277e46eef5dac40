"""The public website pages, mounted by the project URLconf at p/<slug>/ (namespace
`public`), after the partnership's own patterns and before `meetings/<body>/...`: the
calendar's address `meetings/` is the meeting pages' parent, as on councils' sites."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("decisions/", views.decisions, name="decisions"),
    path("attendance/", views.attendance, name="attendance"),
]
