"""Mounted at update/: the owners' signed links (no account), and the secretariat's pages
for sending and revoking update requests under p/<slug>/."""

from django.urls import path

from . import views_links, views_requests

app_name = "action_links"
P = "p/<slug:slug>/requests/"
urlpatterns = [
    # Secretariat (signed in, secretariat or administrator of the partnership)
    path(P, views_requests.request_list, name="list"),
    path(P + "<int:pk>/revoke/", views_requests.revoke, name="revoke"),
    path(P + "<slug:body>/<str:date>/", views_requests.send, name="send"),
    # Action owners, from the e-mail: the token is the only key
    path("<str:token>/", views_links.update, name="update"),
    path("<str:token>/thanks/", views_links.thanks, name="thanks"),
    path("<str:token>/mine/", views_links.mine, name="mine"),
]
