"""The project's URLs: where each app's pages are mounted.

Some namespaces are composed from more than one app, so that URL names stay stable while each
page lives in the app whose data it reads and no app imports a higher one: the partnership's
home and body pages (`partnerships:`) list meetings, the users pages (`accounts:`) are
partnership pages, and the front page (`core:home`) lists partnerships.
"""

from django.urls import include, path

from csphub.accounts import urls as accounts_urls
from csphub.core import urls as core_urls
from csphub.meetings import urls_lists as meeting_lists_urls
from csphub.partnerships import urls as partnerships_urls
from csphub.partnerships import urls_users
from csphub.partnerships.views import site_home


def _namespace(name: str, *patterns: list) -> tuple[list, str]:
    """One URL namespace made of the patterns of several modules, in order."""
    return [pattern for group in patterns for pattern in group], name


urlpatterns = [
    path(
        "", include(_namespace("core", [path("", site_home, name="home")], core_urls.urlpatterns))
    ),
    path(
        "accounts/",
        include(_namespace("accounts", accounts_urls.urlpatterns, urls_users.urlpatterns)),
    ),
    path(
        "p/<slug:slug>/",
        include(
            _namespace(
                "partnerships", partnerships_urls.urlpatterns, meeting_lists_urls.urlpatterns
            )
        ),
    ),
    path("p/<slug:slug>/", include("csphub.public.urls")),
    path("p/<slug:slug>/", include("csphub.opendata.urls")),
    path("p/<slug:slug>/", include("csphub.members.urls")),
    path("p/<slug:slug>/search/", include("csphub.search.urls")),
    path("p/<slug:slug>/meetings/", include("csphub.publishing.urls")),
    path("p/<slug:slug>/meetings/", include("csphub.meetings.urls")),
    path("p/<slug:slug>/audit/", include("csphub.partnerships.urls_audit")),
    path("p/<slug:slug>/actions/", include("csphub.actions.urls_log")),
    path("p/<slug:slug>/matters-arising/", include("csphub.actions.urls_ma")),
    path("p/<slug:slug>/crime-pack/", include("csphub.performance.urls_pack")),
    path("p/<slug:slug>/performance/", include("csphub.performance.urls")),
    path("p/<slug:slug>/strategy/", include("csphub.strategy.urls")),
    path("p/<slug:slug>/reports/", include("csphub.reports.urls")),
    path("p/<slug:slug>/import/", include("csphub.importer.urls")),
    path("update/", include("csphub.actions.urls_links")),
    path("report/", include("csphub.reports.urls_links")),
    path("categories/", include("csphub.police.urls_categories")),
    path("api/v1/", include("csphub.opendata.urls_api")),
]

handler400 = "csphub.core.views.bad_request"
handler403 = "csphub.core.views.permission_denied"
handler404 = "csphub.core.views.page_not_found"
handler500 = "csphub.core.views.server_error"
