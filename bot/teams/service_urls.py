"""Which `serviceUrl`s the bot may send to: the Bot Framework and Teams hosts, and nothing else.

Every reply goes to the activity's `serviceUrl`, which the sender chooses. Without
this check, an activity naming `http://169.254.169.254/` (cloud metadata) or an
internal host would make the bot POST there. Trusted by default:

    https://smba.trafficmanager.net/...        Teams (public cloud, all regions)
    https://*.botframework.com/...             Bot Framework channels and the emulator service
    https://*.teams.microsoft.com/...          Teams (GCC: smba.infra.gcc.teams.microsoft.com)
    https://*.teams.microsoft.us/...           Teams GCC High / DoD
    https://*.botframework.us/..., https://*.botframework.azure.us/...   US Government clouds

`teams.service_urls` adds patterns of the same form (`https://*.example.org/path/`).
Loopback (`http://127.0.0.1:PORT`, `localhost`, `[::1]`) is trusted only in local mode,
without MicrosoftAppId, where the bot serves nothing but loopback either.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

from bot.application.addresses import is_loopback

DEFAULT_SERVICE_URLS = (
    "https://smba.trafficmanager.net/",
    "https://*.botframework.com/",
    "https://*.teams.microsoft.com/",
    "https://*.teams.microsoft.us/",
    "https://*.botframework.us/",
    "https://*.botframework.azure.us/",
)


@dataclass(frozen=True)
class _Pattern:
    scheme: str
    host: str            # "*.example.org" or "exact.example.org"
    port: int | None
    path: str

    @classmethod
    def parse(cls, pattern: str) -> "_Pattern":
        parts = urlsplit(pattern.strip())
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(f"teams.service_urls: {pattern!r} is not an http(s) URL pattern")
        host = parts.netloc.rsplit("@", 1)[-1].split(":")[0].lower()
        return cls(parts.scheme, host, parts.port, parts.path or "/")

    def matches(self, scheme: str, host: str, port: int | None, path: str) -> bool:
        if scheme != self.scheme or port != self.port or not (path or "/").startswith(self.path):
            return False
        if self.host.startswith("*."):
            return host.endswith(self.host[1:]) and len(host) > len(self.host) - 1
        return host == self.host


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a `teams.service_urls` entry, or None (checked in bot/teams/settings.py)."""
    try:
        _Pattern.parse(pattern)
    except ValueError:
        return "expected an http(s) URL pattern, e.g. https://*.example.org/"
    return None


class ServiceUrlPolicy:
    def __init__(self, extra: Iterable[str] = (), *, allow_loopback: bool = False):
        self._patterns = [_Pattern.parse(p) for p in (*DEFAULT_SERVICE_URLS, *extra)]
        self._allow_loopback = allow_loopback

    def allows(self, url: object) -> bool:
        if not isinstance(url, str) or len(url) > 2048:
            return False
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        if port == {"https": 443, "http": 80}.get(parts.scheme):
            port = None                 # https://host:443/ is https://host/
        if not host or "@" in parts.netloc or parts.scheme not in ("https", "http"):
            return False        # user-info tricks (https://smba.trafficmanager.net@evil.example/) included
        if self._allow_loopback and is_loopback(host):
            return True
        return any(p.matches(parts.scheme, host, port, parts.path) for p in self._patterns)
