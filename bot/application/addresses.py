"""Whether a host name or address is this machine's own (loopback), for binding checks and allow-lists."""
from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    """True for "localhost" and loopback addresses, bracketed IPv6 ("[::1]") included."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
