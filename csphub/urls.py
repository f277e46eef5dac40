from django.urls import include, path

urlpatterns = [
    path("", include("csphub.core.urls")),
    path("accounts/", include("csphub.accounts.urls")),
    path("p/<slug:slug>/", include("csphub.partnerships.urls")),
    path("p/<slug:slug>/meetings/", include("csphub.meetings.urls")),
    path("p/<slug:slug>/audit/", include("csphub.audit.urls")),
    path("p/<slug:slug>/actions/", include("csphub.actions.urls_log")),
    path("p/<slug:slug>/matters-arising/", include("csphub.actions.urls_ma")),
    path("p/<slug:slug>/crime-pack/", include("csphub.performance.urls_pack")),
    path("p/<slug:slug>/performance/", include("csphub.performance.urls")),
    path("update/", include("csphub.actions.urls_links")),
    path("categories/", include("csphub.police.urls_categories")),
]

handler400 = "csphub.core.views.bad_request"
handler403 = "csphub.core.views.permission_denied"
handler404 = "csphub.core.views.page_not_found"
handler500 = "csphub.core.views.server_error"
