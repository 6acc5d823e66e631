"""`ServerLoop`: the Teams bot server's event loop, reached from other threads.

The Bot Framework adapter and its HTTP session belong to the server's loop, so whatever sends must
run there. Two kinds of callers live on other threads: the inbox worker replying to a question, and
the escalation notifier (called from the admin web UI, the CLI, or a worker). The server binds the
loop when it starts and unbinds it at cleanup; one `ServerLoop` serves both.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable

log = logging.getLogger(__name__)


class ServerLoop:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """The server's loop once it runs; None once it has stopped."""
        self._loop = loop

    @property
    def running(self) -> bool:
        return self._loop is not None and self._loop.is_running()

    def run(self, coroutine: Awaitable, *, timeout: float):
        """Run on the server's loop and wait (at most `timeout` seconds) for its result.

        Raises RuntimeError when the server is not running: there is nothing to send with.
        """
        if not self.running:
            coroutine.close()
            raise RuntimeError("the Teams server is not running; cannot send")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=timeout)

    def run_somewhere(self, coroutine: Awaitable, *, timeout: float) -> None:
        """Run on the server's loop if it runs, else on a fresh loop in this thread (another process, a CLI).

        Called from code already running on a loop, blocking would deadlock it: the coroutine is
        scheduled on that loop instead and a failure is logged.
        """
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is not None:
            task = running.create_task(coroutine)
            task.add_done_callback(_log_failure)
        elif self.running:
            self.run(coroutine, timeout=timeout)
        else:
            asyncio.run(coroutine)


def _log_failure(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("Teams delivery failed", exc_info=task.exception())
