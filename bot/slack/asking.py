"""One question from Slack, end to end: answer it, record it, reply, and escalate when needed.

Listeners only parse a payload into an `Incoming`; this module does the rest, after the ack,
in a bolt lazy listener thread.
"""
from __future__ import annotations

import re
import time
import logging
from dataclasses import dataclass
from typing import Callable

from slack_sdk import WebClient

from bot.escalations.models import ReplyAddress
from bot.slack import blocks as bk
from bot.slack.deps import SlackDeps
from bot.slack.cards import escalated_notice
from bot.slack.escalation import escalate_and_post_card, permalink

log = logging.getLogger(__name__)

SORRY = "😕 Sorry, I couldn't look that up just now. Please try again in a minute."
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

    def reply_to(self) -> ReplyAddress:
        # Slash-command replies are ephemeral and the bot may not be in that channel: answer by DM.
        channel = "" if self.surface == "command" else self.channel
        return ReplyAddress("slack", {"team": self.team, "channel": channel,
                                      "thread_ts": self.thread_ts, "user": self.user})


def handle(deps: SlackDeps, client: WebClient, q: Incoming, respond: Callable | None = None) -> None:
    """Answer `q`; `respond` (the response_url helper) is used for slash commands."""

    def reply(blocks: list[dict], text: str) -> None:
        if q.surface == "command" and respond is not None:
            respond(response_type="ephemeral", blocks=blocks, text=text, replace_original=False)
        else:
            client.chat_postMessage(channel=q.channel, thread_ts=q.thread_ts, blocks=blocks, text=text,
                                    unfurl_links=False, unfurl_media=False)

    if not q.text:
        reply(bk.help_blocks(), bk.HELP_TEXT)
        return
    collection = deps.collection_for(q.team)
    started = time.perf_counter()
    try:
        answer = deps.answers.ask(q.text, collection=collection)
    except Exception:
        log.exception("answering a question from %s failed", q.user)   # never the question text above DEBUG
        reply([bk.section(SORRY)], SORRY)
        return
    latency_ms = (time.perf_counter() - started) * 1000
    record = deps.store.record_question(   # answer.question: capped like every platform's
        platform="slack", question=answer.question, answer=answer, latency_ms=latency_ms,
        collection=answer.collection or collection, tenant=q.team, channel=q.channel,
        asker_id=q.user, asker_name=deps.names.of(q.user, client))
    deps.recent.put(record.id, answer)
    reply(bk.answer_blocks(answer, question_id=record.id, shareable=q.surface == "command"),
          bk.fallback_text(answer))
    if answer.escalate:
        escalate_and_post_card(deps, client, question_id=record.id,
                               reason=answer.escalation_reason or "the bot could not answer",
                               reply_to=q.reply_to(), permalink=permalink(client, q.channel, q.message_ts))
        notice = escalated_notice(deps.admin_channel)
        reply([bk.section(notice)], notice)
