"""Answers the durable inbox: a pool of threads, fed at once by the receiving request and by a poller.

The request that stored a question submits it here straight after its ack, so answers start
at once. A poller (every `inbox.poll_seconds`, and once at start) picks up what nobody is
answering: questions a crashed process (this one before a restart, or another replica) had
received or claimed. Each question is claimed with a lease before it is answered, so two
threads or replicas never both answer it.

A question picked up after a restart or from a lost worker is answered with a "late answer"
note; one older than `inbox.answer_window_minutes` is not answered any more but escalated to
the admins as expired (the asker is told). One whose handler keeps failing is expired after
`MAX_ATTEMPTS` claims. Nothing acknowledged is dropped silently.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Callable

from bot.escalations import rows
from bot.escalations.inbox import DONE, EXPIRED, Inbox, InboxItem, unstored_item
from knowledge.settings import InboxSettings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3

Handler = Callable[[InboxItem, bool], "int | None"]     # (item, late) -> question log id
Expirer = Callable[[InboxItem], "int | None"]


def worker_name() -> str:
    """Unique per process and start: `host:pid:random` (a restarted process never reuses a lease)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class InboxWorker:
    def __init__(self, inbox: Inbox, settings: InboxSettings, *, handle: Handler, expire: Expirer,
                 clock: Callable[[], datetime] = rows.now):
        self.inbox = inbox
        self.settings = settings
        self.owner = worker_name()
        self._handle = handle
        self._expire = expire
        self._clock = clock
        self._started_at = clock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="inbox")
        self._queued: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None

    # -- feeding ---------------------------------------------------------------------------
    def take(self, **fields) -> Future | None:
        """Store a question (`Inbox.receive` fields) and queue it; None when it is a duplicate delivery.

        If the database refuses the write (e.g. PostgreSQL is down), the question is answered anyway,
        straight from memory: an answer now beats a lost or retried one, and the failure is logged.
        Such a question has none of the inbox's guarantees (no dedupe, not recovered after a crash).
        """
        try:
            item_id = self.inbox.receive(**fields)
        except Exception as exc:
            log.warning("could not store a %s question in the inbox (%s); answering it without the inbox",
                        fields.get("platform"), str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            item = unstored_item(received_at=self._clock(), **fields)
            return self._pool.submit(self._answer_unstored, item)
        if item_id is None:
            return None
        return self.submit(item_id)

    def _answer_unstored(self, item: InboxItem) -> None:
        try:
            self._handle(item, False)
        except Exception:
            log.exception("answering a %s question that is not in the inbox failed", item.platform)

    def submit(self, item_id: int) -> Future:
        """Answer this item soon (no-op future if it is already queued here)."""
        with self._lock:
            if item_id in self._queued:
                done: Future = Future()
                done.set_result(None)
                return done
            self._queued.add(item_id)
        return self._pool.submit(self._run, item_id)

    def sweep(self) -> list[Future]:
        """Queue every item nobody is answering (unclaimed, or its lease ran out)."""
        try:
            due = self.inbox.due(unclaimed_for=self.settings.poll_seconds)
        except Exception as exc:      # database briefly unreachable: try again next poll
            log.warning("cannot read the inbox: %s", str(exc).splitlines()[0] if str(exc) else exc)
            return []
        if due:
            log.info("picking up %d unanswered question(s) from the inbox", len(due))
        return [self.submit(item_id) for item_id in due]

    def start(self) -> "InboxWorker":
        """Recover what earlier runs left unanswered, then keep polling in a daemon thread."""
        if self._poller is None:
            self._poller = threading.Thread(target=self._poll, name="inbox-poller", daemon=True)
            self._poller.start()
        return self

    def stop(self, wait: bool = True) -> None:
        self._stop.set()
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.sweep()
            self._stop.wait(max(0.1, self.settings.poll_seconds))

    # -- answering -------------------------------------------------------------------------
    def _run(self, item_id: int) -> None:
        with self._lock:
            self._queued.discard(item_id)
        try:
            self.process(item_id)
        except Exception:
            log.exception("inbox item %s failed; it will be retried after its lease runs out", item_id)

    def process(self, item_id: int) -> str | None:
        """Claim and answer (or expire) one item; its final status, or None if someone else holds it."""
        item = self.inbox.claim(item_id, owner=self.owner, lease_seconds=self.settings.lease_seconds)
        if item is None:
            return None
        window = timedelta(minutes=self.settings.answer_window_minutes)
        if item.attempts > MAX_ATTEMPTS + 2:
            # Even escalating it failed twice (the chat platform or the database keeps refusing):
            # stop retrying; the row stays in the inbox as expired, and this is logged as an error.
            log.error("inbox item %s (%s) could not be answered or escalated after %d attempts; marked expired",
                      item.id, item.platform, item.attempts - 1)
            question_id, status = item.question_id, EXPIRED
        elif self._clock() - item.received_at > window or item.attempts > MAX_ATTEMPTS:
            question_id, status = self._expire(item), EXPIRED
        else:
            late = item.attempts > 1 or item.received_at < self._started_at
            question_id, status = self._handle(item, late), DONE
        if not self.inbox.finish(item.id, owner=self.owner, status=status, question_id=question_id):
            log.warning("inbox item %s was taken over by another worker while it was answered", item.id)
        return status
