"""`while_starting`: a stop signal ends the start at once, even while the start is stuck in one long call."""
from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from bot.application.stopping import StoppedWhileStarting, while_starting


def test_the_start_s_value_comes_back():
    assert while_starting(lambda: ("app", 3)) == ("app", 3)


def test_what_the_start_raises_is_raised_in_the_main_thread():
    def start():
        raise ValueError("no such collection")

    with pytest.raises(ValueError, match="no such collection"):
        while_starting(start)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_a_start_that_would_never_finish(sig):
    never = threading.Event()
    entered = threading.Event()

    def start():
        entered.set()
        never.wait()          # one call that does not return on its own, as a long native load

    threading.Timer(0.2, lambda: entered.wait(5) and os.kill(os.getpid(), sig)).start()
    began = time.monotonic()
    try:
        with pytest.raises(StoppedWhileStarting) as stopped:
            while_starting(start)
    finally:
        never.set()
    assert stopped.value.name == signal.Signals(sig).name
    assert time.monotonic() - began < 5


def test_the_process_s_own_handlers_are_back_after_the_start():
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    while_starting(lambda: None)
    assert {sig: signal.getsignal(sig) for sig in before} == before
