"""Questions in: DMs, @mentions, `/policy`; plus "Share in channel" and the App Home tab (feedback: feedback.py).

A question's ack function stores it in the durable inbox first and acks after, then hands it
to the inbox worker: nothing acknowledged can be lost. Other listeners ack at once and do the
work in a lazy listener.
"""
from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack import blocks as bk
from bot.slack.asking import Incoming, inbox_fields, strip_mentions
from bot.slack.dedupe import command_key, delivery_key
from bot.slack.deps import SlackDeps
from bot.slack.home import home_view


def _ack(ack: Ack) -> None:
    ack()


def is_dm(body: dict) -> bool:
    return (body.get("event") or {}).get("channel_type") == "im"


def register(app: App, deps: SlackDeps) -> None:
    def accept(ack: Ack, q: Incoming, key: str) -> None:
        deps.worker.take(**inbox_fields(deps, q, key))      # stored (and queued) before the ack
        ack()

    def on_dm(ack: Ack, event: dict, body: dict) -> None:
        accept(ack, Incoming(
            team=body.get("team_id", ""), channel=event.get("channel", ""), user=event.get("user", ""),
            text=strip_mentions(event.get("text", "")), surface="dm",
            message_ts=event.get("ts"), thread_ts=event.get("thread_ts")), delivery_key(body))

    def on_mention(ack: Ack, event: dict, body: dict) -> None:
        accept(ack, Incoming(
            team=body.get("team_id", ""), channel=event.get("channel", ""), user=event.get("user", ""),
            text=strip_mentions(event.get("text", "")), surface="mention",
            message_ts=event.get("ts"), thread_ts=event.get("thread_ts") or event.get("ts")), delivery_key(body))

    def on_command(ack: Ack, body: dict) -> None:
        accept(ack, Incoming(
            team=body.get("team_id", ""), channel=body.get("channel_id", ""), user=body.get("user_id", ""),
            text=" ".join((body.get("text") or "").split()), surface="command",
            response_url=body.get("response_url") or ""), command_key(body))

    def on_share(body: dict, respond: Respond) -> None:
        question_id = int(body["actions"][0]["value"])
        answer = deps.recent.get(question_id)
        if answer is None:
            respond(response_type="ephemeral", replace_original=False,
                    text="That answer is no longer available to share; please ask again with `/policy`.")
            return
        user = body["user"]["id"]
        shared = [bk.context(f"<@{user}> asked: {bk.escape(bk.shorten(answer.question, 500))}")]
        shared += bk.answer_blocks(answer, question_id=question_id)
        respond(response_type="in_channel", delete_original=True, blocks=shared[: bk.MAX_BLOCKS],
                text=bk.fallback_text(answer))

    def on_home(event: dict, body: dict, client: WebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        user = event["user"]
        collection = deps.collection_for(body.get("team_id"))
        sources = deps.answers.sources(collection)
        recent = deps.store.recent_questions(platform="slack", asker_id=user, limit=5)
        client.views_publish(user_id=user, view=home_view(sources, recent, collection=collection))

    def ignore(event: dict) -> None:
        """Edits, deletions and bot messages in DMs are not questions."""

    app.event({"type": "message", "subtype": None}, matchers=[is_dm])(on_dm)
    app.event({"type": "message"})(ignore)
    app.event("app_mention")(on_mention)
    app.command("/policy")(on_command)
    app.action(bk.SHARE)(ack=_ack, lazy=[on_share])
    app.event("app_home_opened")(ack=_ack, lazy=[on_home])
