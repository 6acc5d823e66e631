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

A lease names its owner `instance:pid:nonce`, the instance being `inbox.instance` (the host name by
default). A process starting under an instance name takes back at once the questions its dead
predecessor of the same name was answering, instead of waiting for their lease to run out;
questions held by other instances (replicas) still wait for their lease, so none is answered twice.
`stop` is the graceful end: no new work, in-flight answers get `inbox.stop_grace_seconds` to finish,
and what is left is handed back to the inbox for the next process.
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

from bot.application.errors import error_line
from bot.application.escalations import rows
from bot.application.escalations.inbox import DONE, EXPIRED, Inbox, InboxItem, unstored_item
from bot.application.settings import InboxSettings

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3

Handler = Callable[[InboxItem, bool], "int | None"]     # (item, late) -> question log id
Expirer = Callable[[InboxItem], "int | None"]


def worker_name(instance: str | None = None) -> str:
    """Unique per process and start: `instance:pid:random` (a restarted process never reuses a lease)."""
    return f"{(instance or socket.gethostname())[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _pid_of(owner: str) -> int | None:
    try:
        return int(owner.rsplit(":", 2)[1])
    except (IndexError, ValueError):
        return None


def predecessor_is_dead(owner: str) -> bool:
    """Whether the process that wrote this lease owner (same instance name) has certainly ended.

    Its pid being our own means it was an earlier life of this pid (containers restart as pid 1); a
    pid that is running here may be a sibling started under the same name on this host, so its items
    are left to their lease. A pid that exists nowhere here is a dead predecessor.
    """
    pid = _pid_of(owner)
    if pid is None or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:          # exists, another user's
        return False
    return False


class StopReport:
    """What a graceful stop did: answers finished during the grace period, items handed back."""

    def __init__(self, finished: int = 0, handed_back: int = 0):
        self.finished, self.handed_back = finished, handed_back

    def __str__(self) -> str:
        return f"{self.finished} answer(s) in flight finished, {self.handed_back} handed back to the inbox"


class InboxWorker:
    def __init__(self, inbox: Inbox, settings: InboxSettings, *, handle: Handler, expire: Expirer,
                 clock: Callable[[], datetime] = rows.now):
        self.inbox = inbox
        self.settings = settings
        self.instance = settings.instance_name
        self.owner = worker_name(self.instance)
        self._handle = handle
        self._expire = expire
        self._clock = clock
        self._started_at = clock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="inbox")
        self._queued: set[int] = set()
        self._running: set[int] = set()       # items claimed by this worker and being answered now
        self._idle = threading.Condition(threading.Lock())
        self._finished_while_stopping = 0
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
                        fields.get("platform"), error_line(exc))
            item = unstored_item(received_at=self._clock(), **fields)
            return self._pool.submit(self._answer_unstored, item)
        if item_id is None or self._stop.is_set():
            return None           # stopping: it is stored, and the next process (or a replica) answers it
        return self.submit(item_id)

    def _answer_unstored(self, item: InboxItem) -> None:
        try:
            self._handle(item, False)
        except Exception:
            log.exception("answering a %s question that is not in the inbox failed", item.platform)

    def submit(self, item_id: int) -> Future:
        """Answer this item soon (no-op future if it is already queued here)."""
        with self._lock:
            if item_id in self._queued or self._stop.is_set():      # stopping: it stays in the inbox
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
            log.warning("cannot read the inbox: %s", error_line(exc))
            return []
        if due:
            log.info("picking up %d unanswered question(s) from the inbox", len(due))
        return [self.submit(item_id) for item_id in due]

    def resume_own(self) -> list[Future]:
        """Take back at once what a dead earlier process of this instance was answering (no lease wait)."""
        try:
            held = self.inbox.held_by_instance(self.instance)
        except Exception as exc:
            log.warning("cannot read the inbox: %s", error_line(exc))
            return []
        mine = [(item_id, owner) for item_id, owner in held if owner != self.owner[:100] and predecessor_is_dead(owner)]
        resumed = [item_id for item_id, owner in mine if self.inbox.release(item_id, owner=owner, count_attempt=True)]
        if resumed:
            log.info("resuming %d question(s) this instance (%s) was answering before it restarted",
                     len(resumed), self.instance)
        return [self.submit(item_id) for item_id in resumed]

    def start(self) -> "InboxWorker":
        """Recover what earlier runs left unanswered, then keep polling in a daemon thread."""
        if self._poller is None:
            self._poller = threading.Thread(target=self._poll, name="inbox-poller", daemon=True)
            self._poller.start()
        return self

    def stop(self, wait: bool | None = None, *, grace: float | None = None) -> StopReport:
        """Take no new work; let answers in flight finish for `grace` seconds, then hand the rest back.

        Questions queued but not started stay in the inbox (pending) for the next process. `wait=False`
        (the old form) is a grace of 0.
        """
        if grace is None:
            grace = 0.0 if wait is False else self.settings.stop_grace_seconds
        with self._lock:          # no submit races the shutdown
            self._stop.set()
            self._pool.shutdown(wait=False, cancel_futures=True)
        report = StopReport()
        with self._idle:
            in_flight = len(self._running)
            self._idle.wait_for(lambda: not self._running, timeout=max(0.0, grace))
            left = sorted(self._running)
            report.finished = max(0, in_flight - len(left))
        for item_id in left:
            try:
                if self.inbox.release(item_id, owner=self.owner):
                    report.handed_back += 1
            except Exception as exc:       # the lease runs out anyway; a replica or the restart takes it then
                log.warning("could not hand back inbox item %s: %s", item_id, error_line(exc))
        return report

    @property
    def in_flight(self) -> int:
        with self._idle:
            return len(self._running)

    def _poll(self) -> None:
        self.resume_own()
        while not self._stop.is_set():
            self.sweep()
            self._stop.wait(max(0.1, self.settings.poll_seconds))

    # -- answering -------------------------------------------------------------------------
    def _run(self, item_id: int) -> None:
        with self._lock:
            self._queued.discard(item_id)
        if self._stop.is_set():
            return                # stopping: left pending in the inbox
        try:
            self.process(item_id)
        except Exception:
            log.exception("inbox item %s failed; it will be retried after its lease runs out", item_id)

    def process(self, item_id: int) -> str | None:
        """Claim and answer (or expire) one item; its final status, or None if someone else holds it."""
        with self._idle:
            if self._stop.is_set():
                return None
            self._running.add(item_id)
        try:
            return self._process(item_id)
        finally:
            with self._idle:
                self._running.discard(item_id)
                self._idle.notify_all()

    def _process(self, item_id: int) -> str | None:
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
