"""Errors raised by the escalation store and service.

    PolicyBotStoreError
     ├── NotFound       no escalation / question / ruling / admin user with that id
     ├── Conflict       the escalation changed under you (answered concurrently, already closed,
     │                  or `expected_version` is stale); reload and decide again
     └── InvalidInput   the request itself is wrong (empty or over-long answer, unknown status, ...)
"""
from __future__ import annotations

__all__ = ["PolicyBotStoreError", "NotFound", "Conflict", "InvalidInput"]


class PolicyBotStoreError(Exception):
    """Base class of every error the escalation store raises."""


class NotFound(PolicyBotStoreError):
    pass


class Conflict(PolicyBotStoreError):
    pass


class InvalidInput(PolicyBotStoreError):
    pass
