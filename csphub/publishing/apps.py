from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Agenda packs (compiled, versioned, dispatched) and a meeting's publication record."""

    name = "csphub.publishing"
    label = "publishing"
    verbose_name = "Publishing"
