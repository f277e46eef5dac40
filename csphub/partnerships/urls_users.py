"""A partnership's users and roles, mounted under accounts/ in the `accounts` namespace."""

from django.urls import path

from . import views_users as views

urlpatterns = [
    path("p/<slug:slug>/roles/", views.roles, name="roles"),
    path("p/<slug:slug>/roles/new/", views.user_new, name="user_new"),
    path("p/<slug:slug>/roles/<int:user_id>/", views.role_edit, name="role_edit"),
    path("p/<slug:slug>/roles/<int:user_id>/person/", views.role_person, name="role_person"),
    path("p/<slug:slug>/roles/<int:user_id>/remove/", views.role_remove, name="role_remove"),
]
