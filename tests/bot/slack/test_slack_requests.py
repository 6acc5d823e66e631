"""Request handling: signatures, retries and duplicate deliveries, and the HTTP-mode server."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from bot.slack.dedupe import delivery_key
from tests.bot.slack.harness import signed_headers


def test_forged_signature_is_refused(slack, mock_slack, answers):
    resp = slack.dm("Can I friend a student?", secret="not-the-signing-secret")
    assert resp.status == 401
    assert answers.asked == []


def test_stale_signature_is_refused(slack, answers):
    resp = slack.dm("Can I friend a student?", timestamp=int(time.time()) - 60 * 10)
    assert resp.status == 401
    assert answers.asked == []


def answers_posted(mock_slack) -> list[dict]:
    return mock_slack.bodies("/chat.postMessage")


def test_retry_of_a_received_event_is_not_answered_twice(slack, mock_slack, answers, store):
    body = slack.event_body({"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER",
                             "text": "Can I friend a student?", "ts": "1699999100.000200",
                             "client_msg_id": "c-1"}, event_id="EvRETRY")
    assert slack.dispatch(body, "application/json").status == 200
    mock_slack.wait_for("/chat.postMessage")
    retry = slack.dispatch(body, "application/json", retry_num=1)
    assert retry.status == 200
    assert retry.headers.get("x-slack-no-retry") == ["1"]
    # A later, different question is answered; by then the retry would have been too.
    slack.dm("May I post photos?")
    mock_slack.wait_for("/chat.postMessage", 2)
    assert sorted(q for q, _ in answers.asked) == ["Can I friend a student?", "May I post photos?"]
    assert len(answers_posted(mock_slack)) == 2
    assert len(store.recent_questions(platform="slack", asker_id="UASKER")) == 2


def test_retry_whose_original_was_lost_is_answered(slack, mock_slack, answers):
    slack.dm("Can I friend a student?", retry_num=2)
    mock_slack.wait_for("/chat.postMessage")
    assert len(answers.asked) == 1


def test_same_message_delivered_as_dm_and_mention_is_answered_once(slack, mock_slack, answers):
    slack.dm("<@UBOT> Can I friend a student?", ts="1699999200.000200")
    slack.mention("<@UBOT> Can I friend a student?", channel="DASKER", ts="1699999200.000200")
    slack.dm("May I post photos?")
    mock_slack.wait_for("/chat.postMessage", 2)
    assert sorted(q for q, _ in answers.asked) == ["Can I friend a student?", "May I post photos?"]   # answered concurrently


def test_message_edits_and_bot_messages_are_not_questions(slack, mock_slack, answers):
    slack.event({"type": "message", "subtype": "message_changed", "channel": "DASKER", "channel_type": "im",
                 "message": {"text": "edited"}, "ts": "1699999300.000200"})
    slack.event({"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UBOT", "bot_id": "BBOT",
                 "text": "my own answer", "ts": "1699999301.000200"})
    slack.dm("May I post photos?")
    mock_slack.wait_for("/chat.postMessage")
    assert [q for q, _ in answers.asked] == ["May I post photos?"]


def test_delivery_key_prefers_the_message_id_shared_by_retries_and_mentions():
    assert delivery_key({"type": "event_callback", "event_id": "Ev1", "team_id": "T1",
                         "event": {"client_msg_id": "m1"}}) == "msg:T1:m1"
    assert delivery_key({"type": "event_callback", "event_id": "Ev1", "team_id": "T1", "event": {}}) == "event:Ev1"
    assert delivery_key({"type": "block_actions"}) == ""


@pytest.fixture
def http_server(app, store):
    """The production ASGI app on uvicorn, on a free port."""
    import socket

    import uvicorn

    from bot.application.health import Health
    from bot.slack.run import asgi_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(asgi_app(app, Health(store=store)), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(5)
    sock.close()


def post(url: str, body: str, headers: dict) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body.encode(), method="POST",
                                 headers={k: v[0] for k, v in headers.items()})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def test_http_mode_serves_slack_events(http_server, slack, mock_slack):
    body = slack.event_body({"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER",
                             "text": "Can I friend a student?", "ts": "1699999400.000200"})
    status, _ = post(http_server + "/slack/events", body, signed_headers(body, content_type="application/json"))
    assert status == 200
    mock_slack.wait_for("/chat.postMessage")

    forged = signed_headers(body, content_type="application/json", secret="wrong")
    assert post(http_server + "/slack/events", body, forged)[0] == 401
    assert post(http_server + "/elsewhere", body, forged)[0] == 404

    challenge = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "legacy"})
    status, reply = post(http_server + "/slack/events", challenge,
                         signed_headers(challenge, content_type="application/json"))
    assert status == 200 and json.loads(reply)["challenge"] == "abc123"


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_http_mode_answers_health_probes(http_server, store):
    assert get(http_server + "/healthz") == (200, {"status": "ok"})
    assert get(http_server + "/readyz") == (200, {"status": "ready"})


def test_readiness_fails_while_the_model_is_cold_or_the_database_unreachable(tmp_path, store):
    from bot.application.engine import Engine
    from bot.application.escalations.store import EscalationStore, create_engine
    from bot.application.health import Health
    from bot.application.settings import Settings

    cold = Engine(Settings(data_dir=tmp_path / "data", env={}))
    status, body = Health(engine=cold, store=store).ready()
    assert status == 503 and json.loads(body)["problems"] == {"model": "not loaded yet"}
    gone = EscalationStore(create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"))
    status, body = Health(store=gone).ready()
    assert status == 503 and "database" in json.loads(body)["problems"]


def test_many_events_at_once_are_all_acked_and_answered_once(http_server, slack, mock_slack, answers):
    """The stdlib server's backlog of 5 reset most of 50 simultaneous connections; uvicorn takes them all."""
    from concurrent.futures import ThreadPoolExecutor

    bodies = [slack.event_body({"type": "message", "channel": "DASKER", "channel_type": "im", "user": f"U{i}",
                                "text": f"Can I friend a student? #{i}", "ts": f"1699998{i:03d}.000200",
                                "client_msg_id": f"burst-{i}"}) for i in range(50)]
    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(lambda b: post(http_server + "/slack/events", b,
                                                signed_headers(b, content_type="application/json"))[0], bodies))
    assert statuses == [200] * 50
    mock_slack.wait_for("/chat.postMessage", 50, timeout=60)
    time.sleep(0.3)
    assert len(mock_slack.bodies("/chat.postMessage")) == 50
    assert len({q for q, _ in answers.asked}) == len(answers.asked) == 50
