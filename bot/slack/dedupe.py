"""Duplicate Events API deliveries, recognised through the inbox that every replica shares.

Slack re-sends an event (with an `X-Slack-Retry-Num` header, or `retry_attempt` in Socket Mode)
when it did not see our ack in time, and a DM that mentions the bot arrives both as
`message.im` and `app_mention`. A user message's `client_msg_id` is the same in all of those,
so it is the inbox key when present (else the `event_id`): the inbox's unique key turns every
later delivery into a no-op, in whichever replica it lands. This middleware only answers known
retries early, with `x-slack-no-retry`, before any listener runs.
"""
from __future__ import annotations

from typing import Callable

from slack_bolt import BoltRequest, BoltResponse

from bot.application.escalations.inbox import Inbox

PLATFORM = "slack"


def delivery_key(body: dict) -> str:
    """The inbox key of one Events API delivery ("" for anything that is not an event)."""
    if body.get("type") != "event_callback":
        return ""
    event = body.get("event") or {}
    if event.get("client_msg_id"):
        return f"msg:{body.get('team_id', '')}:{event['client_msg_id']}"
    return f"event:{body['event_id']}" if body.get("event_id") else ""


def command_key(body: dict) -> str:
    """Slash commands are never re-sent by Slack; each invocation has its own trigger_id."""
    return f"command:{body.get('team_id', '')}:{body.get('trigger_id', '')}"


def dedupe_middleware(inbox: Inbox) -> Callable[..., BoltResponse]:
    """A bolt global middleware acknowledging (200, no retry) any question delivery stored before."""

    def ignore_duplicates(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        # Only Slack's retries are looked up here (a first delivery costs no extra query); any other
        # duplicate (the same message as DM and mention) is caught by the inbox's unique key.
        key = delivery_key(req.body) if req.headers.get("x-slack-retry-num") else ""
        if not key or not inbox.seen(PLATFORM, key):
            return next()
        return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})

    return ignore_duplicates
