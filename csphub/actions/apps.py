from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "csphub.actions"
    label = "actions"

    def ready(self) -> None:
        from .documents import register_documents

        register_documents()
