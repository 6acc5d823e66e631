"""Who is really asking: the client address and scheme, believing proxy headers only from trusted proxies.

`X-Forwarded-For` and `X-Forwarded-Proto` can be sent by anyone. They are read
only when the connection itself comes from an address in `admin.trusted_proxies`;
then X-Forwarded-For is walked from the right (the hop our proxy added) past
further trusted proxies, and the first other address is the client. Anything
unparseable stops the walk, so a forged header can never name an arbitrary client.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """`admin.trusted_proxies` as networks; ValueError naming the bad entry."""
    if isinstance(values, str):         # `trusted_proxies: 10.0.0.1` in app.yaml, not a list
        values = values.split(",")
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(f"admin.trusted_proxies: {value!r} is not an IP address or network") from None
    return tuple(networks)


def _ip(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in net for net in networks)


def _header(scope: dict, name: bytes) -> str:
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name]
    return ",".join(values)


def peer_address(scope: dict) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def client_address(scope: dict, networks: tuple[Network, ...]) -> str:
    peer = peer_address(scope)
    if not _trusted(_ip(peer), networks):
        return peer
    client = peer
    for hop in reversed([h for h in _header(scope, b"x-forwarded-for").split(",") if h.strip()]):
        address = _ip(hop)
        if address is None:
            break
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


def is_https(scope: dict, networks: tuple[Network, ...]) -> bool:
    """The request reached us over HTTPS: directly, or as a trusted proxy says."""
    if scope.get("scheme") == "https":
        return True
    if not _trusted(_ip(peer_address(scope)), networks):
        return False
    proto = _header(scope, b"x-forwarded-proto").split(",")[0].strip().lower()
    return proto == "https"
