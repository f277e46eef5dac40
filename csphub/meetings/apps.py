from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "csphub.meetings"
    label = "meetings"

    def ready(self) -> None:
        from .documents import register_documents

        register_documents()
