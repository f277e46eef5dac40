from django.urls import path

from . import views_pack

app_name = "crime_pack"

urlpatterns = [
    path("", views_pack.pack_page, name="pack"),
    path("attach/", views_pack.pack_attach_page, name="attach"),
]
