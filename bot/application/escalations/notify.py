"""Delivering an admin's answer back to the person who asked, on their platform.

Each chat adapter registers a `Notifier` under its platform name ("slack",
"teams"). The registry never raises: if no notifier is registered, the
escalation has no reply address, or delivery fails, it logs why and the answer
simply stays stored (the admin UI and `policybot escalations show` display it).
"""
from __future__ import annotations

import logging
from typing import Protocol

from bot.application.escalations.models import Escalation

log = logging.getLogger(__name__)


class Notifier(Protocol):
    def notify_answer(self, escalation: Escalation) -> None:
        """Deliver `escalation.answer` to `escalation.reply_to`."""


class NotifierRegistry:
    """Platform name -> Notifier; `notify_answer` dispatches on `escalation.reply_to.platform`."""

    def __init__(self, notifiers: dict[str, Notifier] | None = None):
        self._notifiers: dict[str, Notifier] = dict(notifiers or {})

    def register(self, platform: str, notifier: Notifier) -> None:
        self._notifiers[platform] = notifier

    def unregister(self, platform: str) -> None:
        self._notifiers.pop(platform, None)

    def get(self, platform: str) -> Notifier | None:
        return self._notifiers.get(platform)

    def platforms(self) -> list[str]:
        return sorted(self._notifiers)

    def notify_answer(self, escalation: Escalation) -> bool:
        """True when a notifier delivered the answer; False (logged) otherwise."""
        if escalation.reply_to is None:
            log.info("escalation #%s has no reply address; answer stays stored", escalation.id)
            return False
        platform = escalation.reply_to.platform
        notifier = self._notifiers.get(platform)
        if notifier is None:
            log.warning("no notifier registered for %r; answer to escalation #%s stays stored",
                        platform, escalation.id)
            return False
        try:
            notifier.notify_answer(escalation)
        except Exception:   # a chat outage must not lose or undo the stored answer
            log.exception("delivering the answer to escalation #%s via %s failed", escalation.id, platform)
            return False
        return True
