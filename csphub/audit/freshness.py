"""How fresh a cached page fragment is: the audit chain's head names the state of the data.

Why this works: every write goes through a service that records an audit event, and recording
one locks and advances the single chain head (:mod:`csphub.audit.services`) in the write's own
transaction. So the head's count and hash change with every committed change to anything a
page can show, in commit order — unlike the newest event id, which a slower transaction can
commit behind. A fragment keyed by the head is never served after the data under it changed
(decision 0029).
"""

from __future__ import annotations

from typing import Any

from .models import AuditHead

_ATTRIBUTE = "_csphub_data_version"


def data_version(request: Any = None) -> str:
    """The chain head as a short token, read once per request (one single-row query)."""
    if request is not None and hasattr(request, _ATTRIBUTE):
        return getattr(request, _ATTRIBUTE)
    head = AuditHead.objects.filter(pk=1).values_list("count", "last_hash").first()
    version = f"{head[0]}-{head[1][:16]}" if head else "0"
    if request is not None:
        setattr(request, _ATTRIBUTE, version)
    return version
