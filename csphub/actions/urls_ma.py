"""Matters Arising, mounted at p/<slug>/matters-arising/."""

from django.urls import path

from . import views_ma

app_name = "matters_arising"
M = "<slug:body>/<str:date>/"
urlpatterns = [
    path("cover-sheet/", views_ma.cover_defaults, name="cover_defaults"),
    path(M + "cover-sheet/", views_ma.cover_edit, name="cover_edit"),
    path(M, views_ma.report, name="report"),
    path(M + "actions/<int:pk>/", views_ma.close, name="close"),
    path(M + "updates/<int:pk>/wording/", views_ma.edit_wording, name="edit_wording"),
]
