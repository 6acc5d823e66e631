"""Signed Slack requests for `app.dispatch`: Events API bodies, slash commands, block actions, view submissions."""
from __future__ import annotations

import itertools
import json
import time
from urllib.parse import urlencode

from slack_bolt import BoltResponse

from bot.slack.shapes import dispatch_http
from slack_sdk.signature import SignatureVerifier

SIGNING_SECRET = "test-signing-secret"
_ids = itertools.count(1)


def signed_headers(body: str, *, content_type: str, secret: str = SIGNING_SECRET,
                   timestamp: int | None = None, retry_num: int | None = None) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    headers = {"content-type": [content_type], "x-slack-signature": [signature],
               "x-slack-request-timestamp": [ts]}
    if retry_num is not None:
        headers["x-slack-retry-num"] = [str(retry_num)]
        headers["x-slack-retry-reason"] = ["http_timeout"]
    return headers


class SlackDriver:
    """Builds realistic payloads and dispatches them, signed, to a bolt App."""

    def __init__(self, app, mock, team: str = "T1"):
        self.app, self.mock, self.team = app, mock, team

    def dispatch(self, body: str, content_type: str, **sign) -> BoltResponse:
        # Through the edge the servers use (shapes.dispatch_http): what bolt cannot read is refused there.
        return dispatch_http(self.app, body=body, headers=signed_headers(body, content_type=content_type, **sign))

    # -- Events API ---------------------------------------------------------------------------
    def event_body(self, event: dict, *, event_id: str | None = None) -> str:
        return json.dumps({
            "token": "legacy", "team_id": self.team, "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):06d}", "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team, "user_id": "UBOT", "is_bot": True}],
            "event": event,
        })

    def event(self, event: dict, *, event_id: str | None = None, **sign) -> BoltResponse:
        return self.dispatch(self.event_body(event, event_id=event_id), "application/json", **sign)

    def dm(self, text: str, *, user: str = "UASKER", ts: str | None = None, **kw) -> BoltResponse:
        ts = ts or f"1699999{next(_ids):03d}.000200"
        return self.event({"type": "message", "channel": "DASKER", "channel_type": "im", "user": user,
                           "text": text, "ts": ts, "client_msg_id": f"msg-{ts}", "team": self.team}, **kw)

    def mention(self, text: str, *, user: str = "UASKER", channel: str = "CGENERAL",
                ts: str = "1700000500.000100", thread_ts: str | None = None, **kw) -> BoltResponse:
        event = {"type": "app_mention", "channel": channel, "user": user, "text": text, "ts": ts,
                 "client_msg_id": f"msg-{ts}", "team": self.team}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, **kw)

    def home_opened(self, user: str = "UASKER") -> BoltResponse:
        return self.event({"type": "app_home_opened", "user": user, "channel": "DASKER", "tab": "home"})

    # -- slash command ------------------------------------------------------------------------
    def command(self, text: str, *, user: str = "UASKER", channel: str = "CGENERAL") -> BoltResponse:
        body = urlencode({
            "token": "legacy", "team_id": self.team, "team_domain": "test", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": user.lower(), "command": "/policy",
            "text": text, "api_app_id": "A1", "response_url": self.mock.base_url + "respond/command",
            "trigger_id": "trig.1",
        })
        return self.dispatch(body, "application/x-www-form-urlencoded")

    # -- interactivity ------------------------------------------------------------------------
    def interaction(self, payload: dict) -> BoltResponse:
        body = urlencode({"payload": json.dumps(payload)})
        return self.dispatch(body, "application/x-www-form-urlencoded")

    def click(self, action_id: str, value: str, *, user: str = "UASKER", channel: str = "DASKER",
              message: dict | None = None, ephemeral: bool = False) -> BoltResponse:
        message = message or {"type": "message", "ts": "1700000900.000100", "text": "answer"}
        payload = {
            "type": "block_actions", "team": {"id": self.team, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team},
            "api_app_id": "A1", "token": "legacy", "trigger_id": f"trig.{next(_ids)}",
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel,
                          "is_ephemeral": ephemeral},
            "channel": {"id": channel, "name": "x"},
            "response_url": self.mock.base_url + f"respond/action-{action_id}",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b1", "value": value,
                         "action_ts": str(time.time())}],
        }
        if not ephemeral:
            payload["message"] = message
        return self.interaction(payload)

    def submit_view(self, view: dict, values: dict, *, user: str) -> BoltResponse:
        payload = {
            "type": "view_submission", "team": {"id": self.team, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": self.team},
            "api_app_id": "A1", "token": "legacy", "trigger_id": f"trig.{next(_ids)}",
            "view": {**view, "id": "V1", "team_id": self.team, "state": {"values": values}},
        }
        return self.interaction(payload)


def answer_values(text: str, *, ruling: bool = False) -> dict:
    """The `state.values` of a submitted answer modal."""
    selected = [{"text": {"type": "plain_text", "text": "Save as ruling"}, "value": "ruling"}] if ruling else []
    return {"answer": {"text": {"type": "plain_text_input", "value": text}},
            "ruling": {"save": {"type": "checkboxes", "selected_options": selected}}}


def _text(value) -> str:
    return value.get("text", "") if isinstance(value, dict) else str(value or "")


def texts(blocks: list[dict]) -> str:
    """All visible text of a list of blocks, one block per line (for assertions)."""
    lines = []
    for b in blocks:
        parts = [_text(b.get("text"))] + [_text(e.get("text")) for e in b.get("elements", []) if isinstance(e, dict)]
        lines.append(" ".join(p for p in parts if p))
    return "\n".join(lines)
