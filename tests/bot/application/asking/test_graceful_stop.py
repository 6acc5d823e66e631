"""SIGTERM/SIGINT stop the real bot processes gracefully, and a restart resumes its own questions at once.

- In flight when SIGTERM arrives: the answer is finished within `inbox.stop_grace_seconds`, then the
  process exits 0 with one line saying so.
- Still in flight when the grace runs out: handed back to the inbox (pending), exit 0; the next
  process answers it at once.
- kill -9 right after the ack, with a 60 s lease: the restarted process (same `inbox.instance`)
  answers within seconds, not after the lease; a replica under another name still waits.
- `policybot teams` and `policybot admin` stop the same way (exit 0, one line).
"""
from __future__ import annotations

import os
import signal
import time

import pytest

from tests.bot.application.asking.inbox_live import inbox_status, slack_event, wait_until
from tests.bot.live import BotProcess, ConnectorThread, free_port, json_body, post, write_config
from tests.bot.slack.harness import SIGNING_SECRET, signed_headers
from tests.bot.slack.mock_slack import MockSlack

pytestmark = pytest.mark.integration


@pytest.fixture
def slack_bot(bundled_data, tmp_path):
    """A factory of `policybot slack --mode http` processes sharing one database and one mock Web API."""
    mock = MockSlack().start()
    db_url = f"sqlite:///{tmp_path / 'policybot.db'}"
    made: list[BotProcess] = []

    def make(inbox: dict, name: str = "bot") -> BotProcess:
        port = free_port()
        config = write_config(tmp_path / f"{name}.yaml", database_url=db_url, inbox=inbox,
                              slack={"mode": "http", "port": port, "admin_channel": "CADMIN"})
        env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url,
               "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": mock.base_url}
        bot = BotProcess(["slack", "--mode", "http", "--host", "127.0.0.1", "--port", str(port)], env,
                         tmp_path / f"{name}.log", port)
        made.append(bot)
        return bot

    yield make, mock, db_url
    for bot in made:
        bot.stop()
    mock.stop()


def ask(bot: BotProcess, text: str, event_id: str) -> None:
    body = slack_event(text, event_id)
    headers = {k: v[0] for k, v in signed_headers(body.decode(), content_type="application/json").items()}
    status, seconds = post(bot.url + "/slack/events", body, headers)
    assert status == 200 and seconds < 3


def test_sigterm_lets_the_answer_in_flight_finish_then_exits_0(slack_bot):
    make, mock, db_url = slack_bot
    bot = make({"stop_grace_seconds": 30}).start(POLICYBOT_TEST_ANSWER_DELAY="3")
    bot.wait_ready()
    ask(bot, "Can I friend a student on Facebook?", "EvSTOP1")
    wait_until(lambda: inbox_status(db_url) == ["working"], 20, "the worker to claim the question")
    os.kill(bot.proc.pid, signal.SIGTERM)
    assert bot.proc.wait(40) == 0
    assert inbox_status(db_url) == ["done"]
    assert len(mock.bodies("/chat.postMessage")) == 1
    log = bot.log()
    assert log.count("PolicyBot stopped") == 1 and "stopped (SIGTERM): 1 answer(s) in flight finished, 0 handed back" in log
    assert "Traceback" not in log


def test_what_the_grace_cannot_finish_is_handed_back_and_answered_by_the_next_process(slack_bot):
    make, mock, db_url = slack_bot
    bot = make({"stop_grace_seconds": 1, "lease_seconds": 600}).start(POLICYBOT_TEST_ANSWER_DELAY="120")
    bot.wait_ready()
    ask(bot, "Can I friend a student on Facebook?", "EvSTOP2")
    wait_until(lambda: inbox_status(db_url) == ["working"], 20, "the worker to claim the question")
    started = time.monotonic()
    os.kill(bot.proc.pid, signal.SIGINT)
    assert bot.proc.wait(30) == 0
    assert time.monotonic() - started < 15
    assert inbox_status(db_url) == ["pending"]        # handed back, not left to a 10-minute lease
    assert "stopped (SIGINT): 0 answer(s) in flight finished, 1 handed back" in bot.log()
    assert mock.bodies("/chat.postMessage") == []

    bot.start().wait_ready()
    mock.wait_for("/chat.postMessage", timeout=30)
    wait_until(lambda: inbox_status(db_url) == ["done"], 20, "the item to be done")


