"""Sign-in and sign-out. The users pages (accounts/p/<slug>/roles/) are composed into the
`accounts` namespace by `csphub/urls.py` from `partnerships.urls_users`."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
