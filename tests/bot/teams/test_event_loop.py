"""bot/teams/event_loop.py: coroutines sent from other threads to the Teams server's loop."""
from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from bot.teams.event_loop import ServerLoop


@pytest.fixture
def server_loop():
    """A loop running in its own thread, as the bot server's does, bound to a ServerLoop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    bridge = ServerLoop()
    bridge.bind(loop)
    yield bridge, loop
    bridge.bind(None)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


async def _which_loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def test_run_executes_on_the_server_loop_and_returns_its_result(server_loop):
    bridge, loop = server_loop
    assert bridge.running
    assert bridge.run(_which_loop(), timeout=5) is loop


def test_run_raises_the_coroutines_error(server_loop):
    bridge, _ = server_loop

    async def fails():
        raise ValueError("refused by the connector")

    with pytest.raises(ValueError, match="refused by the connector"):
        bridge.run(fails(), timeout=5)


def test_run_without_a_running_server_refuses_and_closes_the_coroutine():
    bridge = ServerLoop()
    coroutine = _which_loop()
    with pytest.raises(RuntimeError, match="not running"):
        bridge.run(coroutine, timeout=5)
    assert coroutine.cr_frame is None      # closed: no "never awaited" warning, nothing half-sent


def test_run_somewhere_uses_the_server_loop_when_it_runs(server_loop):
    bridge, loop = server_loop
    seen: list[asyncio.AbstractEventLoop] = []

    async def note():
        seen.append(asyncio.get_running_loop())

    bridge.run_somewhere(note(), timeout=5)
    assert seen == [loop]


def test_run_somewhere_without_a_server_runs_on_a_fresh_loop_in_this_thread():
    seen: list[int] = []

    async def note():
        seen.append(threading.get_ident())

    ServerLoop().run_somewhere(note(), timeout=5)
    assert seen == [threading.get_ident()]


def test_run_somewhere_inside_a_loop_schedules_instead_of_blocking_and_logs_a_failure(caplog):
    async def fails():
        raise RuntimeError("connector down")

    async def main():
        finished = asyncio.Event()

        async def ok():
            finished.set()

        bridge = ServerLoop()
        bridge.run_somewhere(ok(), timeout=5)         # would deadlock if it waited
        bridge.run_somewhere(fails(), timeout=5)
        await asyncio.wait_for(finished.wait(), 5)
        await asyncio.sleep(0.05)

    with caplog.at_level(logging.ERROR, logger="bot.teams.event_loop"):
        asyncio.run(main())
    assert any("Teams delivery failed" in r.getMessage() for r in caplog.records)
