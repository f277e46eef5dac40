"""Agenda packs and the publication record, under a meeting's address (mounted at
p/<slug>/meetings/ before the meetings app's own patterns)."""

from django.urls import path

from . import views

app_name = "publishing"
M = "<slug:body>/<str:date>/"
urlpatterns = [
    path(M + "pack.pdf", views.latest_pack, name="latest_pack"),
    path(M + "packs/<int:number>/public.pdf", views.pack, name="pack_public"),
    path(M + "packs/<int:number>/members.pdf", views.members_pack, name="pack_members"),
    path(M + "manage/pack/", views.dispatch, name="dispatch"),
    path(M + "manage/notify/", views.notify, name="notify"),
]
