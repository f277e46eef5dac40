"""Background work: the e-mail asking an author for a report, or reminding them.

As in `publishing/tasks.py`: the service records the request and queues this after its
transaction commits; the default backend runs it at once, `CSPHUB_TASKS_BACKEND=database`
leaves it for `manage.py db_worker`.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def deliver(request_id: int, root: str, kind: str) -> bool:
    """Send one request's e-mail; True when it went."""
    return services.report_request_deliver(request_id=request_id, root=root, kind=kind)
