"""Who is asking: the client's address, also behind a reverse proxy.

A proxy appends the address it received the request from to X-Forwarded-For, so the last
`PORTAL_TRUSTED_PROXIES` entries are written by proxies we run and the one before them is the
client. Anything further left was sent by the client and proves nothing. With no trusted proxy
the header is ignored: anybody can send it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    trusted = settings.PORTAL_TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if not trusted:
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [a for a in chain if a]
    # The nearest proxy's own peer is REMOTE_ADDR; each proxy before it appended one entry.
    hops = [*chain, remote]
    return hops[-(trusted + 1)] if len(hops) > trusted else hops[0]
