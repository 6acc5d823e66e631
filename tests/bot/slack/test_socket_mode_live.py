"""The real `policybot slack` process in Socket Mode against a real `websockets` server on loopback.

The mock Web API answers `apps.connections.open` with the local server's URL (through the real
`SLACK_API_URL` setting). One process is driven through what a network does to a connection:
Slack asking for a refresh, a drop without a close frame, a TCP reset, a silent cut where
nothing arrives, and an outage where no connection can be made (during which the process must
not spin). Each time a new connection must be greeted within 10 s. Then SIGTERM: exit 0, one line.
"""
from __future__ import annotations

import json
import os
import signal
import time

import pytest

from tests.bot.live import BotProcess, write_config
from tests.bot.slack.mock_slack import MockSlack
from tests.bot.slack.mock_socket import MockSocketMode

pytestmark = pytest.mark.integration
PING = 1.0            # slack.ping_seconds for this process (the default is 2)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def dm_event(text: str, event_id: str, channel="DASKER") -> dict:
    return {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": event_id,
            "event_time": int(time.time()), "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
            "event": {"type": "message", "channel": channel, "channel_type": "im", "user": "UASKER", "text": text,
                      "ts": "1700002000.000100", "client_msg_id": f"msg-{event_id}", "team": "T1"}}


@pytest.fixture
def socket_bot(bundled_data, tmp_path):
    mock = MockSlack().start()
    ws = MockSocketMode().start()
    mock.socket_url = ws.url
    db_url = f"sqlite:///{tmp_path / 'policybot.db'}"
    config = write_config(tmp_path / "app.yaml", database_url=db_url, inbox={"stop_grace_seconds": 5},
                          slack={"mode": "socket", "admin_channel": "CADMIN", "ping_seconds": PING})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url,
           "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": mock.base_url}
    bot = BotProcess(["slack"], env, tmp_path / "bot.log", 0).start()
    try:
        ws.wait_connections(1, timeout=180)
        yield bot, mock, ws
    finally:
        bot.stop()
        ws.stop()
        mock.stop()


def reconnect_after(ws: MockSocketMode, how: str) -> float:
    before = len(ws.connected_at)
    dropped = ws.drop(how)
    return ws.wait_connections(before + 1, timeout=10) - dropped


def test_socket_mode_answers_and_comes_back_within_seconds_after_every_kind_of_drop(socket_bot):
    bot, mock, ws = socket_bot
    figures = {}

    # A DM over the socket: acknowledged, answered once in its channel.
    envelope = ws.envelope("events_api", dm_event("Can I friend a student on Facebook?", "EvSOCK1"))
    assert ws.wait_ack(envelope) == {"envelope_id": envelope}
    [answer] = mock.wait_for("/chat.postMessage", timeout=60)
    assert answer["channel"] == "DASKER" and "Not allowed" in json.dumps(answer["blocks"])

    # Slack's retry of the same event is acknowledged and not answered again.
    retry = ws.envelope("events_api", dm_event("Can I friend a student on Facebook?", "EvSOCK1"), retry_attempt=1)
    ws.wait_ack(retry)

    # Messages that are not envelopes are dropped; the connection stays.
    ws.send("this is not JSON")
    ws.send({"type": "events_api", "payload": {"no": "envelope id"}})
    bad = f"env-bad-{time.time()}"
    ws.send({"envelope_id": bad, "type": "events_api", "payload": "not an object"})
    assert ws.wait_ack(bad) == {"envelope_id": bad}
    # A DM whose channel is an object: acknowledged, never stored or answered.
    hostile = ws.envelope("events_api", dm_event("Can I friend a student on Facebook?", "EvSOCKBAD",
                                                 channel={"id": "DASKER"}))
    assert ws.wait_ack(hostile) == {"envelope_id": hostile}

    # Slack asks for a fresh connection.
    before = len(ws.connected_at)
    asked = time.monotonic()
    ws.send({"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "test"}})
    figures["refresh_requested"] = ws.wait_connections(before + 1, timeout=10) - asked

    for how in ("fin", "reset", "silent"):
        figures[how] = reconnect_after(ws, how)
    assert figures["fin"] < 2 and figures["reset"] < 2
    assert figures["silent"] < 3 * PING + 2          # noticed within about two ping periods

    # An outage: no connection can be made for 6 s. The process waits; it does not spin.
    ws.refuse = True
    before = len(ws.connected_at)
    cpu_before = cpu_seconds(bot.proc.pid)
    ws.drop("fin")
    time.sleep(6)
    figures["outage_cpu_seconds"] = cpu_seconds(bot.proc.pid) - cpu_before
    ws.refuse = False
    back = time.monotonic()
    figures["after_outage"] = ws.wait_connections(before + 1, timeout=10) - back
    assert figures["outage_cpu_seconds"] < 1.0
    assert figures["after_outage"] < 6               # the backoff is capped at 5 s

    # Still answering on the new connection; the earlier question was answered once only.
    envelope = ws.envelope("events_api", dm_event("Can I text my team?", "EvSOCK2"))
    ws.wait_ack(envelope)
    assert len(mock.wait_for("/chat.postMessage", count=2, timeout=60)) == 2
    print("\nsocket mode figures:", json.dumps({k: round(v, 3) for k, v in figures.items()}))

    # SIGTERM: a graceful stop, exit 0, one line saying so.
    os.kill(bot.proc.pid, signal.SIGTERM)
    assert bot.proc.wait(30) == 0
    log = bot.log()
    assert log.count("PolicyBot stopped (SIGTERM)") == 1, log
    assert "Traceback" not in log, log
    assert log.count("bad input: a Slack event_callback payload") == 1, log
    assert "without the inbox" not in log
    assert "`token` will be unused" not in log
    assert len(mock.bodies("/chat.postMessage")) == 2


def test_a_refused_app_token_is_one_line_and_exit_3(bundled_data, tmp_path):
    import subprocess
    import sys

    from tests.bot.live import ROOT

    mock = MockSlack().start()          # no socket URL: apps.connections.open answers invalid_auth
    try:
        config = write_config(tmp_path / "app.yaml", database_url=f"sqlite:///{tmp_path / 'policybot.db'}",
                              slack={"mode": "socket"})
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "POLICYBOT_"))}
        env.update(POLICYBOT_CONFIG=str(config), POLICYBOT_DATA_DIR=str(bundled_data), SLACK_BOT_TOKEN="xoxb-test",
                   SLACK_APP_TOKEN="xapp-revoked", SLACK_API_URL=mock.base_url)
        done = subprocess.run([sys.executable, "-m", "bot.cli.main", "slack"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=180)
    finally:
        mock.stop()
    assert done.returncode == 3
    lines = [line for line in done.stderr.splitlines() if line.startswith("policybot slack")]
    assert lines == ["policybot slack: Slack refused the connection (invalid_auth); check SLACK_APP_TOKEN "
                     "(xapp-..., scope connections:write)"]
    assert "Traceback" not in done.stderr
