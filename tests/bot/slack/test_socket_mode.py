"""The Socket Mode client's pieces: backoff, envelope reading, acks, and a refused app token at start."""
from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.socket_mode import MAX_BACKOFF, SocketModeClient, ack_of, backoff, request_of
from bot.slack.settings import SlackSettings


def test_backoff_is_zero_after_a_working_connection_then_short_and_capped():
    assert [backoff(n) for n in range(6)] == [0.0, 0.5, 1.0, 2.0, 4.0, 5.0]
    assert backoff(50) == MAX_BACKOFF <= 5


def test_an_envelope_is_read_with_its_retry_attempt():
    request = request_of({"envelope_id": "e1", "type": "events_api", "payload": {"type": "event_callback"},
                          "retry_attempt": 2, "retry_reason": "timeout"})
    assert (request.envelope_id, request.type, request.retry_attempt, request.retry_reason) == (
        "e1", "events_api", 2, "timeout")


@pytest.mark.parametrize("message", [
    {"type": "events_api", "payload": {}},                                 # no envelope id
    {"envelope_id": "", "type": "events_api", "payload": {}},
    {"envelope_id": {"x": 1}, "type": "events_api", "payload": {}},
    {"envelope_id": "e1", "type": "events_api", "payload": "text"},
    {"envelope_id": "e1", "type": ["events_api"], "payload": {}},
    {"envelope_id": "e1", "type": "events_api"},
])
def test_envelopes_of_the_wrong_shape_are_not_read(message):
    assert request_of(message) is None


def test_retry_fields_of_the_wrong_type_are_ignored():
    request = request_of({"envelope_id": "e1", "type": "events_api", "payload": {}, "retry_attempt": "2",
                          "retry_reason": 5})
    assert request.retry_attempt is None and request.retry_reason is None
    assert request_of({"envelope_id": "e1", "type": "x", "payload": {}, "retry_attempt": True}).retry_attempt is None


def test_acks_carry_bolts_response_payload():
    assert ack_of("e1", 200, "", "") == {"envelope_id": "e1"}
    assert ack_of("e1", 200, '{"response_action": "errors"}', "application/json") == {
        "envelope_id": "e1", "payload": {"response_action": "errors"}}
    assert ack_of("e1", 200, "done", "text/plain") == {"envelope_id": "e1", "payload": {"text": "done"}}
    assert ack_of("e1", 404, "not found", "text/plain") == {"envelope_id": "e1"}


def test_ping_seconds_defaults_to_two_and_is_checked():
    assert SlackSettings().ping_seconds == 2
    with pytest.raises(ValueError, match="slack.ping_seconds"):
        SlackSettings(ping_seconds=0)
    with pytest.raises(ValueError, match="slack.ping_seconds"):
        SlackSettings(ping_seconds="fast")


def test_a_refused_app_token_at_start_is_raised(mock_slack):
    # mock_slack answers apps.connections.open with invalid_auth while it has no socket URL.
    client = SocketModeClient(object(), "xapp-bad", web_client=WebClient(token="xoxb-1", base_url=mock_slack.base_url))
    with pytest.raises(SlackApiError):
        client.run()
    [(path, _)] = [c for c in mock_slack.calls if c[0] == "/apps.connections.open"]
