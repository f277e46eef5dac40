from django.apps import AppConfig


class MembersConfig(AppConfig):
    """A signed-in member's own view: their next meetings and papers, actions, attendance."""

    name = "csphub.members"
    label = "members"
    verbose_name = "Members' home"
