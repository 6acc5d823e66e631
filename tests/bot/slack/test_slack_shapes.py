"""Slack payloads of the wrong shape are acknowledged, logged as bad input once, never stored or sent on."""
from __future__ import annotations

import json
import logging
import time

import pytest

from bot.slack.shapes import BadShape, check

DM = {"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER",
      "text": "Can I friend a student?", "ts": "1700003000.000100", "team": "T1"}


def bad_events():
    yield "channel is an object", {**DM, "channel": {"id": "DASKER"}}
    yield "channel is a list", {**DM, "channel": ["DASKER"]}
    yield "channel is missing", {k: v for k, v in DM.items() if k != "channel"}
    yield "text is a number", {**DM, "text": 42}
    yield "user is an object", {**DM, "user": {"id": "UASKER"}}
    yield "ts is missing", {k: v for k, v in DM.items() if k != "ts"}
    yield "thread_ts is a list", {**DM, "thread_ts": ["1.1"]}
    yield "client_msg_id is a number", {**DM, "client_msg_id": 7}
    yield "mention channel is an object", {"type": "app_mention", "channel": {"x": 1}, "user": "UASKER",
                                           "text": "<@UBOT> hi", "ts": "1.2"}
    yield "home user is a number", {"type": "app_home_opened", "user": 5, "tab": "home"}


@pytest.mark.parametrize("what,event", list(bad_events()), ids=[w for w, _ in bad_events()])
def test_a_malformed_event_is_acked_logged_and_dropped(what, event, slack, mock_slack, store, caplog):
    with caplog.at_level(logging.WARNING):
        response = slack.event(event)
    assert response.status == 200
    time.sleep(0.2)
    bad = [r for r in caplog.records if "bad input" in r.getMessage()]
    assert len(bad) == 1 and "Traceback" not in bad[0].getMessage()
    assert "friend" not in bad[0].getMessage()                 # what was wrong, never the text
    assert not any("without the inbox" in r.getMessage() for r in caplog.records)
    assert [p for p, _ in mock_slack.calls if p != "/auth.test"] == []
    with store.engine.connect() as conn:
        import sqlalchemy as sa
        assert conn.execute(sa.text("SELECT count(*) FROM inbox")).scalar() == 0


def test_a_well_formed_dm_after_a_bad_one_is_answered(slack, mock_slack, answers):
    assert slack.event({**DM, "channel": {"id": "DASKER"}}).status == 200
    slack.dm("Can I post photos of my class?")
    [posted] = mock_slack.wait_for("/chat.postMessage")
    assert posted["channel"] == "DASKER"
    assert answers.asked == [("Can I post photos of my class?", "kimberly")]


def test_a_slash_command_with_a_bad_field_is_dropped(slack, mock_slack, store, caplog):
    from slack_bolt import BoltRequest

    body = {"command": "/policy", "user_id": ["UASKER"], "channel_id": "C1", "trigger_id": "t.1", "team_id": "T1",
            "text": "can I?"}
    with caplog.at_level(logging.WARNING):
        response = slack.app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    assert response.status == 200
    assert any("bad input" in r.getMessage() and "user_id" in r.getMessage() for r in caplog.records)
    assert mock_slack.bodies("/chat.postMessage") == []


@pytest.mark.parametrize("value", ["abc", "", None, "1" * 40, {"id": 1}, "１２"])
def test_a_button_with_a_bad_value_is_dropped(value, slack, mock_slack, caplog):
    payload = {"type": "block_actions", "user": {"id": "UASKER"}, "team": {"id": "T1"}, "trigger_id": "t.2",
               "actions": [{"type": "button", "action_id": "policybot_share", "block_id": "b", "value": value}],
               "response_url": mock_slack.base_url + "respond/x"}
    with caplog.at_level(logging.WARNING):
        assert slack.interaction(payload).status == 200
    time.sleep(0.2)
    assert any("bad input" in r.getMessage() for r in caplog.records)
    assert [p for p, _ in mock_slack.calls if p.startswith("/respond")] == []
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


def test_a_modal_submission_with_bad_values_is_dropped(slack, mock_slack, caplog):
    payload = {"type": "view_submission", "user": {"id": "UADMIN"}, "team": {"id": "T1"},
               "view": {"id": "V1", "type": "modal", "callback_id": "policybot_esc_answer_modal", "private_metadata": "{}",
                        "state": {"values": {"answer": ["not", "an", "object"]}}}}
    with caplog.at_level(logging.WARNING):
        assert slack.interaction(payload).status == 200
    assert any("bad input" in r.getMessage() for r in caplog.records)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


@pytest.mark.parametrize("body", [
    {"type": "event_callback", "team_id": "T1", "event": {"type": "message", "channel": "C", "ts": "1", "text": "x",
                                                           "bot_id": "B1"}},
    {"type": "event_callback", "event": {"type": "reaction_added", "user": "U1"}},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "other", "value": "anything"}]},
    {"type": "url_verification", "challenge": "x"},
    {"command": "/policy", "user_id": "U", "channel_id": "C", "trigger_id": "t", "text": "q"},
])
def test_well_formed_payloads_pass(body):
    check(body)


@pytest.mark.parametrize("body", [
    [], "text", {"type": 3}, {"type": "view_submission", "user": {"id": "U"}, "view": {"state": {"values": {}}}}, {"type": "event_callback", "event": "x"}, {"type": "event_callback"},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": []},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": ["x"]},
    {"type": "block_actions", "user": "U1", "actions": [{"action_id": "other"}]},
    {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "x"}], "container": {"is_ephemeral": "y"}},
    {"type": "event_callback", "event": {"type": "message", "channel": "C", "ts": "1", "bot_profile": "x"}},
])
def test_bad_shapes_are_named(body):
    with pytest.raises(BadShape):
        check(body)


def test_an_unreadable_payload_with_a_forged_signature_is_401(slack):
    from tests.bot.slack.harness import signed_headers

    body = slack.event_body({"type": "app_home_opened", "user": 5})
    headers = signed_headers(body, content_type="application/json", secret="not-the-secret")
    from bot.slack.shapes import dispatch_http
    assert dispatch_http(slack.app, body=body, headers=headers).status == 401


@pytest.mark.parametrize("payload", [
    {"type": "block_actions", "user": 5, "actions": [{"action_id": "policybot_share", "value": "1"}]},
    {"type": "event_callback", "team_id": "T1", "event": {"type": "app_home_opened", "user": {"id": 1}}},
    {"type": "view_submission", "user": {"id": "U"}, "view": {"type": 3, "state": {"values": {}}}},
])
def test_socket_mode_envelopes_bolt_cannot_read_are_acked_and_dropped(payload, slack, mock_slack, caplog):
    from slack_sdk.socket_mode.request import SocketModeRequest

    from bot.slack.shapes import dispatch_socket

    with caplog.at_level(logging.WARNING):
        response = dispatch_socket(slack.app, SocketModeRequest(type="x", envelope_id="e1", payload=payload))
    assert response.status == 200
    assert sum("bad input" in r.getMessage() for r in caplog.records) == 1
    assert [p for p, _ in mock_slack.calls if p != "/auth.test"] == []
