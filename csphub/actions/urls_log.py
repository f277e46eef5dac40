"""The action log and action pages, mounted at p/<slug>/actions/."""

from django.urls import path

from . import views_initials, views_log, views_proposals

app_name = "actions"
urlpatterns = [
    path("", views_log.action_log, name="log"),
    path("body/<slug:body>/", views_log.body_log, name="body_log"),
    path("owner/<slug:person>/", views_log.owner, name="owner"),
    path("new/", views_log.action_new, name="new"),
    path("initials/", views_initials.initials, name="initials"),
    path("<int:pk>/", views_log.detail, name="detail"),
    path("<int:pk>/update/", views_log.post_update, name="post_update"),
    path("<int:pk>/status/", views_log.set_status, name="set_status"),
    path("<int:pk>/due/", views_log.set_due, name="set_due"),
    path("<int:pk>/reassign/", views_log.reassign, name="reassign"),
    path("<int:pk>/edit/", views_log.edit, name="edit"),
    path("updates/<int:pk>/proposal/", views_proposals.decide, name="proposal"),
    path("updates/<int:pk>/wording/", views_log.update_wording, name="update_wording"),
]
