"""No unexpected network: each server, run as a real process behind a proxy that refuses everything.

`policybot slack --mode http`, `policybot teams` and `policybot admin` run with HTTP_PROXY,
HTTPS_PROXY and ALL_PROXY (both cases) pointing at a trap that records and refuses every
connection, and NO_PROXY naming loopback, where the mock Slack Web API and the mock Bot
Connector listen. One question goes through each server (the admin answers the Slack
question in the web UI, which delivers it to Slack). Then the processes keep running past
the point where onnxruntime's telemetry used to call `mobile.events.data.microsoft.com`
(about ten seconds after the model's first inference session). The only outbound requests
must be the ones to the mocks: the trap must have seen nothing.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from tests.bot.slack.harness import signed_headers
from tests.bot.slack.mock_slack import MockSlack
from tests.bot.teams.activities import activity
from tests.bot.teams.connector import FakeBotConnector

ROOT = Path(__file__).resolve().parents[2]
TELEMETRY_WAIT_SECONDS = 15      # onnxruntime's telemetry fired ~9-10 s after its first session
SIGNING_SECRET = "trap-test-signing-secret"
PASSWORD = "correct horse battery staple"


class Trap:
    """A proxy that records the request line of every connection and refuses it."""

    def __init__(self):
        self.seen: list[str] = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                first = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
            except OSError:
                first = "(no request line)"
            self.seen.append(first)
            try:
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            conn.close()

    def close(self) -> None:
        self.sock.close()


class Connector:
    """The fake Bot Connector served from its own thread and event loop."""

    def __init__(self):
        self.fake = FakeBotConnector()
        self.loop = asyncio.new_event_loop()
        self.port = free_port()
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            runner = web.AppRunner(self.fake.app())
            self.loop.run_until_complete(runner.setup())
            self.loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, what: str, timeout: float = 120, procs=()) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        for proc in procs:
            if proc.poll() is not None:
                raise AssertionError(f"{proc.args[3:5]} exited with {proc.returncode} while waiting for {what}:\n"
                                     + proc.stdout.read().decode("utf-8", "replace")[-3000:])
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def network(tmp_path):
    trap, slack, connector = Trap(), MockSlack().start(), Connector()
    yield trap, slack, connector
    slack.stop()
    connector.close()
    trap.close()


def data_dir(bundled_data: Path, engine, name: str) -> Path:
    """A private copy of the bundled policies (and the built encoder graph) for one process."""
    target = bundled_data.parent / name
    shutil.copytree(bundled_data, target)
    models = engine.settings.data_dir / "models"
    if models.is_dir():
        shutil.copytree(models, target / "models", dirs_exist_ok=True)
    return target


@pytest.mark.integration
def test_servers_send_nothing_but_to_the_configured_slack_and_teams_endpoints(network, tmp_path, bundled_data,
                                                                                engine):
    trap, mock_slack, connector = network
    config = tmp_path / "app.yaml"
    config.write_text("slack:\n  admin_channel: CADMIN\n  admin_users: [UADMIN]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("POLICYBOT_", "SLACK_", "Microsoft")) and k.lower() not in (
               "http_proxy", "https_proxy", "all_proxy", "no_proxy", "database_url", "ort_disable_telemetry")}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env[name] = env[name.lower()] = trap.url
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(POLICYBOT_CONFIG=str(config), SLACK_BOT_TOKEN="xoxb-trap", SLACK_SIGNING_SECRET=SIGNING_SECRET,
               SLACK_API_URL=mock_slack.base_url, POLICYBOT_SECRET_KEY="trap-test-session-key",
               PYTHONUNBUFFERED="1")
    shared, teams_data = data_dir(bundled_data, engine, "shared"), data_dir(bundled_data, engine, "teams")
    # The trap is wired: a process with this environment that reaches for the internet ends up there.
    reach_out = "import urllib.request as u\ntry: u.urlopen('http://trap-check.invalid/')\nexcept Exception: pass"
    probe = subprocess.run([sys.executable, "-c", reach_out], env=env, timeout=60)
    assert probe.returncode == 0 and trap.seen == ["GET http://trap-check.invalid/ HTTP/1.1"]
    trap.seen.clear()

    def policybot(*args: str, data: Path, **kw) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "bot.cli.main", "--data-dir", str(data), *args], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)

    added = subprocess.run([sys.executable, "-m", "bot.cli.main", "--data-dir", str(shared), "admin-user", "add",
                            "principal", "--password-stdin"], cwd=ROOT, env=env, input=PASSWORD + "\n",
                           capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    slack_port, teams_port, admin_port = free_port(), free_port(), free_port()
    procs = [
        policybot("slack", "--mode", "http", "--host", "127.0.0.1", "--port", str(slack_port), data=shared),
        policybot("teams", "--host", "127.0.0.1", "--port", str(teams_port), data=teams_data),
        policybot("admin", "--host", "127.0.0.1", "--port", str(admin_port), data=shared),
    ]
    try:
        for port in (slack_port, teams_port, admin_port):
            wait_until(lambda: listening(port), f"a server on port {port}", procs=procs)

        # Slack: a DM the policies do not cover (answered, escalated to the admins' channel).
        body = json.dumps({"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                           "event_id": "EvTRAP1", "event_time": int(time.time()),
                           "event": {"type": "message", "channel": "DASKER", "channel_type": "im",
                                     "user": "UASKER", "text": "How do I enroll in health insurance?",
                                     "ts": "1700000001.000100"}})
        headers = {k: v[0] for k, v in signed_headers(body, content_type="application/json",
                                                        secret=SIGNING_SECRET).items()}
        assert httpx.post(f"http://127.0.0.1:{slack_port}/slack/events", content=body, headers=headers,
                          timeout=30).status_code == 200

        # Teams: a question in a personal chat, replies to the fake Bot Connector.
        question = activity(connector.url, text="can I give a student my cell number?")
        assert httpx.post(f"http://127.0.0.1:{teams_port}/api/messages", json=question,
                          timeout=120).status_code in (200, 201)
        wait_until(lambda: connector.fake.calls, "the Teams answer", procs=procs)
        mock_slack.wait_for("/chat.postMessage", where=lambda b: b["channel"] == "CADMIN", timeout=120)

        # Admin web UI: log in and answer the Slack escalation; the answer is delivered to Slack.
        with httpx.Client(base_url=f"http://127.0.0.1:{admin_port}", timeout=60) as admin:
            token = re.search(r'name="csrf_token" value="([^"]+)"', admin.get("/login").text).group(1)
            assert admin.post("/login", data={"username": "principal", "password": PASSWORD, "csrf_token": token,
                                              "next": "/"}).status_code == 303
            page = admin.get("/escalations/1").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            admin.post("/escalations/1/answer", data={"text": "Ask HR for the enrolment form.", "csrf_token": token})
        mock_slack.wait_for("/chat.postMessage", where=lambda b: "administrator answered" in b["text"], timeout=60)

        time.sleep(TELEMETRY_WAIT_SECONDS)
        assert all(p.poll() is None for p in procs), "a server exited"
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert trap.seen == []
    assert {p for p, _ in mock_slack.calls} <= {"/auth.test", "/users.info", "/chat.postMessage",
                                                "/chat.getPermalink", "/chat.update", "/conversations.open"}
