from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "csphub.actions"
    label = "actions"
