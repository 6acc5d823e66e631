"""Sending queued change notices through the platform notifiers, each exactly once when all goes well.

A notice is claimed (leased) before it is sent and marked sent right after, in its own transactions
(`ChangeStore`). Two senders never hold one notice; a sender killed mid-send leaves a lease that runs
out, and the next `deliver_notices` (the next ingest, `policybot log changes --send`, or a chat bot's
poller) sends it then. Chat APIs take no idempotency key, so the one case that can repeat a message is
a kill in the instant between the platform accepting it and the "sent" commit: a notice is never lost. A failed send is retried up to `MAX_ATTEMPTS` times, then marked failed and
listed by `policybot log changes`.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Protocol

from bot.application.changes.models import ChangeNotice
from bot.application.changes.store import ChangeStore
from bot.application.escalations.notify import NotifierRegistry

log = logging.getLogger(__name__)
LEASE_SECONDS = 120


class ChangeNotifier(Protocol):
    def notify_change(self, notice: ChangeNotice) -> None:
        """Send the notice to `notice.reply_to`; raise when it could not be sent."""


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0             # failed this time (retried later, up to MAX_ATTEMPTS)


def sender_name() -> str:
    """This process as the owner of the notices it sends (host:pid:nonce)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def deliver_notices(store: ChangeStore, notifiers: NotifierRegistry, *, owner: str | None = None,
                    lease_seconds: float = LEASE_SECONDS, limit: int = 500) -> DeliveryReport:
    """Send the due notices of every platform that has a notifier able to send them."""
    owner = owner or sender_name()
    platforms = [p for p in notifiers.platforms() if hasattr(notifiers.get(p), "notify_change")]
    report = DeliveryReport()
    if not platforms:
        return report
    for notice_id in store.due_notices(platforms, limit=limit):
        notice = store.claim_notice(notice_id, owner=owner, lease_seconds=lease_seconds)
        if notice is None:
            continue                # another sender has it
        try:
            notifiers.get(notice.platform).notify_change(notice)
        except Exception as exc:    # a chat outage: keep the notice, try again later
            log.warning("change notice #%s to %s via %s failed: %s", notice.id, notice.asker_id, notice.platform,
                        exc)
            store.finish_notice(notice.id, owner=owner, error=f"{type(exc).__name__}: {exc}")
            report.failed += 1
            continue
        store.finish_notice(notice.id, owner=owner)
        report.sent += 1
    return report
