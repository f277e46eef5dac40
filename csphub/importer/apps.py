from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Bringing old agenda packs and minutes in: parsed to a draft, reviewed, then committed."""

    name = "csphub.importer"
    label = "importer"
    verbose_name = "Importer"
