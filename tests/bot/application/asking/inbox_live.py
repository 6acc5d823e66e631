"""Helpers of the live inbox tests (crash recovery, graceful stop): the inbox's rows, waiting, a Slack DM event."""
from __future__ import annotations

import json
import time

import sqlalchemy as sa


def inbox_status(db_url: str) -> list[str]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [r.status for r in conn.execute(sa.text("SELECT status FROM inbox ORDER BY id"))]
    finally:
        engine.dispose()


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def slack_event(text: str, event_id: str) -> bytes:
    return json.dumps({
        "token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": event_id,
        "event_time": int(time.time()), "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER", "text": text,
                  "ts": "1700001000.000100", "client_msg_id": f"msg-{event_id}", "team": "T1"},
    }).encode()
