"""The inbox worker's graceful stop (finish or hand back) and its resume of its own instance's questions."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

from bot.application.asking.worker import InboxWorker, predecessor_is_dead, worker_name
from bot.application.escalations.inbox import DONE, PENDING, WORKING, Inbox
from bot.application.escalations.models import ReplyAddress
from bot.application.settings import InboxSettings, load_settings

ADDRESS = ReplyAddress("slack", {"channel": "D1", "user": "U1"})


def put(inbox, key):
    return inbox.receive(platform="slack", key=key, text="can I text my team?", reply_to=ADDRESS)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


class Gate:
    """A handler that blocks until released (an answer in flight)."""

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()
        self.answered: list[int] = []

    def handle(self, item, late):
        self.entered.set()
        self.release.wait(10)
        self.answered.append(item.id)

    def expire(self, item):
        return None


def worker(inbox, gate, **settings) -> InboxWorker:
    return InboxWorker(inbox, InboxSettings(**{"lease_seconds": 600, "poll_seconds": 60, **settings}),
                       handle=gate.handle, expire=gate.expire)


def test_instance_defaults_to_the_host_name_and_names_the_lease_owner(tmp_path):
    import socket

    assert InboxSettings().instance_name == socket.gethostname()[:60]
    assert InboxSettings(instance="bot-a").instance_name == "bot-a"
    assert worker_name("bot-a").startswith(f"bot-a:{os.getpid()}:")
    config = tmp_path / "app.yaml"
    config.write_text("inbox:\n  instance: replica-2\n  stop_grace_seconds: 3\n", encoding="utf-8")
    settings = load_settings(path=config, env={})
    assert settings.inbox.instance_name == "replica-2" and settings.inbox.stop_grace_seconds == 3


def test_stop_waits_for_the_answer_in_flight(store):
    inbox, gate = Inbox(store.engine), Gate()
    w = worker(inbox, gate)
    item = put(inbox, "Ev1")
    future = w.submit(item)
    assert gate.entered.wait(5)
    threading.Timer(0.3, gate.release.set).start()
    report = w.stop(grace=5)
    future.result(5)
    assert (report.finished, report.handed_back) == (1, 0)
    assert inbox.get(item).status == DONE and gate.answered == [item]


def test_stop_hands_back_what_the_grace_cannot_finish_without_counting_an_attempt(store):
    inbox, gate = Inbox(store.engine), Gate()
    w = worker(inbox, gate)
    item = put(inbox, "Ev1")
    w.submit(item)
    assert gate.entered.wait(5)
    report = w.stop(grace=0.2)
    assert (report.finished, report.handed_back) == (0, 1)
    back = inbox.get(item)
    assert back.status == PENDING and back.attempts == 0
    assert inbox.due(unclaimed_for=0) == [item]          # any replica may take it at once
    gate.release.set()


def test_questions_taken_while_stopping_stay_stored_for_the_next_process(store):
    inbox, gate = Inbox(store.engine), Gate()
    w = worker(inbox, gate)
    w.stop(grace=0)
    assert w.take(platform="slack", key="EvLATE", text="can I?", reply_to=ADDRESS) is None
    [item] = inbox.due(unclaimed_for=0)
    assert inbox.get(item).status == PENDING and gate.answered == []


def test_a_restart_takes_back_its_dead_predecessors_questions_at_once(store):
    inbox, gate = Inbox(store.engine), Gate()
    gate.release.set()
    item = put(inbox, "Ev1")
    predecessor = f"bot-a:{dead_pid()}:0badc0de"
    assert inbox.claim(item, owner=predecessor, lease_seconds=600) is not None
    w = worker(inbox, gate, instance="bot-a")
    [future] = w.resume_own()
    future.result(5)
    assert inbox.get(item).status == DONE and gate.answered == [item]
    assert inbox.get(item).attempts == 2         # the crashed claim still counts (a poison question expires)
    w.stop(grace=0)


def test_other_instances_and_live_siblings_keep_their_questions(store):
    inbox, gate = Inbox(store.engine), Gate()
    theirs, sibling = put(inbox, "Ev1"), put(inbox, "Ev2")
    inbox.claim(theirs, owner=f"bot-b:{dead_pid()}:1", lease_seconds=600)     # another replica's
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        inbox.claim(sibling, owner=f"bot-a:{live.pid}:2", lease_seconds=600)   # same name, still running here
        w = worker(inbox, gate, instance="bot-a")
        assert w.resume_own() == []
        assert [inbox.get(i).status for i in (theirs, sibling)] == [WORKING, WORKING]
        w.stop(grace=0)
    finally:
        live.kill()
        live.wait()


def test_predecessor_liveness():
    assert predecessor_is_dead(f"x:{dead_pid()}:n")
    assert predecessor_is_dead(f"x:{os.getpid()}:n")          # an earlier life of our own pid (pid 1 in a container)
    assert not predecessor_is_dead(f"x:{os.getppid()}:n")
    assert predecessor_is_dead("not-an-owner")
