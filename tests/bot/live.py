"""Real bot processes for crash and load tests: launcher, config, readiness wait, a threaded Bot Connector.

`python -m tests.bot.live slack|teams ...` runs the real `policybot` command with one test-only
hook, set through the environment: POLICYBOT_TEST_ANSWER_DELAY makes every answer slow, so a test
can kill the process after the ack and before the answer. The Slack process is pointed at the mock
Web API with the real setting (SLACK_API_URL).
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _install_hooks() -> None:
    delay = float(os.environ.get("POLICYBOT_TEST_ANSWER_DELAY") or 0)
    if delay:
        from bot.application.engine import Engine

        fast = Engine.ask

        def slow(self, question, **kwargs):
            time.sleep(delay)
            return fast(self, question, **kwargs)

        Engine.ask = slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(path: Path, **sections) -> Path:
    path.write_text(yaml.safe_dump(sections), encoding="utf-8")
    return path


class BotProcess:
    """`policybot <args>` through the launcher, with its output in a log file."""

    def __init__(self, args: list[str], env: dict, log_path: Path, port: int):
        self.args, self.env, self.log_path, self.port = args, env, log_path, port
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, **extra_env) -> "BotProcess":
        env = {**os.environ, **self.env, **extra_env}
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.bot.live", *self.args], cwd=ROOT, env=env,
                                     stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/readyz", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"bot not ready after {timeout}s:\n{self.log()}")

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill9()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]


def post(url: str, body: bytes, headers: dict, timeout: float = 30) -> tuple[int, float]:
    """(status, seconds) of one POST; status 0 when the connection failed."""
    started = time.monotonic()
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            resp.read()
            return resp.status, time.monotonic() - started
    except urllib.error.HTTPError as err:
        return err.code, time.monotonic() - started
    except (urllib.error.URLError, ConnectionError, OSError, TimeoutError):
        return 0, time.monotonic() - started


class ConnectorThread:
    """The fake Bot Connector (tests/bot/teams/connector.py) served from its own thread and loop."""

    def __init__(self):
        from tests.bot.teams.connector import FakeBotConnector

        self.connector = FakeBotConnector()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0
        self._runner = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> "ConnectorThread":
        from aiohttp import web

        async def up():
            self._runner = web.AppRunner(self.connector.app())
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            return site._server.sockets[0].getsockname()[1]

        self.thread.start()
        self.port = asyncio.run_coroutine_threadsafe(up(), self.loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)

    def card_posts(self) -> list:
        return [c for c in list(self.connector.calls) if c.method == "POST" and c.body.get("attachments")]


def json_body(data: dict) -> bytes:
    return json.dumps(data).encode("utf-8")


if __name__ == "__main__":
    _install_hooks()
    from bot.cli.main import main

    sys.exit(main(sys.argv[1:]))
