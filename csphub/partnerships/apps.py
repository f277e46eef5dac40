from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "csphub.partnerships"
    label = "partnerships"
