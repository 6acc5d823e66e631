"""kill -9 between the ack and the answer: after a restart the question is answered exactly once.

The real `policybot slack --mode http` and `policybot teams` processes run against the mock Slack
Web API and the fake Bot Connector, on SQLite and on PostgreSQL (a schema per test). The first
process is made slow to answer (test hook), acks a signed question, is killed with SIGKILL while
the inbox worker holds the question, and a second process, started normally, answers it.
"""
from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from tests.bot.application.asking.inbox_live import inbox_status, slack_event, wait_until
from tests.bot.live import BotProcess, ConnectorThread, free_port, json_body, post, write_config
from tests.bot.slack.harness import SIGNING_SECRET, signed_headers
from tests.bot.slack.mock_slack import MockSlack
from tests.bot.teams.activities import activity
from tests.bot.teams.cardtext import card_texts

pytestmark = pytest.mark.integration
INBOX = {"lease_seconds": 2, "poll_seconds": 0.5, "teams_wait_seconds": 1}


def test_slack_question_acked_then_killed_is_answered_once_after_restart(db_url, bundled_data, tmp_path):
    mock = MockSlack().start()
    port = free_port()
    config = write_config(tmp_path / "app.yaml", database_url=db_url, inbox=INBOX,
                          slack={"mode": "http", "port": port, "admin_channel": "CADMIN"})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url,
           "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": mock.base_url}
    args = ["slack", "--mode", "http", "--host", "127.0.0.1", "--port", str(port)]
    bot = BotProcess(args, env, tmp_path / "bot.log", port)
    try:
        bot.start(POLICYBOT_TEST_ANSWER_DELAY="120").wait_ready()
        body = slack_event("Can I friend a student on Facebook?", "EvCRASH1")
        headers = {k: v[0] for k, v in signed_headers(body.decode(), content_type="application/json").items()}
        status, seconds = post(bot.url + "/slack/events", body, headers)
        assert status == 200 and seconds < 3
        wait_until(lambda: inbox_status(db_url) == ["working"], 20, "the worker to claim the question")
        bot.kill9()
        assert mock.bodies("/chat.postMessage") == []

        bot.start().wait_ready()
        mock.wait_for("/chat.postMessage", timeout=60)
        # Slack re-sending the acked event after the restart changes nothing.
        assert post(bot.url + "/slack/events", body, headers)[0] == 200
        wait_until(lambda: inbox_status(db_url) == ["done"], 20, "the item to be done")
        time.sleep(1.5)
        [answer] = mock.bodies("/chat.postMessage")
        assert answer["channel"] == "DASKER"
        texts = " ".join(str(b) for b in answer["blocks"])
        assert "late answer" in texts and "Not allowed" in texts
    finally:
        bot.stop()
        mock.stop()
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM questions")).scalar() == 1
    engine.dispose()


def test_teams_activity_answered_with_201_then_killed_is_answered_once_after_restart(db_url, bundled_data, tmp_path):
    connector = ConnectorThread().start()
    port = free_port()
    config = write_config(tmp_path / "app.yaml", database_url=db_url, inbox=INBOX,
                          teams={"host": "127.0.0.1", "port": port})
    env = {"POLICYBOT_CONFIG": str(config), "POLICYBOT_DATA_DIR": str(bundled_data), "DATABASE_URL": db_url}
    bot = BotProcess(["teams", "--host", "127.0.0.1", "--port", str(port)], env, tmp_path / "bot.log", port)
    try:
        bot.start(POLICYBOT_TEST_ANSWER_DELAY="120").wait_ready()
        question = activity(connector.url, text="Can I friend a student on Facebook?")
        status, _ = post(bot.url + "/api/messages", json_body(question), {"Content-Type": "application/json"})
        assert status == 201
        assert len(connector.connector.typing) == 1
        wait_until(lambda: inbox_status(db_url) == ["working"], 20, "the worker to claim the question")
        bot.kill9()
        assert connector.card_posts() == []

        bot.start().wait_ready()
        wait_until(connector.card_posts, 60, "the answer card")
        assert post(bot.url + "/api/messages", json_body(question), {"Content-Type": "application/json"})[0] == 201
        wait_until(lambda: inbox_status(db_url) == ["done"], 20, "the item to be done")
        time.sleep(1.5)
        [card] = connector.card_posts()
        assert card.activity_id == question["id"]
        assert "Not allowed" in card_texts(card.card)
        late = [c for c in connector.connector.calls if "late answer" in (c.body.get("text") or "")]
        assert len(late) == 1
    finally:
        bot.stop()
        connector.stop()
