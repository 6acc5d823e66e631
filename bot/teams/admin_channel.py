"""Where escalations are posted: the admins' channel, registered once or named in app.yaml.

An admin sends "register admins" in a channel; its conversation reference is
kept as JSON in `<data_dir>/teams_admin_channel.json` (written atomically).
Failing that, `teams.admin_conversation` names the conversation id and the
rest of the reference (service URL, bot account) is borrowed from the
activity being handled, which comes from the same tenant.

Questions escalated while no channel was registered are stored only; when a
channel is registered, `post_pending` posts every one still open there.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import tempfile
from pathlib import Path

from bot.application.escalations.store import EscalationStore
from bot.teams.admin_cards import escalation_card
from bot.teams.inbound import card_activity, channel_root
from bot.application.settings import Settings

log = logging.getLogger(__name__)
FILE_NAME = "teams_admin_channel.json"


class AdminChannel:
    def __init__(self, settings: Settings):
        self._path = Path(settings.data_dir) / FILE_NAME
        self._configured = settings.teams.admin_conversation

    @property
    def path(self) -> Path:
        return self._path

    def register(self, reference: dict) -> dict:
        """Remember the channel the reference points at; later posts start new threads there."""
        root = channel_root(reference)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=".teams_admin_channel.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(root, handle, indent=2)
        os.replace(tmp, self._path)
        return root

    def reference(self, borrow_from: dict | None = None) -> dict | None:
        """The admins' channel reference, or None when no channel is registered or configured."""
        if self._path.is_file():
            try:
                return json.loads(self._path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                log.exception("cannot read %s; register the admins' channel again", self._path)
        if self._configured and borrow_from:
            conversation = dict(borrow_from.get("conversation") or {})
            conversation.update(id=self._configured, isGroup=True, conversationType="channel")
            return channel_root({**borrow_from, "conversation": conversation})
        return None


async def post_pending(store: EscalationStore, proactive, reference: dict) -> int:
    """Post the open Teams escalations that never reached an admins' channel; returns how many were posted."""
    waiting = await asyncio.to_thread(store.list_escalations, status="open", platform="teams", limit=10_000)
    posted = 0
    for escalation in (e for e in waiting if not e.admin_message):
        try:
            activity_id = await proactive.send(reference, card_activity(escalation_card(escalation)))
        except Exception as error:   # it stays stored (and listed in the admin UI); the rest still get posted
            log.warning("could not post waiting escalation %s: %s", escalation.id, type(error).__name__)
            continue
        await asyncio.to_thread(store.set_admin_message, escalation.id,
                                {"conversation_reference": reference, "activity_id": activity_id})
        posted += 1
    return posted
