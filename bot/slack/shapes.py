"""Every inbound Slack payload checked for shape and types before anything else looks at it.

bolt only routes on a few fields; the listeners trust the rest. A DM event whose `channel` was an
object once reached the inbox (which failed with "unhashable type"), was answered outside it, and
`chat.postMessage` went out with an object as its channel. Here each event, slash command, button
press and modal submission the app handles has its fields checked (a field we read must have the
type Slack documents; unknown fields are ignored). A payload that fails is acknowledged, so Slack
does not send it again, logged once as bad input (what was wrong, never the text), and dropped:
nothing is stored, nothing is sent.
"""
from __future__ import annotations

import logging
from typing import Callable

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.application.payload_shapes import BadShape, check_fields, check_type

log = logging.getLogger(__name__)

OPT_STR = (str, type(None))
ID_VALUE_ACTIONS = ("policybot_helpful", "policybot_not_helpful", "policybot_ask_admin", "policybot_share",
                    "policybot_esc_answer", "policybot_esc_resolve")
MAX_ID_DIGITS = 18


def _object(value, name: str) -> dict:
    check_type(value, dict, name)
    return value


def check_event(body: dict) -> None:
    check_fields(body, "body", {"event": dict}, {"team_id": OPT_STR, "event_id": OPT_STR, "api_app_id": OPT_STR,
                                           "authorizations": (list, type(None))})
    event = body["event"]
    check_fields(event, "event", {"type": str}, {"subtype": OPT_STR, "bot_id": OPT_STR, "app_id": OPT_STR,
                                            "bot_profile": (dict, type(None))})
    if event["type"] in ("message", "app_mention"):
        check_fields(event, "event", {"channel": str},
               {"user": OPT_STR, "text": OPT_STR, "ts": OPT_STR, "thread_ts": OPT_STR, "client_msg_id": OPT_STR,
                "channel_type": OPT_STR, "team": OPT_STR})
        if event["type"] == "app_mention" or (event.get("channel_type") == "im" and event.get("subtype") is None):
            check_fields(event, "event", {"ts": str})
    elif event["type"] == "app_home_opened":
        check_fields(event, "event", {"user": str}, {"tab": OPT_STR, "channel": OPT_STR})


def check_command(body: dict) -> None:
    check_fields(body, "command", {"command": str, "user_id": str, "channel_id": str, "trigger_id": str},
           {"team_id": OPT_STR, "text": OPT_STR, "response_url": OPT_STR})


def _id_value(action: dict, name: str) -> None:
    value = action.get("value")
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > MAX_ID_DIGITS:
        raise BadShape(f"{name}.value is not an id")


def check_block_actions(body: dict) -> None:
    check_fields(body, "body", {"user": dict, "actions": list},
           {"trigger_id": OPT_STR, "response_url": OPT_STR, "team": (dict, type(None)),
            "container": (dict, type(None)), "channel": (dict, type(None)), "message": (dict, type(None))})
    check_fields(body["user"], "user", {"id": str})
    if not body["actions"]:
        raise BadShape("actions is empty")
    for n, action in enumerate(body["actions"]):
        _object(action, f"actions[{n}]")
        check_fields(action, f"actions[{n}]", {"action_id": str}, {"value": OPT_STR, "block_id": OPT_STR})
        if action["action_id"] in ID_VALUE_ACTIONS:
            _id_value(action, f"actions[{n}]")
    for name, fields in (("team", {"id": OPT_STR}), ("channel", {"id": OPT_STR}),
                         ("container", {"channel_id": OPT_STR, "message_ts": OPT_STR, "is_ephemeral": (bool, type(None))}),
                         ("message", {"ts": OPT_STR, "thread_ts": OPT_STR, "text": OPT_STR,
                                      "blocks": (list, type(None))})):
        if isinstance(body.get(name), dict):
            check_fields(body[name], name, {}, fields)
    for n, block in enumerate((body.get("message") or {}).get("blocks") or []):
        _object(block, f"message.blocks[{n}]")


def check_view_submission(body: dict) -> None:
    check_fields(body, "body", {"user": dict, "view": dict}, {"trigger_id": OPT_STR, "team": (dict, type(None))})
    check_fields(body["user"], "user", {"id": str})
    view = body["view"]
    check_fields(view, "view", {"state": dict, "type": str}, {"callback_id": OPT_STR, "private_metadata": OPT_STR})
    check_fields(view["state"], "view.state", {"values": dict})
    for block_id, block in view["state"]["values"].items():
        _object(block, f"view.state.values.{str(block_id)[:40]}")
        for action_id, value in block.items():
            _object(value, f"view.state.values.{str(block_id)[:40]}.{str(action_id)[:40]}")


def check(body) -> None:
    """Raise BadShape when a payload the app handles has the wrong shape; other kinds pass untouched."""
    if not isinstance(body, dict):
        raise BadShape("the body is not an object")
    kind = body.get("type")
    if kind == "event_callback":
        check_event(body)
    elif kind == "block_actions":
        check_block_actions(body)
    elif kind == "view_submission":
        check_view_submission(body)
    elif kind is None and "command" in body:
        check_command(body)
    elif kind is not None and not isinstance(kind, str):
        raise BadShape(f"type is {type(kind).__name__}")


def _dropped(kind: str, problem: BadShape) -> BoltResponse:
    log.warning("bad input: a Slack %s payload was acknowledged and dropped (%s)", kind, problem)
    return BoltResponse(status=200, body="")


def _kind(body) -> str:
    body = body if isinstance(body, dict) else {}
    kind = body.get("type")
    return kind if isinstance(kind, str) else ("command" if "command" in body else "?")


def _first(value) -> str:
    return value[0] if isinstance(value, (list, tuple)) and value else value


def dispatch_http(app: App, *, body: str, headers: dict, query: str = "") -> BoltResponse:
    """`app.dispatch` of one HTTP request, for payloads bolt itself cannot read as well.

    bolt reads a few fields (the user, the team) while building its request, and fails with a
    TypeError on some wrong shapes (a `user` that is a number). Such a request is refused with a
    401 when its signature is wrong, else acknowledged and dropped like any other bad shape.
    """
    kind = "?"
    try:
        request = BoltRequest(body=body, query=query, headers=headers)
        kind = _kind(request.body)
        check(request.body)      # before bolt's listener matching, which trips over some shapes too
    except Exception as err:
        secret = getattr(app, "_signing_secret", "") or ""
        flat = {str(k): str(_first(v)) for k, v in (headers or {}).items()}
        if not secret or not SignatureVerifier(secret).is_valid_request(body, flat):
            return BoltResponse(status=401, body="")
        return _dropped(kind, err if isinstance(err, BadShape) else BadShape(f"unreadable ({type(err).__name__})"))
    return app.dispatch(request)


def dispatch_socket(app: App, envelope: SocketModeRequest) -> BoltResponse:
    """`app.dispatch` of one Socket Mode envelope, checked (and readable by bolt) first."""
    try:
        check(envelope.payload)
        request = BoltRequest(mode="socket_mode", body=envelope.payload, headers=build_headers(envelope))
    except BadShape as problem:
        return _dropped(_kind(envelope.payload), problem)
    except Exception as err:
        return _dropped(_kind(envelope.payload), BadShape(f"unreadable ({type(err).__name__})"))
    return app.dispatch(request)


def refuse_bad_shapes() -> Callable[..., BoltResponse]:
    """A bolt global middleware (install it first): bad shapes are acknowledged (200) and dropped."""

    def check_shape(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        try:
            check(req.body)
        except BadShape as problem:
            return _dropped(_kind(req.body), problem)
        return next()

    return check_shape
