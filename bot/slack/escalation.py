"""Escalations in Slack: "Ask an admin", the admins' card, its Answer modal and Resolve button.

Only admins (`AdminCheck`) may answer or resolve; the clicking user is checked on every action
and on the modal submission. Answers go through `EscalationService`, which stores them and then
calls `SlackNotifier` to reach the asker and update the card.
"""
from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.application.asking.ask_admin import ask_an_admin
from bot.application.escalations.errors import Conflict, NotFound
from bot.application.escalations.models import Escalation, ReplyAddress
from bot.slack import cards
from bot.slack.admins import NOT_ADMIN
from bot.slack.blocks import ASK_ADMIN, escape, section
from bot.slack.deps import SlackDeps
from bot.slack.notifier import post_admin_card, update_admin_card

log = logging.getLogger(__name__)


def post_card(deps: SlackDeps, client: WebClient, esc: Escalation) -> Escalation:
    """Post the admins' card for an escalation, unless it was posted before."""
    if esc.admin_message or not deps.admin_channel:
        if not deps.admin_channel:
            log.warning("slack.admin_channel is not set; escalation #%s is only in the admin UI", esc.id)
        return esc
    try:
        ref = post_admin_card(client, esc, deps.admin_channel)
    except SlackApiError as err:
        # Still escalated (the admin UI lists it); most often the bot is not in the admins' channel.
        log.error("posting escalation #%s to %s failed: %s", esc.id, deps.admin_channel, err.response.get("error"))
        return esc
    deps.store.set_admin_message(esc.id, ref)
    return deps.store.get(esc.id)


def permalink(client: WebClient, channel: str, ts: str | None) -> str:
    """The message's permalink for the admins' card ("" when there is no message or Slack refuses)."""
    if not channel or not ts:
        return ""
    try:
        return client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink") or ""
    except SlackApiError as err:
        log.warning("chat.getPermalink failed: %s", err.response.get("error"))
        return ""


def _ack(ack: Ack) -> None:
    ack()


def register(app: App, deps: SlackDeps) -> None:
    def ask_admin(body: dict, client: WebClient, respond: Respond) -> None:
        question_id = int(body["actions"][0]["value"])
        container, user = body.get("container") or {}, body["user"]["id"]
        channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
        ephemeral = bool(container.get("is_ephemeral"))
        message = body.get("message") or {}
        ts = container.get("message_ts") or message.get("ts")
        thread_ts = message.get("thread_ts") or (None if channel.startswith("D") else ts)
        reply_to = ReplyAddress("slack", {"team": (body.get("team") or {}).get("id", ""),
                                          "channel": "" if ephemeral else channel,
                                          "thread_ts": None if ephemeral else thread_ts, "user": user})
        asked = ask_an_admin(deps.asking, question_id, asker_id=user, reply_to=reply_to,
                             permalink=lambda: "" if ephemeral else permalink(client, channel, ts))
        if asked.escalation is None:
            respond(response_type="ephemeral", replace_original=False, text=asked.refusal)
            return
        post_card(deps, client, asked.escalation)
        notice = cards.escalated_notice(deps.admin_channel)
        if ephemeral:
            respond(response_type="ephemeral", text=notice, replace_original=False)
        else:
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=notice, blocks=[section(notice)])

    def open_answer_modal(body: dict, client: WebClient, respond: Respond) -> None:
        if not deps.admins.is_admin(body["user"]["id"], client):
            respond(response_type="ephemeral", text=NOT_ADMIN, replace_original=False)
            return
        esc = deps.store.get(int(body["actions"][0]["value"]))
        if esc.status != "open":
            respond(response_type="ephemeral", replace_original=False,
                    text=f"Escalation #{esc.id} is already {esc.status} "
                         f"(by {escape(esc.answered_by or esc.resolved_by or 'someone')}).")
            update_admin_card(client, esc)
            return
        client.views_open(trigger_id=body["trigger_id"], view=cards.answer_modal(esc))

    def resolve(body: dict, client: WebClient, respond: Respond) -> None:
        user = body["user"]["id"]
        if not deps.admins.is_admin(user, client):
            respond(response_type="ephemeral", text=NOT_ADMIN, replace_original=False)
            return
        try:
            esc = deps.service.resolve(int(body["actions"][0]["value"]), by=deps.names.of(user, client))
        except (Conflict, NotFound) as err:
            respond(response_type="ephemeral", text=f"Could not resolve: {escape(str(err))}", replace_original=False)
            return
        update_admin_card(client, esc)

    def check_submission(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        # The ack is the only way to show an error in the modal, so the checks run before it.
        if not deps.admins.is_admin(body["user"]["id"], client):
            ack(response_action="errors", errors={cards.ANSWER_BLOCK: NOT_ADMIN})
            return
        if not cards.modal_values(view)[2]:
            ack(response_action="errors", errors={cards.ANSWER_BLOCK: "Write an answer first."})
            return
        ack()

    def submit_answer(body: dict, view: dict, client: WebClient) -> None:
        user = body["user"]["id"]
        if not deps.admins.is_admin(user, client):   # the lazy listener runs even when the ack refused
            return
        esc_id, version, text, ruling = cards.modal_values(view)
        if not text:
            return
        try:
            deps.service.answer(esc_id, by=deps.names.of(user, client), text=text,
                                save_as_ruling=ruling, expected_version=version)
        except Conflict:
            esc = deps.store.get(esc_id)
            client.chat_postMessage(channel=user, text=f"Escalation #{esc_id} was already {esc.status} by "
                                    f"{escape(esc.answered_by or esc.resolved_by or 'someone')}; "
                                    "your answer was not sent.")
            update_admin_card(client, esc)

    app.action(ASK_ADMIN)(ack=_ack, lazy=[ask_admin])
    app.action(cards.ANSWER)(ack=_ack, lazy=[open_answer_modal])
    app.action(cards.RESOLVE)(ack=_ack, lazy=[resolve])
    app.view(cards.ANSWER_MODAL)(ack=check_submission, lazy=[submit_answer])
