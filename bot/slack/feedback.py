"""Helpful / Not helpful: store the feedback and update the answer in place.

The pressed message is replaced (`respond(replace_original=True)`, which works for ordinary and
ephemeral messages alike): the feedback buttons give way to a "Thanks" line, so a second press
is not possible and nothing new is posted. "Ask an admin" and "Share in channel" stay.
"""
from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond

from bot.application.escalations.errors import NotFound
from bot.slack import blocks as bk
from bot.slack.deps import SlackDeps

log = logging.getLogger(__name__)

FEEDBACK_ACTIONS = (bk.HELPFUL, bk.NOT_HELPFUL)
THANKS_HELPFUL = "👍 Thanks for the feedback! Glad it helped."
THANKS_NOT_HELPFUL = "👎 Thanks for telling me."
ASK_ADMIN_HINT = " Press *Ask an admin* if you need a person to answer."


def without_feedback_buttons(blocks: list[dict], helpful: bool) -> list[dict]:
    """`blocks` with the feedback buttons removed and a thanks line after the answer."""
    out: list[dict] = []
    asks_admin = False
    for block in blocks:
        if block.get("type") == "actions":
            kept = [e for e in block.get("elements", []) if e.get("action_id") not in FEEDBACK_ACTIONS]
            asks_admin = asks_admin or any(e.get("action_id") == bk.ASK_ADMIN for e in kept)
            if kept:
                out.append({**block, "elements": kept})
            continue
        if block.get("block_id") == "policybot_thanks":   # pressed again from a stale client
            continue
        out.append(block)
    thanks = THANKS_HELPFUL if helpful else THANKS_NOT_HELPFUL + (ASK_ADMIN_HINT if asks_admin else "")
    position = len(out) - 1 if out and out[-1].get("type") == "actions" else len(out)
    out.insert(position, {**bk.context(thanks), "block_id": "policybot_thanks"})
    return out[: bk.MAX_BLOCKS]


def register(app: App, deps: SlackDeps) -> None:
    def ack_now(ack: Ack) -> None:
        ack()

    def on_feedback(body: dict, respond: Respond) -> None:
        action = body["actions"][0]
        helpful = action["action_id"] == bk.HELPFUL
        try:
            question_id = int(action.get("value") or "")
            deps.store.set_feedback(question_id, helpful)
        except (ValueError, NotFound):
            respond(response_type="ephemeral", replace_original=False, text="I can't find that answer any more.")
            return
        thanks = THANKS_HELPFUL if helpful else THANKS_NOT_HELPFUL + ASK_ADMIN_HINT
        blocks = (body.get("message") or {}).get("blocks")
        text = (body.get("message") or {}).get("text")
        if not blocks:   # ephemeral answers (/policy) are not in the payload: render the answer again
            answer = deps.recent.get(question_id)
            if answer is None:   # no longer in memory: never replace an answer with less than itself
                respond(response_type="ephemeral", replace_original=False, text=thanks)
                return
            blocks = bk.answer_blocks(answer, question_id=question_id, shareable=True)
            text = bk.fallback_text(answer)
        respond(replace_original=True, blocks=without_feedback_buttons(blocks, helpful), text=text or thanks)

    for action_id in FEEDBACK_ACTIONS:
        app.action(action_id)(ack=ack_now, lazy=[on_feedback])
