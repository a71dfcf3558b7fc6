"""The visitor's address, by one rule for the whole site: X-Forwarded-For is believed
only as far as our own proxies wrote it. The upload limits, the join-code throttle
and the admin's login lockout (django-axes) all count by it."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address (also settings.AXES_CLIENT_IP_CALLABLE)."""
    return client_ip_from_meta(request.META)


def client_ip_from_meta(meta: Mapping[str, Any]) -> str:
    """The address in a request's META. Walking X-Forwarded-For from the right, each
    hop counts only while the address it came from is one of DETECTOR_TRUSTED_PROXIES.
    From any other peer the header is ignored, so a visitor cannot pick an address to
    dodge the limits."""
    address = meta.get("REMOTE_ADDR", "")
    forwarded = [ip.strip() for ip in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if ip.strip()]
    while forwarded and _trusted(address):
        candidate = forwarded.pop()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break
        address = candidate
    return address


def trusted_proxy_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(entry, strict=False) for entry in settings.DETECTOR_TRUSTED_PROXIES
    ]


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_proxy_networks())
