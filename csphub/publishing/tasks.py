"""Background work: the e-mails about a publication event.

Django's tasks framework (the django-tasks backport): the default backend runs a task at
once in the process (so `make run` needs no worker); with ``CSPHUB_TASKS_BACKEND=database``
tasks wait in the database for ``manage.py db_worker`` (decision 0012).
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def deliver(notification_id: int, root: str) -> int:
    """Send one notification's e-mails; returns how many were sent."""
    return services.notification_deliver(notification_id=notification_id, root=root).sent
