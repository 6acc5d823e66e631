"""Pure Block Kit for escalations: the admins' card, the answer modal, and the answer sent to the asker."""
from __future__ import annotations

import json
import re

from bot.application.reason_labels import UNSTATED, reason_label
from bot.application.verdict_labels import verdict_label
from bot.slack.blocks import MAX_SECTION_CHARS, button, context, escape, link, quote, section, shorten
from knowledge.models import Verdict

ANSWER = "policybot_esc_answer"
RESOLVE = "policybot_esc_resolve"
ANSWER_MODAL = "policybot_esc_answer_modal"
ANSWER_BLOCK, ANSWER_INPUT = "answer", "text"
RULING_BLOCK, RULING_INPUT = "ruling", "save"
MAX_CARD_CLAUSES = 3
# Slack ids we put inside <…> markup ourselves; anything else is shown as (escaped) text.
_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")
_CHANNEL_ID = re.compile(r"^[CDG][A-Z0-9]+$")


def _when(iso) -> str:
    return str(iso or "")[:16].replace("T", " ")


def mention(user_id: str) -> str:
    """`<@U…>` for a real Slack user id, "" for anything else."""
    return f"<@{user_id}>" if _USER_ID.match(user_id or "") else ""


def asker_ref(esc) -> str:
    who = mention(esc.asker_id) or escape(esc.asker_name or esc.asker_id or "someone")
    channel = esc.channel or ""
    if channel.startswith("D") or not channel:
        where = "a direct message"      # a DM's permalink opens only for its two members
    elif not _CHANNEL_ID.match(channel):
        where = escape(channel)
    elif esc.permalink:
        where = f"<#{channel}> ({link(esc.permalink, 'view message')})"
    else:
        where = f"<#{channel}>"
    return f"{who} asked in {where}"


def best_clauses(esc) -> list[dict]:
    """The bot's best clauses from the stored Answer.to_dict(), as quotes with their citation path."""
    out = []
    for c in (esc.bot_answer or {}).get("citations", [])[:MAX_CARD_CLAUSES]:
        path = escape(c.get("path", ""))
        out.append(section(f"{quote(c.get('text', ''), MAX_SECTION_CHARS - len(path) - 200)}\n📄 {path}"))
    return out


def shown_verdict(code) -> str:
    """A stored verdict code as people read it ("Not allowed"); an unknown one as it was stored."""
    try:
        return verdict_label(Verdict(code))
    except ValueError:
        return str(code or "none")


def admin_card(esc) -> tuple[list[dict], str]:
    """The card posted in the admins' channel; its state follows the escalation's status."""
    bot = esc.bot_answer or {}
    verdict = shown_verdict(bot.get("verdict", ""))
    blocks = [
        section(f"🙋 *Escalation #{esc.id}* — {asker_ref(esc)}:\n{quote(esc.question, 2500)}"),
        context(f"Reason: {escape(reason_label(esc.reason) or UNSTATED)} · Bot verdict: {escape(verdict)}"
                f" · Collection: {escape(esc.collection)} · {_when(esc.created_at)}"),
    ]
    if bot.get("summary"):
        blocks.append(section(f"*Bot's answer:* {escape(shorten(bot['summary'], 2000))}"))
    clauses = best_clauses(esc)
    blocks.extend(clauses or [section("_The bot found no relevant clause._")])
    if esc.status == "answered" or esc.answer:
        blocks.append(section(f"✅ *Answered by {escape(esc.answered_by or '')}* on {_when(esc.answered_at)}:\n"
                              f"{quote(esc.answer or '', 2500)}"))
        if esc.ruling_id:
            blocks.append(context(f"Saved as admin ruling #{esc.ruling_id}."))
    if esc.status in ("resolved", "dismissed"):
        by = esc.resolved_by or ""
        blocks.append(context(f"🗂️ {esc.status.capitalize()} by {escape(by)} on {_when(esc.resolved_at)}"))
    else:
        elements = [button("Resolve", RESOLVE, str(esc.id))]
        if esc.status == "open":
            elements.insert(0, button("Answer", ANSWER, str(esc.id), style="primary"))
        blocks.append({"type": "actions", "block_id": f"policybot_esc_{esc.id}", "elements": elements})
    # The top-level text is what notifications show, and Slack parses it as mrkdwn: escape it too.
    text = f"Escalation #{esc.id} ({esc.status}): {escape(shorten(esc.question, 500))}"
    return blocks, text


def answer_modal(esc) -> dict:
    return {
        "type": "modal",
        "callback_id": ANSWER_MODAL,
        "private_metadata": json.dumps({"escalation_id": esc.id, "version": esc.version}),
        "title": {"type": "plain_text", "text": "Answer escalation"},
        "submit": {"type": "plain_text", "text": "Send answer"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"{asker_ref(esc)}:\n{quote(esc.question, 2500)}"),
            {"type": "input", "block_id": ANSWER_BLOCK,
             "label": {"type": "plain_text", "text": "Your answer"},
             "element": {"type": "plain_text_input", "action_id": ANSWER_INPUT, "multiline": True,
                         "max_length": 3000}},
            {"type": "input", "block_id": RULING_BLOCK, "optional": True,
             "label": {"type": "plain_text", "text": "Reuse"},
             "element": {"type": "checkboxes", "action_id": RULING_INPUT, "options": [{
                 "text": {"type": "plain_text", "text": "Save as ruling"},
                 "description": {"type": "plain_text",
                                 "text": "Shown (labelled as an admin ruling) with future similar questions"},
                 "value": "ruling"}]}},
        ],
    }


def modal_values(view: dict) -> tuple[int, int | None, str, bool]:
    """(escalation id, expected version, answer text, save as ruling) from a submitted answer modal."""
    meta = json.loads(view.get("private_metadata") or "{}")
    values = view["state"]["values"]
    text = (values[ANSWER_BLOCK][ANSWER_INPUT].get("value") or "").strip()
    selected = (values.get(RULING_BLOCK, {}).get(RULING_INPUT) or {}).get("selected_options") or []
    return int(meta["escalation_id"]), meta.get("version"), text, any(o.get("value") == "ruling" for o in selected)


def asker_answer_blocks(esc) -> tuple[list[dict], str]:
    """What the asker receives when an admin answers."""
    who = mention(esc.asker_id)
    blocks = [
        section(f"🧑‍⚖️ {who + ' ' if who else ''}*An administrator answered your question*\n"
                f"{quote(esc.question, 1000)}"),
        section(escape(shorten(esc.answer or "", 2900))),
        context(f"Answered by {escape(esc.answered_by or 'an admin')} on {_when(esc.answered_at)} · "
                "This is an administrator's answer, not policy text."),
    ]
    return blocks, f"An administrator answered your question: {escape(shorten(esc.answer or '', 3000))}"


def escalated_notice(admin_channel: str) -> str:
    where = f"the admins in <#{admin_channel}>" if _CHANNEL_ID.match(admin_channel or "") else \
        "the PolicyBot administrators"
    return f"🙋 I've passed your question to {where}. You'll get their answer right here."
