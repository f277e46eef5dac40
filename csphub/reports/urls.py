"""The reports app's pages (mounted under /p/<slug>/reports/ in csphub/urls.py)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("pro-forma/<slug:body>/", views.pro_forma_edit, name="pro_forma"),
    path("request/<int:pk>/send/", views.request_send, name="request_send"),
    path("request/<int:pk>/remind/", views.request_remind, name="request_remind"),
    path("request/<int:pk>/withdraw/", views.request_revoke, name="request_revoke"),
    path("write/<int:pk>/", views.write, name="write"),
    path("write/<int:pk>/sent/", views.done, name="done"),
    path("<slug:body>/<str:date>/", views.meeting_reports, name="meeting"),
    path("<slug:body>/<str:date>/request/", views.request_new, name="request_new"),
]
