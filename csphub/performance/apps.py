from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "csphub.performance"
    label = "performance"

    def ready(self) -> None:
        from .documents import register_documents

        register_documents()
