from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Open data: iCalendar feeds, CSV and JSON downloads, the read-only API at /api/v1/."""

    name = "csphub.opendata"
    label = "opendata"
    verbose_name = "Open data"
