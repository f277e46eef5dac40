"""The address a request came from, for sign-in lockouts and the security log.

Behind reverse proxies REMOTE_ADDR is the nearest proxy, the same for everyone. With
CSPHUB_PROXY_COUNT set to the number of proxies we run in front of the service, the client's
address is the one the outermost of them saw: the N-th entry from the right of
X-Forwarded-For. Entries further left are whatever the client chose to send, so they are never
used. Anything that is not an IP address falls back to REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "CSPHUB_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count and _valid(forwarded[-count]):
            return forwarded[-count]
    return remote if _valid(remote) else ""
