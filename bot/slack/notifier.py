"""`SlackNotifier`: delivers an admin's answer to the Slack asker and keeps the admins' card current.

Registered under "slack" in the `NotifierRegistry`, so answers given in the admin web UI, the CLI
or the Slack modal all reach the asker the same way: in the thread (or DM) they asked in, and,
when that channel cannot be posted to (the bot was removed, or the question came from a slash
command), in a direct message.
"""
from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.application.changes.models import ChangeNotice
from bot.application.escalations.models import Escalation
from bot.slack.cards import admin_card, asker_answer_blocks
from bot.slack.change_blocks import change_notice_blocks

log = logging.getLogger(__name__)


def post_admin_card(client: WebClient, esc: Escalation, admin_channel: str) -> dict:
    """Post the card in the admins' channel; returns its reference {"channel", "ts"}."""
    blocks, text = admin_card(esc)
    resp = client.chat_postMessage(channel=admin_channel, blocks=blocks, text=text, unfurl_links=False)
    return {"channel": resp.get("channel") or admin_channel, "ts": resp["ts"]}


def update_admin_card(client: WebClient, esc: Escalation) -> None:
    ref = esc.admin_message or {}
    if not ref.get("channel") or not ref.get("ts"):
        return
    blocks, text = admin_card(esc)
    try:
        client.chat_update(channel=ref["channel"], ts=ref["ts"], blocks=blocks, text=text)
    except SlackApiError as err:
        log.warning("chat.update of the card of escalation #%s failed: %s", esc.id, err.response.get("error"))


class SlackNotifier:
    """The `Notifier` port for Slack, built from a bot-token `WebClient`."""

    def __init__(self, client: WebClient):
        self.client = client

    def notify_answer(self, escalation: Escalation) -> None:
        address = escalation.reply_to.data if escalation.reply_to else {}
        blocks, text = asker_answer_blocks(escalation)
        self._deliver(address, blocks, text)
        update_admin_card(self.client, escalation)

    def notify_change(self, notice: ChangeNotice) -> None:
        """A change notice, in a direct message to the asker (or where the address points)."""
        blocks, text = change_notice_blocks(notice)
        self._deliver(notice.reply_to.data, blocks, text)

    def _deliver(self, address: dict, blocks: list[dict], text: str) -> None:
        channel, user = address.get("channel") or "", address.get("user") or ""
        if channel:
            try:
                self.client.chat_postMessage(channel=channel, thread_ts=address.get("thread_ts"),
                                             blocks=blocks, text=text, unfurl_links=False)
                return
            except SlackApiError as err:
                if not user:
                    raise
                log.info("posting in %s failed (%s); sending a DM instead", channel, err.response.get("error"))
        if not user:
            raise ValueError("the reply address has neither a channel nor a user")
        dm = self.client.conversations_open(users=user)["channel"]["id"]
        self.client.chat_postMessage(channel=dm, blocks=blocks, text=text, unfurl_links=False)
