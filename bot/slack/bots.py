"""Messages written by bots are not questions: two bots answering each other would never stop.

An Events API message counts as a bot's when it has a `bot_id` (with or without a subtype),
the `bot_message` subtype, or a `bot_profile`, or when it is our own bot user's. Bots listed in
`slack.allowed_bots` (by bot id B… or app id A…) are answered like people; we never answer
ourselves, whatever that list says.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from slack_bolt import BoltRequest, BoltResponse

log = logging.getLogger(__name__)


def bot_identity(event: dict) -> set[str]:
    """The bot and app ids a message event carries (empty for a person's message)."""
    profile = event.get("bot_profile") if isinstance(event.get("bot_profile"), dict) else {}
    ids = {event.get("bot_id"), event.get("app_id"), profile.get("id"), profile.get("app_id")}
    ids = {str(i) for i in ids if i}
    if not ids and event.get("subtype") == "bot_message":
        ids.add("bot_message")
    return ids


def is_own(event: dict, own_user: str | None, own_bot: str | None) -> bool:
    return bool((own_user and event.get("user") == own_user) or (own_bot and event.get("bot_id") == own_bot))


def from_unwanted_bot(event: dict, allowed: frozenset[str], own_user: str | None = None,
                      own_bot: str | None = None) -> bool:
    if is_own(event, own_user, own_bot):
        return True
    ids = bot_identity(event)
    return bool(ids) and not (ids & allowed)


def ignore_bot_messages(allowed_bots: Iterable[str]) -> Callable[..., BoltResponse]:
    """A bolt global middleware acknowledging (200) and dropping events written by bots."""
    allowed = frozenset(allowed_bots)

    def drop_bot_messages(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body if isinstance(req.body, dict) else {}
        event = body.get("event") if body.get("type") == "event_callback" else None
        if isinstance(event, dict) and event.get("type") in ("message", "app_mention"):
            own_user = req.context.bot_user_id
            own_bot = req.context.bot_id
            if from_unwanted_bot(event, allowed, own_user, own_bot):
                log.debug("ignoring a %s from bot %s", event.get("type"), sorted(bot_identity(event)))
                return BoltResponse(status=200, body="")
        return next()

    return drop_bot_messages
