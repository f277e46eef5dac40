from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "csphub.performance"
    label = "performance"
