"""Drop duplicate Events API deliveries so that one question never gets two answers.

Slack re-sends an event (with an `X-Slack-Retry-Num` header, or `retry_attempt` in Socket Mode)
when it did not see our ack in time, and a DM that mentions the bot can arrive both as
`message.im` and `app_mention`. Every event carries an `event_id`, every user message a
`client_msg_id`: the first delivery of either key is processed, later ones are acknowledged
and ignored. A retry whose original we never received is processed normally (it is the
first delivery we see). The cache is bounded in size and age so a long-running bot stays small.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable

from slack_bolt import BoltRequest, BoltResponse


class SeenKeys:
    """A thread-safe set of recently seen keys, bounded by `max_items` and `ttl_seconds`."""

    def __init__(self, *, ttl_seconds: float = 3600, max_items: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        self._ttl = ttl_seconds
        self._max = max_items
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, *keys: str) -> bool:
        """Record `keys`; True when none of them was seen within the TTL."""
        keys = tuple(k for k in keys if k)
        now = self._clock()
        with self._lock:
            self._expire(now)
            fresh = not any(k in self._seen for k in keys)
            for key in keys:
                self._seen[key] = now
                self._seen.move_to_end(key)
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return fresh

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)

    def _expire(self, now: float) -> None:
        while self._seen:
            key, seen_at = next(iter(self._seen.items()))
            if now - seen_at <= self._ttl:
                break
            self._seen.popitem(last=False)


def delivery_keys(body: dict) -> tuple[str, ...]:
    """The keys identifying one Events API delivery: its event_id and the message's client_msg_id."""
    if body.get("type") != "event_callback":
        return ()
    event = body.get("event") or {}
    keys = []
    if body.get("event_id"):
        keys.append(f"event:{body['event_id']}")
    if event.get("client_msg_id"):
        keys.append(f"msg:{body.get('team_id', '')}:{event['client_msg_id']}")
    return tuple(keys)


def dedupe_middleware(seen: SeenKeys) -> Callable[..., BoltResponse]:
    """A bolt global middleware acknowledging (200, no retry) any delivery seen before."""

    def ignore_duplicates(req: BoltRequest, next: Callable[[], BoltResponse]) -> BoltResponse:
        keys = delivery_keys(req.body)
        if not keys or seen.first_time(*keys):
            return next()
        return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})

    return ignore_duplicates
