"""Which address a request came from, for sign-in throttling.

Behind the reverse proxy the README describes, every request arrives from 127.0.0.1; the
proxy appends the client's address to ``X-Forwarded-For``. That header is believed only
when the request came from a trusted proxy (``ARCHIVE_TRUSTED_PROXIES``), and then only its
last untrusted hop — what the proxy itself saw — since a client can write anything before it.
"""
from __future__ import annotations

import ipaddress
import os

from django.http import HttpRequest

TRUSTED_PROXIES = frozenset(
    address.strip()
    for address in os.environ.get("ARCHIVE_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if address.strip()
)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote not in TRUSTED_PROXIES or not forwarded:
        return remote
    for hop in reversed(forwarded.split(",")):
        hop = hop.strip()
        if hop in TRUSTED_PROXIES:
            continue
        return hop if _is_address(hop) else remote
    return remote
