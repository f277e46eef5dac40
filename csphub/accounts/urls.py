"""Sign-in and sign-out, and each partnership's users page (accounts/p/<slug>/roles/)."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("p/<slug:slug>/roles/", views.roles, name="roles"),
    path("p/<slug:slug>/roles/new/", views.user_new, name="user_new"),
    path("p/<slug:slug>/roles/<int:user_id>/", views.role_edit, name="role_edit"),
    path("p/<slug:slug>/roles/<int:user_id>/remove/", views.role_remove, name="role_remove"),
]
