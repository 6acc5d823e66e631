"""Who may answer or resolve escalations: `slack.admin_users`, or members of `slack.admin_usergroup`."""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.settings import SlackSettings

log = logging.getLogger(__name__)

NOT_ADMIN = "Only PolicyBot admins can answer or resolve escalations."


class AdminCheck:
    """Checks a clicking user on every action; the user group's members are cached for `ttl_seconds`."""

    def __init__(self, slack: SlackSettings, *, ttl_seconds: float = 60,
                 clock: Callable[[], float] = time.monotonic):
        self._users = frozenset(slack.admin_users)
        self._group = slack.admin_usergroup
        self._ttl = ttl_seconds
        self._clock = clock
        self._members: frozenset[str] = frozenset()
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def is_admin(self, user_id: str, client: WebClient) -> bool:
        if not user_id:
            return False
        if user_id in self._users:
            return True
        return bool(self._group) and user_id in self._group_members(client)

    def _group_members(self, client: WebClient) -> frozenset[str]:
        with self._lock:
            now = self._clock()
            if self._fetched_at is None or now - self._fetched_at > self._ttl:
                try:
                    users = client.usergroups_users_list(usergroup=self._group).get("users") or []
                    self._members, self._fetched_at = frozenset(users), now
                except SlackApiError as err:
                    # Fail closed: keep the last known members (none at first), retry on the next click.
                    log.warning("usergroups.users.list failed for %s: %s", self._group, err.response.get("error"))
            return self._members
