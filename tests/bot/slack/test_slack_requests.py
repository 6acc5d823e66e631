"""Request handling: signatures, retries and duplicate deliveries, and the HTTP-mode server."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from bot.slack.dedupe import SeenKeys, delivery_keys
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
    assert [q for q, _ in answers.asked] == ["Can I friend a student?", "May I post photos?"]
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
    assert [q for q, _ in answers.asked] == ["Can I friend a student?", "May I post photos?"]


def test_message_edits_and_bot_messages_are_not_questions(slack, mock_slack, answers):
    slack.event({"type": "message", "subtype": "message_changed", "channel": "DASKER", "channel_type": "im",
                 "message": {"text": "edited"}, "ts": "1699999300.000200"})
    slack.event({"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UBOT", "bot_id": "BBOT",
                 "text": "my own answer", "ts": "1699999301.000200"})
    slack.dm("May I post photos?")
    mock_slack.wait_for("/chat.postMessage")
    assert [q for q, _ in answers.asked] == ["May I post photos?"]


def test_seen_keys_expire_and_stay_bounded():
    now = [0.0]
    seen = SeenKeys(ttl_seconds=60, max_items=3, clock=lambda: now[0])
    assert seen.first_time("a", "b")
    assert not seen.first_time("b")             # any shared key marks a duplicate
    now[0] = 61
    assert seen.first_time("a")                 # expired
    for k in "cdef":
        seen.first_time(k)
    assert len(seen) == 3


def test_delivery_keys_only_for_events():
    assert delivery_keys({"type": "event_callback", "event_id": "Ev1", "team_id": "T1",
                          "event": {"client_msg_id": "m1"}}) == ("event:Ev1", "msg:T1:m1")
    assert delivery_keys({"type": "block_actions"}) == ()


@pytest.fixture
def http_server(app):
    from bot.slack.run import http_server as make
    server = make(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


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
