"""The member's home, mounted under /p/<slug>/ in the `members` namespace."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("your-home/", views.home, name="home"),
]
