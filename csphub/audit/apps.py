from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "csphub.audit"
    label = "audit"
