from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "csphub.actions"
    label = "actions"

    def ready(self) -> None:
        from csphub.meetings.signals import action_by_saved

        from .documents import register_documents
        from .signals import on_action_by_saved

        register_documents()
        action_by_saved.connect(on_action_by_saved, dispatch_uid="actions.action_by_saved")
