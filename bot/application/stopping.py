"""Graceful stops for the long-running processes (`policybot slack`, `teams`, `admin`).

SIGTERM (what systemd, Docker and Kubernetes send) and SIGINT (Ctrl-C) both mean: take no new
work, let what is in flight finish (the inbox worker's `stop`), close connections, exit 0 with one
log line. uvicorn catches both signals itself but raises the signal again once it has shut down,
so the process would still die of it (exit -15); `serve_uvicorn` runs uvicorn without that.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from concurrent.futures import Future
from typing import Callable, Iterator, NoReturn, TypeVar

T = TypeVar("T")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Threads that may still be answering after the grace period (the inbox workers, Slack dispatch).
STUCK_THREAD_PREFIXES = ("inbox", "slack-socket", "slack-dispatch")


def signal_name(sig: int | None) -> str:
    if sig is None:
        return "no signal"
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


class StopRequest:
    """Which stop signal arrived first (None until one does); `on_stop` is called once, from the handler."""

    def __init__(self, on_stop: Callable[[], None] | None = None):
        self.signal: int | None = None
        self._on_stop = on_stop
        self.event = threading.Event()

    def __call__(self, sig: int, frame=None) -> None:
        if self.signal is None:
            self.signal = sig
            self.event.set()
            if self._on_stop is not None:
                self._on_stop()

    @property
    def name(self) -> str:
        return signal_name(self.signal)


@contextlib.contextmanager
def stop_signals(request: StopRequest) -> Iterator[StopRequest]:
    """Route SIGTERM and SIGINT to `request` for the duration (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield request
        return
    original = {sig: signal.signal(sig, request) for sig in STOP_SIGNALS}
    try:
        yield request
    finally:
        for sig, handler in original.items():
            signal.signal(sig, handler)


class StoppedWhileStarting(BaseException):
    """SIGTERM/SIGINT arrived while the process was still starting (checking tokens, loading the model)."""

    def __init__(self, sig: int):
        super().__init__(signal_name(sig))
        self.name = signal_name(sig)


def while_starting(load: Callable[[], T]) -> T:
    """Run the start (token checks, opening the store, loading the model) until it is done or a stop signal comes.

    The start runs in a helper thread while the main thread only waits, so SIGTERM/SIGINT is seen at once,
    even while the helper is deep in one long native call (onnxruntime, Chroma), and no exception is ever
    thrown into a library's half-finished state. A stop raises `StoppedWhileStarting` here; nothing is in
    flight yet, so the caller logs one line and leaves with `leave_now` (the helper is a daemon and may still
    be loading). What the start raises is raised here, in the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return load()
    started: Future[T] = Future()

    def start() -> None:
        try:
            started.set_result(load())
        except BaseException as exc:      # handed to the main thread, raised there
            started.set_exception(exc)

    request = StopRequest()
    with stop_signals(request):
        threading.Thread(target=start, name="starting", daemon=True).start()
        while not started.done() and request.signal is None:
            request.event.wait(0.05)
        if request.signal is not None:
            raise StoppedWhileStarting(request.signal)
    return started.result()


def leave_now(code: int = 0) -> NoReturn:
    """End the process at once with `code`, logs flushed: for a stop while starting, when a daemon helper may
    still be inside a native call that the interpreter's shutdown must not wait for or tear down under it."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def serve_uvicorn(app, *, host: str, port: int, **config) -> str:
    """Serve `app` on uvicorn until SIGTERM/SIGINT; the name of the signal that stopped it (no re-raise)."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self):
            # uvicorn's own version raises the captured signal again after the graceful shutdown.
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            original = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
            try:
                yield
            finally:
                for sig, handler in original.items():
                    signal.signal(sig, handler)

    server = Server(uvicorn.Config(app, host=host, port=port, **config))
    server.run()
    return signal_name(server._captured_signals[0] if server._captured_signals else None)


def leave(code: int = 0) -> int:
    """The exit code, after making sure no thread stuck in a handler keeps the process alive.

    Worker threads still answering after the grace period were handed back already; the
    interpreter would wait for them at exit, so the process ends here instead.
    """
    stuck = [t for t in threading.enumerate()
             if t.name.startswith(STUCK_THREAD_PREFIXES) and not t.daemon and t.is_alive()]
    if stuck and threading.current_thread() is threading.main_thread():
        leave_now(code)
    return code
