from django.apps import AppConfig


class PoliceConfig(AppConfig):
    """Police open data, shared by every partnership; ``csphub.performance`` builds on it."""

    name = "csphub.police"
    label = "police"
    verbose_name = "Police open data"
