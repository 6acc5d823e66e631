"""CSRF tokens and login throttling for the admin UI.

- Every POST form carries the session's CSRF token; a missing or wrong token is 403.
- Failed logins are counted per (client address, username) and per client address,
  in the database, so every admin process shares the counts. Past a few failures
  each further attempt must wait an exponentially growing time. Nothing is counted
  per username alone: knowing an admin's name never lets anyone lock them out, and
  their right password from another address always gets in. A successful login
  clears its address's counts. The address is the real peer unless it is a
  trusted proxy (see proxies.py).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from fastapi import HTTPException, Request

from bot.application.escalations.login_failures import LoginFailures


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """FastAPI dependency for every POST: the form's csrf_token must match the session's."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="Invalid or missing CSRF token. Reload the page and try again.")


def _key(*parts: str) -> str:
    # Hashed: usernames typed at the login form (sometimes a password by mistake) are not stored.
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class LoginThrottle:
    """Failure counts with exponential backoff, kept in the escalation database."""

    def __init__(self, store, free_attempts: int = 5, base_delay: float = 2.0, max_delay: float = 900.0,
                 forget_after: float = 3600.0, clock=time.time):
        self.failures = LoginFailures(store)
        self.free_attempts = free_attempts
        self.forget_after = forget_after    # a key's failures are forgotten after this long without one
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock

    @staticmethod
    def keys(address: str, username: str) -> tuple[str, str]:
        """(this address trying this username, this address trying any username)."""
        return _key("user-at", address, username.strip().lower()[:200]), _key("address", address)

    def wait_seconds(self, *keys: str) -> float:
        """How long until these keys may try again (0: now)."""
        now = self.clock()
        longest = 0.0
        for count, last in self.failures.get(list(keys)).values():
            if now - last > self.forget_after + self.max_delay:
                continue
            if count >= self.free_attempts:
                delay = min(self.max_delay, self.base_delay * 2 ** min(count - self.free_attempts, 30))
                longest = max(longest, last + delay - now)
        return max(0.0, longest)

    def failed(self, *keys: str) -> None:
        self.failures.add(list(keys), self.clock(), self.forget_after + self.max_delay)

    def succeeded(self, *keys: str) -> None:
        self.failures.clear(list(keys))