def test_a_restart_resumes_its_own_question_at_once_while_another_instance_waits_for_the_lease(slack_bot):
    make, mock, db_url = slack_bot
    inbox = {"lease_seconds": 60, "poll_seconds": 0.5, "instance": "policybot-a"}
    bot = make(inbox, "a").start(POLICYBOT_TEST_ANSWER_DELAY="120")
    bot.wait_ready()
    ask(bot, "Can I friend a student on Facebook?", "EvRESUME1")
    wait_until(lambda: inbox_status(db_url) == ["working"], 20, "the worker to claim the question")
    bot.kill9()

    # A replica under another name sees the question held and leaves it to its 60 s lease.
    other = make({**inbox, "instance": "policybot-b"}, "b").start()
    other.wait_ready()
    time.sleep(2)
    assert inbox_status(db_url) == ["working"] and mock.bodies("/chat.postMessage") == []
    other.stop()

    restarted = time.monotonic()
    bot.start().wait_ready()
    ready = time.monotonic()
    mock.wait_for("/chat.postMessage", timeout=20)
    answered = time.monotonic()
    print(f"\nresumed: answered {answered - ready:.2f} s after ready, {answered - restarted:.2f} s after restart")
    assert answered - ready < 10
    wait_until(lambda: inbox_status(db_url) == ["done"], 20, "the item to be done")
    assert "resuming 1 question(s) this instance (policybot-a)" in bot.log()
    assert len(mock.bodies("/chat.postMessage")) == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_teams_stops_gracefully(sig, bundled_data, tmp_path):
    connector = ConnectorThread().start()
    port = free_port()
    db_url = f"sqlite:///{tmp_path / 'policybot.db'}"
    config = write_config(tmp_path / "app.yaml", database_url=db_url, teams={"host": "127.0.0.1", "port": port})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url}
    bot = BotProcess(["teams", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "bot.log", port)
    try:
        bot.start().wait_ready()
        os.kill(bot.proc.pid, sig)
        assert bot.proc.wait(30) == 0
        log = bot.log()
        assert log.count("PolicyBot stopped") == 1 and f"stopped ({signal.Signals(sig).name})" in log, log
        assert "Traceback" not in log
    finally:
        bot.stop()
        connector.stop()


def test_admin_stops_gracefully(tmp_path):
    port = free_port()
    db_url = f"sqlite:///{tmp_path / 'policybot.db'}"
    config = write_config(tmp_path / "app.yaml", database_url=db_url)
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": db_url}
    bot = BotProcess(["admin", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "admin.log", port)
    try:
        bot.start().wait_ready()
        os.kill(bot.proc.pid, signal.SIGTERM)
        assert bot.proc.wait(30) == 0
        log = bot.log()
        assert log.count("PolicyBot admin stopped (SIGTERM)") == 1, log
        assert "Traceback" not in log
    finally:
        bot.stop()


def test_sigterm_while_loading_the_model_exits_0_with_one_line(slack_bot):
    make, mock, db_url = slack_bot
    bot = make({}).start()
    wait_until(lambda: "loading the model" in bot.log(), 120, "the model to start loading")
    os.kill(bot.proc.pid, signal.SIGTERM)
    assert bot.proc.wait(30) == 0
    log = bot.log()
    assert log.count("PolicyBot stopped (SIGTERM)") == 1, log     # while starting, or just after
    assert "Traceback" not in log


def test_teams_finishes_the_answer_in_flight_before_it_exits(bundled_data, tmp_path):
    from tests.bot.teams.activities import activity

    connector = ConnectorThread().start()
    port = free_port()
    db_url = f"sqlite:///{tmp_path / 'policybot.db'}"
    config = write_config(tmp_path / "app.yaml", database_url=db_url, teams={"host": "127.0.0.1", "port": port},
                          inbox={"teams_wait_seconds": 0.5, "stop_grace_seconds": 30})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url}
    bot = BotProcess(["teams", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "bot.log", port)
    try:
        bot.start(POLICYBOT_TEST_ANSWER_DELAY="3").wait_ready()
        question = activity(connector.url, text="Can I friend a student on Facebook?")
        assert post(bot.url + "/api/messages", json_body(question), {"Content-Type": "application/json"})[0] == 201
        wait_until(lambda: inbox_status(db_url) == ["working"], 20, "the worker to claim the question")
        os.kill(bot.proc.pid, signal.SIGTERM)
        assert bot.proc.wait(40) == 0
        assert inbox_status(db_url) == ["done"]
        assert len(connector.card_posts()) == 1          # sent while stopping: the loop was still there
        log = bot.log()
        assert "PolicyBot stopped (SIGTERM): 1 answer(s) in flight finished, 0 handed back" in log, log
        assert "Traceback" not in log
    finally:
        bot.stop()
        connector.stop()
