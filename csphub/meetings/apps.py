from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "csphub.meetings"
    label = "meetings"
