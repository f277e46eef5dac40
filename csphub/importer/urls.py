"""The importer app's pages (mounted under /p/<slug>/import/ in csphub/urls.py)."""

from django.urls import path

from . import views

app_name = "importer"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("<int:pk>/done/", views.result, name="result"),
]
