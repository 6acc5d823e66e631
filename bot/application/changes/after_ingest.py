"""What `policybot ingest` does once documents are stored: record their changes, queue notices, send them.

The notices' "answer now" comes from the same engine that ingested, with the collection's retriever
rebuilt over the new clauses and the admin rulings that still hold (those under review are left out).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable, Sequence

from bot.application.changes.delivery import DeliveryReport, deliver_notices
from bot.application.changes.notices import ChangeOutcome, DocumentChangesLike, record_and_queue
from bot.application.changes.store import ChangeStore
from bot.application.escalations import rows
from bot.application.escalations.notify import NotifierRegistry
from bot.application.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class AfterIngest:
    outcome: ChangeOutcome = field(default_factory=ChangeOutcome)
    delivery: DeliveryReport = field(default_factory=DeliveryReport)
    notices_enabled: bool = True


def retention_start(settings: Settings):
    """Questions asked before this are outside the retention period (None: retention is off, all count)."""
    days = settings.admin.retention_days or 0
    return rows.now() - timedelta(days=days) if days > 0 else None


def after_ingest(settings: Settings, engine, collection: str, documents: Sequence[DocumentChangesLike],
                 *, notifiers: Callable[[], NotifierRegistry] | None = None) -> AfterIngest:
    """Record `documents`' changes, flag rulings, queue notices (unless the collection opted out), and send
    them through `notifiers()` (the platforms this process can reach; None: leave them queued for the bots)."""
    from bot.application.wiring import engine_with_rulings, open_store

    result = AfterIngest(notices_enabled=settings.change_notices_for(collection))
    if not documents:
        return result
    store = open_store(settings)
    try:
        changes = ChangeStore(store.engine)
        engine.invalidate(collection)                   # answer from the clauses just stored
        engine = engine_with_rulings(settings, store, engine)
        result.outcome = record_and_queue(changes, collection=collection, documents=documents,
                                          answer=lambda q: engine.ask(q, collection=collection),
                                          notices=result.notices_enabled, since=retention_start(settings))
        if notifiers is not None:
            result.delivery = deliver_notices(changes, notifiers())
    finally:
        store.close()
    return result
