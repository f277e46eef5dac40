from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "csphub.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the sign-in security log)
