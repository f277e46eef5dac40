from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over minutes, resolutions, actions, items and papers, as permitted."""

    name = "csphub.search"
    label = "search"
    verbose_name = "Search"
