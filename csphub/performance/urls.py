"""Performance pages, mounted at p/<slug>/performance/ (the slug reaches every view)."""

from django.urls import path

from . import views_indicators as views

app_name = "performance"
urlpatterns = [
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path(
        "indicators/<int:pk>/observations/new/",
        views.observation_new,
        name="observation_new",
    ),
    path("observations/upload/", views.observation_upload, name="observation_upload"),
]
