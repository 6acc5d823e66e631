"""The inbox worker: answers once, marks late answers, expires old questions, survives a lost worker."""
from __future__ import annotations

import threading
from datetime import timedelta

from bot.application.asking.worker import InboxWorker
from bot.application.escalations import rows
from bot.application.escalations.inbox import DONE, EXPIRED, WORKING, Inbox
from bot.application.escalations.models import ReplyAddress
from bot.application.settings import InboxSettings

ADDRESS = ReplyAddress("slack", {"channel": "D1", "user": "U1"})


class Clock:
    def __init__(self):
        self.now = rows.now()

    def __call__(self):
        return self.now


class Handled:
    def __init__(self):
        self.answered: list[tuple[int, bool]] = []
        self.expired: list[int] = []
        self.lock = threading.Lock()

    def handle(self, item, late):
        with self.lock:
            self.answered.append((item.id, late))
        return None

    def expire(self, item):
        self.expired.append(item.id)
        return None


def worker_for(inbox, handled, clock, **settings):
    return InboxWorker(inbox, InboxSettings(**{"lease_seconds": 30, "poll_seconds": 1, **settings}),
                       handle=handled.handle, expire=handled.expire, clock=clock)


def put(inbox, key):
    return inbox.receive(platform="slack", key=key, text="can I text my team?", reply_to=ADDRESS)


def test_each_item_is_answered_once_even_when_two_workers_race(store):
    clock = Clock()
    inbox, handled = Inbox(store.engine, clock=clock), Handled()
    ids = [put(inbox, f"Ev{i}") for i in range(20)]
    clock.now += timedelta(seconds=2)
    a, b = worker_for(inbox, handled, clock), worker_for(inbox, handled, clock)
    futures = [a.submit(i) for i in ids] + [b.submit(i) for i in ids] + a.sweep() + b.sweep()
    for f in futures:
        f.result(timeout=30)
    assert sorted(i for i, _ in handled.answered) == sorted(ids)
    assert inbox.counts() == {DONE: 20}
    a.stop(), b.stop()


def test_fresh_items_are_not_late_recovered_ones_are(store):
    clock = Clock()
    inbox, handled = Inbox(store.engine, clock=clock), Handled()
    before_start = put(inbox, "old")
    clock.now += timedelta(seconds=1)
    worker = worker_for(inbox, handled, clock)
    clock.now += timedelta(seconds=1)
    fresh = put(inbox, "new")
    assert worker.process(fresh) == DONE and worker.process(before_start) == DONE
    assert handled.answered == [(fresh, False), (before_start, True)]


def test_an_item_whose_worker_died_is_answered_after_its_lease(store):
    clock = Clock()
    inbox, handled = Inbox(store.engine, clock=clock), Handled()
    item_id = put(inbox, "Ev1")
    assert inbox.claim(item_id, owner="killed-process", lease_seconds=30).status == WORKING
    worker = worker_for(inbox, handled, clock)
    assert worker.sweep() == []
    clock.now += timedelta(seconds=31)
    [future] = worker.sweep()
    future.result(timeout=10)
    assert handled.answered == [(item_id, True)] and inbox.get(item_id).status == DONE
    worker.stop()


def test_items_older_than_the_window_are_expired_not_answered(store):
    clock = Clock()
    inbox, handled = Inbox(store.engine, clock=clock), Handled()
    item_id = put(inbox, "Ev1")
    clock.now += timedelta(minutes=61)
    worker = worker_for(inbox, handled, clock, answer_window_minutes=60)
    assert worker.process(item_id) == EXPIRED
    assert handled.expired == [item_id] and handled.answered == []
    assert inbox.get(item_id).status == EXPIRED


def test_a_handler_that_keeps_failing_ends_expired_not_retried_forever(store):
    clock = Clock()
    inbox, handled = Inbox(store.engine, clock=clock), Handled()
    item_id = put(inbox, "Ev1")

    def broken(item, late):
        raise RuntimeError("Slack is down")

    worker = InboxWorker(inbox, InboxSettings(lease_seconds=30), handle=broken, expire=handled.expire, clock=clock)
    for _ in range(3):
        worker.submit(item_id).result(timeout=10)
        assert inbox.get(item_id).status == WORKING
        clock.now += timedelta(seconds=31)
    assert worker.process(item_id) == EXPIRED and handled.expired == [item_id]
    worker.stop()


def test_an_item_that_cannot_even_be_expired_is_given_up_after_a_few_more_tries(store, caplog):
    clock = Clock()
    inbox = Inbox(store.engine, clock=clock)
    item_id = put(inbox, "Ev1")

    def broken(*args):
        raise RuntimeError("Slack is down")

    worker = InboxWorker(inbox, InboxSettings(lease_seconds=30), handle=broken, expire=broken, clock=clock)
    for _ in range(5):
        worker.submit(item_id).result(timeout=10)
        clock.now += timedelta(seconds=31)
    assert inbox.get(item_id).status == WORKING
    assert worker.process(item_id) == EXPIRED
    assert "could not be answered or escalated" in caplog.text
