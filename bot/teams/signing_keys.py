"""Bot Framework signing keys fetched off the event loop, with a timeout, and cached.

botframework-connector validates each request's JWT against keys from an OpenID
metadata document (`JwtTokenExtractor` -> `_OpenIdMetadata._refresh`), which it
downloads with a blocking `requests.get` without a timeout, on the event loop:
while that stalls, every request of the server waits. `install()` makes the
library's metadata cache hand out `OffLoopKeys` instead, which

- fetches on one dedicated thread (never the default executor the answering
  engine uses), with a timeout on each HTTP call and on the wait;
- shares one in-flight fetch between concurrent requests;
- keeps the library's caching (keys refreshed daily, or hourly for an unknown key id);
- treats an unknown key id as "no key" (a 401), not an IndexError.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from datetime import datetime

import requests
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdMetadata

FETCH_TIMEOUT_SECONDS = 10.0
_FETCHER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="teams-signing-keys")


class KeyFetchTimeout(RuntimeError):
    """The signing keys could not be fetched in time; the request can be retried later (HTTP 503)."""


class OffLoopKeys(_OpenIdMetadata):
    def __init__(self, url: str):
        super().__init__(url)
        self._lock = threading.Lock()
        self._inflight: concurrent.futures.Future | None = None

    async def _refresh(self) -> None:
        with self._lock:
            if self._inflight is None or self._inflight.done():
                self._inflight = _FETCHER.submit(self._fetch)
            inflight = self._inflight
        try:
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(inflight)), FETCH_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            raise KeyFetchTimeout(f"fetching the Bot Framework signing keys took over {FETCH_TIMEOUT_SECONDS:g} s")
        except (requests.RequestException, ValueError, KeyError) as error:
            raise KeyFetchTimeout(f"cannot fetch the Bot Framework signing keys ({type(error).__name__})")

    def _fetch(self) -> None:
        response = requests.get(self.url, timeout=FETCH_TIMEOUT_SECONDS)
        response.raise_for_status()
        keys = requests.get(response.json()["jwks_uri"], timeout=FETCH_TIMEOUT_SECONDS)
        keys.raise_for_status()
        self.keys = keys.json()["keys"]
        self.last_updated = datetime.now()

    def _find(self, key_id: str):
        if not any(isinstance(k, dict) and k.get("kid") == key_id for k in self.keys or []):
            return None
        return super()._find(key_id)


class _OffLoopCache(dict):
    """The library looks metadata up with `.get(url)`; hand out (and keep) `OffLoopKeys`."""

    def get(self, url, default=None):
        found = super().get(url)
        if not isinstance(found, OffLoopKeys):
            found = OffLoopKeys(url)
            self[url] = found
        return found


def install() -> None:
    """Route the library's key fetching through `OffLoopKeys` (idempotent, process-wide like the library's cache)."""
    if not isinstance(JwtTokenExtractor.metadataCache, _OffLoopCache):
        JwtTokenExtractor.metadataCache = _OffLoopCache()
