from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over minutes, resolutions, actions, items and papers, as permitted."""

    name = "csphub.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        """Index rows as the meetings and actions services save them (they cannot import us)."""
        from . import receivers

        receivers.connect()
