"""Questions in: DMs, @mentions, `/policy`; plus "Share in channel" and the App Home tab (feedback: feedback.py).

Each listener acks at once (bolt acks events itself) and does the work in a lazy listener.
"""
from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack import blocks as bk
from bot.slack.asking import Incoming, handle, strip_mentions
from bot.slack.deps import SlackDeps
from bot.slack.home import home_view


def _ack(ack: Ack) -> None:
    ack()


def is_dm(body: dict) -> bool:
    return (body.get("event") or {}).get("channel_type") == "im"


def register(app: App, deps: SlackDeps) -> None:
    def on_dm(event: dict, body: dict, client: WebClient) -> None:
        handle(deps, client, Incoming(
            team=body.get("team_id", ""), channel=event["channel"], user=event.get("user", ""),
            text=strip_mentions(event.get("text", "")), surface="dm",
            message_ts=event.get("ts"), thread_ts=event.get("thread_ts")))

    def on_mention(event: dict, body: dict, client: WebClient) -> None:
        handle(deps, client, Incoming(
            team=body.get("team_id", ""), channel=event["channel"], user=event.get("user", ""),
            text=strip_mentions(event.get("text", "")), surface="mention",
            message_ts=event.get("ts"), thread_ts=event.get("thread_ts") or event.get("ts")))

    def on_command(body: dict, client: WebClient, respond: Respond) -> None:
        handle(deps, client, Incoming(
            team=body.get("team_id", ""), channel=body.get("channel_id", ""), user=body.get("user_id", ""),
            text=" ".join((body.get("text") or "").split()), surface="command"), respond=respond)

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

    app.event({"type": "message", "subtype": None}, matchers=[is_dm])(ack=_ack, lazy=[on_dm])
    app.event({"type": "message"})(ignore)
    app.event("app_mention")(ack=_ack, lazy=[on_mention])
    app.command("/policy")(ack=_ack, lazy=[on_command])
    app.action(bk.SHARE)(ack=_ack, lazy=[on_share])
    app.event("app_home_opened")(ack=_ack, lazy=[on_home])
