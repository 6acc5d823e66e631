"""Slack questions through the inbox: store before the ack, answer in a worker, reply where asked.

Listeners turn a payload into an `Incoming` and hand `inbox_fields` to the worker's `take` inside
their ack function, so a question is in the database before Slack sees the ack (a crash after
that loses nothing). The worker then calls `answer_item`, which runs the shared `AskService` with a `SlackReplier`.
Slash-command answers go back through the command's `response_url` (ephemeral); the rest are
posted in the DM or the mention's thread.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.application.asking.question import Question
from bot.application.asking.service import LATE_ANSWER, AskResult
from bot.application.escalations.inbox import InboxItem
from bot.application.escalations.models import Escalation, ReplyAddress
from bot.slack import blocks as bk
from bot.slack import staff_groups
from bot.slack.cards import escalated_notice
from bot.slack.deps import SlackDeps
from bot.slack.escalation import permalink, post_card

log = logging.getLogger(__name__)

PLATFORM = "slack"
MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")


def strip_mentions(text: str) -> str:
    """The question without `<@U123>` mentions and surrounding whitespace."""
    return " ".join(MENTION.sub(" ", text or "").split())


@dataclass(frozen=True)
class Incoming:
    team: str
    channel: str
    user: str
    text: str
    surface: str                  # "dm" | "mention" | "command"
    message_ts: str | None = None  # the asker's message (none for slash commands)
    thread_ts: str | None = None   # where to reply; None: top level (DMs)
    response_url: str = ""         # slash commands: where the ephemeral answer goes

    def reply_to(self) -> ReplyAddress:
        # Slash-command replies are ephemeral and the bot may not be in that channel: answer by DM.
        channel = "" if self.surface == "command" else self.channel
        return ReplyAddress(PLATFORM, {"team": self.team, "channel": channel,
                                       "thread_ts": self.thread_ts, "user": self.user})


def inbox_fields(deps: SlackDeps, q: Incoming, key: str) -> dict:
    """What the inbox takes for a Slack question (`InboxWorker.take` arguments; the text raw: the worker cleans it)."""
    via = {"surface": q.surface, "channel": q.channel, "message_ts": q.message_ts, "response_url": q.response_url}
    reply_to = ReplyAddress(PLATFORM, {**q.reply_to().data, "via": via})
    return dict(platform=PLATFORM, key=key, text=q.text, reply_to=reply_to, tenant=q.team,
                channel=q.channel, asker_id=q.user)


def incoming_of(item: InboxItem) -> Incoming:
    data = dict(item.reply_to.data)
    via = data.get("via") or {}
    return Incoming(team=item.tenant, channel=via.get("channel") or item.channel, user=item.asker_id,
                    text=item.text, surface=via.get("surface") or "dm", message_ts=via.get("message_ts"),
                    thread_ts=data.get("thread_ts"), response_url=via.get("response_url") or "")


class SlackReplier:
    """Replies to one Slack question: in its DM or thread, or ephemerally for a slash command."""

    def __init__(self, deps: SlackDeps, client: WebClient, q: Incoming):
        self.deps, self.client, self.q = deps, client, q

    def _send(self, blocks: list[dict], text: str) -> None:
        if self.q.surface == "command" and self.q.response_url:
            response = WebhookClient(self.q.response_url).send(
                response_type="ephemeral", replace_original=False, blocks=blocks, text=text)
            if response.status_code < 300:
                return
            # response_url expires after 30 minutes (a late answer): fall back to a DM.
            log.info("response_url refused the answer (%s); sending it by DM", response.status_code)
            channel = self.client.conversations_open(users=self.q.user)["channel"]["id"]
        else:
            channel = self.q.channel
        self.client.chat_postMessage(channel=channel, thread_ts=self.q.thread_ts, blocks=blocks, text=text,
                                     unfurl_links=False, unfurl_media=False)

    def answer(self, result: AskResult) -> None:
        answer = result.shown_answer
        if result.ask_group:        # versions for different staff groups compete: ask which first
            self._send(staff_groups.group_prompt_blocks(answer.staff_groups, result.question_id),
                       staff_groups.prompt_text(answer.staff_groups))
            return
        if result.question_id is not None:
            self.deps.recent.put(result.question_id, answer)
        blocks = bk.answer_blocks(answer, question_id=result.question_id, shareable=self.q.surface == "command")
        blocks = blocks[:1] + staff_groups.version_blocks(result) + blocks[1:]
        if result.late:
            blocks = [bk.context(LATE_ANSWER)] + blocks[: bk.MAX_BLOCKS - 1]
        self._send(blocks, bk.fallback_text(answer))

    def notice(self, text: str) -> None:
        self._send([bk.section(bk.escape(text))], text)

    def help(self) -> None:
        self._send(bk.help_blocks(), bk.HELP_TEXT)

    def escalated(self, escalation: Escalation) -> None:
        link = permalink(self.client, self.q.channel, self.q.message_ts)
        if link:
            escalation = self.deps.store.set_permalink(escalation.id, link)
        post_card(self.deps, self.client, escalation)
        notice = escalated_notice(self.deps.admin_channel)
        self._send([bk.section(notice)], notice)


def question_of(deps: SlackDeps, client: WebClient, item: InboxItem, q: Incoming) -> Question:
    address = ReplyAddress(PLATFORM, {k: v for k, v in item.reply_to.data.items() if k != "via"})
    return Question(platform=PLATFORM, text=item.text, tenant=q.team, channel=q.channel, asker_id=q.user,
                    asker_name=deps.names.of(q.user, client), reply_to=address,
                    collection=deps.collection_for(q.team), received_at=item.received_at, length=item.length,
                    platform_group=staff_groups.membership(deps).group_of(q.user, client))


def answer_item(deps: SlackDeps, client: WebClient, item: InboxItem, late: bool) -> int | None:
    """The worker's handler for one Slack question; returns its question log id."""
    q = incoming_of(item)
    replier = SlackReplier(deps, client, q)
    if not q.text:
        replier.help()
        return None
    return deps.asking.ask(question_of(deps, client, item, q), replier, late=late).question_id


def expire_item(deps: SlackDeps, client: WebClient, item: InboxItem) -> int | None:
    """The worker's handler for a question too old to answer: escalate it and tell the asker."""
    q = incoming_of(item)
    try:
        return deps.asking.expire(question_of(deps, client, item, q), SlackReplier(deps, client, q)).question_id
    except SlackApiError as err:
        log.warning("telling the asker about an expired question failed: %s", err.response.get("error"))
        return None
