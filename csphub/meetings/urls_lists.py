"""The meeting lists on a partnership's home page and body pages, mounted at p/<slug>/ in
the `partnerships` namespace after `partnerships.urls` (see `csphub/urls.py`), so that
`bodies/new/` is not taken for a body called "new"."""

from django.urls import path

from .views import lists

urlpatterns = [
    path("", lists.home, name="home"),
    path("bodies/<slug:body>/", lists.body, name="body"),
]
