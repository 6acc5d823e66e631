"""Session secret, CSRF tokens and login throttling for the admin UI.

- The session cookie is signed with POLICYBOT_SECRET_KEY, or else with a random
  key generated once and kept in the data directory (mode 0600), so sessions
  survive restarts without a secret ever living in app.yaml.
- Every POST form carries the session's CSRF token; a missing or wrong token is 403.
- Failed logins are counted per username and per client address; past a few
  failures each further attempt must wait an exponentially growing time.
"""
from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from pathlib import Path

from fastapi import HTTPException, Request

from knowledge.settings import Settings

SECRET_FILE = "admin-secret.key"


def session_secret(settings: Settings) -> str:
    secret = settings.secret("POLICYBOT_SECRET_KEY")
    if secret:
        return secret
    path = Path(settings.data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


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
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail="Invalid or missing CSRF token. Reload the page and try again.")


class LoginThrottle:
    """Per-key failure counts with exponential backoff (in memory, per process)."""

    def __init__(self, free_attempts: int = 5, base_delay: float = 2.0, max_delay: float = 900.0,
                 forget_after: float = 3600.0, clock=time.monotonic):
        self.free_attempts = free_attempts
        self.forget_after = forget_after    # a key's failures are forgotten after this long without one
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.clock = clock
        self._failures: dict[str, tuple[int, float]] = {}   # key -> (count, time of last failure)
        self._lock = threading.Lock()

    def wait_seconds(self, *keys: str) -> float:
        """How long until these keys may try again (0: now)."""
        now = self.clock()
        longest = 0.0
        with self._lock:
            for key in keys:
                count, last = self._current(key, now)
                if count >= self.free_attempts:
                    delay = min(self.max_delay, self.base_delay * 2 ** (count - self.free_attempts))
                    longest = max(longest, last + delay - now)
        return max(0.0, longest)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                count, _ = self._current(key, now)
                self._failures[key] = (count + 1, now)

    def _current(self, key: str, now: float) -> tuple[int, float]:
        count, last = self._failures.get(key, (0, 0.0))
        if count and now - last > self.forget_after + self.max_delay:
            self._failures.pop(key, None)
            return 0, 0.0
        return count, last

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
