from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "csphub.documents"
    label = "documents"
