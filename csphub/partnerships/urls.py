"""Partnership pages, mounted at p/<slug>/ (the slug reaches every view as `slug`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("brand.css", views.brand_css, name="brand_css"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<slug:body>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<slug:body>/rename/", views.body_rename, name="body_rename"),
    path(
        "bodies/<slug:body>/minute-numbering/",
        views.minute_sequence_restart,
        name="minute_sequence_restart",
    ),
    path("bodies/<slug:body>/members/", views.memberships, name="memberships"),
    path("bodies/<slug:body>/members/add/", views.membership_add, name="membership_add"),
    path(
        "bodies/<slug:body>/members/<int:pk>/edit/",
        views.membership_edit,
        name="membership_edit",
    ),
    path(
        "bodies/<slug:body>/members/<int:pk>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<slug:person>/edit/", views.person_edit, name="person_edit"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
]
