from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Sub-group reports on a body's pro-forma, collected before the paper deadline and filed
    as papers of the board's items."""

    name = "csphub.reports"
    label = "reports"
    verbose_name = "Sub-group reports"
