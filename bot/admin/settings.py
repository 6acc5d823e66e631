"""The admin web UI's section of app.yaml (`admin:`), checked once when it is built."""
from __future__ import annotations

from dataclasses import dataclass

from bot.admin.proxies import parse_networks
from knowledge.sections import Section, setting


def _network(value: str) -> str | None:
    try:
        parse_networks([value])
    except ValueError:
        return "expected an IP address or network (CIDR), e.g. 10.0.0.0/8"
    return None


@dataclass(frozen=True)
class AdminSettings(Section):
    KEY = "admin"
    host: str = "127.0.0.1"
    port: int = setting(8080, low=1, high=65535)
    retention_days: int = setting(0, low=0)                # 0 keeps question text forever
    session_idle_minutes: int = setting(30, low=1)         # a session unused this long ends
    session_max_hours: int = setting(12, low=1)            # a session ends this long after login, however busy
    # Mark the session cookie Secure (sent over HTTPS only). Always on for a request that
    # came over HTTPS directly or, through a trusted proxy, with X-Forwarded-Proto: https.
    secure_cookies: bool = False
    # Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For / -Proto are
    # believed; from anyone else these headers are ignored.
    trusted_proxies: tuple[str, ...] = setting((), check=_network)
