"""Liveness and readiness, shared by the Slack, Teams and admin servers.

`GET /healthz` answers 200 while the process serves requests at all (liveness). `GET /readyz`
answers 200 only when a question could be answered now: the model is loaded and the default
collection open (warmed at start), the vector store and the escalation database reachable;
otherwise 503 with the failing checks. Bodies are small JSON objects without secrets.
"""
from __future__ import annotations

import json
from typing import Protocol

from bot.application.errors import error_line

HEALTH_PATH, READY_PATH = "/healthz", "/readyz"


class Warmable(Protocol):
    def readiness(self) -> dict[str, str]: ...


class Pingable(Protocol):
    def ping(self) -> None: ...


class Health:
    def __init__(self, *, engine: Warmable | None = None, store: Pingable | None = None):
        self.engine = engine
        self.store = store

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.engine is not None:
            found.update(self.engine.readiness())
        if self.store is not None:
            try:
                self.store.ping()
            except Exception as exc:
                found["database"] = error_line(exc)[:200]
        return found

    def live(self) -> tuple[int, str]:
        return 200, json.dumps({"status": "ok"})

    def ready(self) -> tuple[int, str]:
        """(status, JSON body) for /readyz."""
        problems = self.problems()
        if problems:
            return 503, json.dumps({"status": "unavailable", "problems": problems})
        return 200, json.dumps({"status": "ready"})

    def respond(self, path: str) -> tuple[int, str] | None:
        """The response for a health path, or None for any other path."""
        if path == HEALTH_PATH:
            return self.live()
        if path == READY_PATH:
            return self.ready()
        return None
