from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public website: meeting calendar, decisions and actions registers, attendance."""

    name = "csphub.public"
    label = "public"
    verbose_name = "Public website"
