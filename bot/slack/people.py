"""Slack users' display names (users.info), cached; the store and admin cards show names, not ids."""
from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class DisplayNames:
    def __init__(self, max_items: int = 5000):
        self._names: dict[str, str] = {}
        self._max = max_items
        self._lock = threading.Lock()

    def of(self, user_id: str, client: WebClient) -> str:
        """The user's display name, else real name, else handle, else the id itself."""
        if not user_id:
            return ""
        with self._lock:
            if user_id in self._names:
                return self._names[user_id]
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError as err:
            log.warning("users.info failed for %s: %s", user_id, err.response.get("error"))
            return user_id
        profile = user.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
                or user.get("name") or user_id)
        with self._lock:
            if len(self._names) >= self._max:
                self._names.clear()
            self._names[user_id] = name
        return name
