"""The search pages, mounted by the project URLconf at p/<slug>/search/."""

from django.urls import path

from . import views

app_name = "search"
urlpatterns = [path("", views.search_page, name="search")]
