"""Adaptive Cards (schema 1.5, the newest Teams renders) for askers: answer, welcome, help.

Pure functions from core values to card dicts; nothing here talks to Teams.
Buttons are Universal Actions (`Action.Execute`, verb = the action): Teams sends
an `adaptiveCard/action` invoke and shows the card the bot returns. Each one
falls back to an `Action.Submit` with the same data for clients without
Universal Actions; its data comes back as the `value` of a message activity.
Button data is `{"action": ..., "question_id": ...}` either way.

TextBlocks and facts are markdown in Teams, so text people typed (questions,
admins' answers, names) goes through `plain()`, which neutralises links,
mentions and emphasis. Verbatim policy text is shown as written.
"""
from __future__ import annotations

import re
from typing import Iterable

from bot.application.verdict_labels import VERDICT_LABELS
from knowledge.models import Answer, Citation, Ruling, Verdict
from knowledge.ports import SourceInfo

CARD_VERSION = "1.5"
MAX_SOURCES_LISTED = 20


HELP_TEXT = (
    "Ask me a question about district policy in plain words, for example: "
    "*Can I friend a student on my personal Facebook account?*\n\n"
    "In a team channel or group chat, @mention me with your question; in a personal chat just type it. "
    "I answer with the exact policy clauses and their citations. If the policies don't settle it, "
    "press **Ask an admin** and I'll message you here when an administrator answers."
)


def card(body: list[dict], actions: list[dict] | None = None) -> dict:
    """Wrap body elements and actions in an Adaptive Card that uses the full width in Teams."""
    result = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "msteams": {"width": "Full"},
        "body": body,
    }
    if actions:
        result["actions"] = actions
    return result


def text(value: str, **style) -> dict:
    return {"type": "TextBlock", "text": value, "wrap": True, **style}


# Markdown that could turn typed text into a link, a mention, an image or formatting.
_MARKDOWN = re.compile(r"([\\`*_~\[\]<>#|!])")


def plain(value: str | None) -> str:
    """Typed text made inert for Teams markdown: `[x](url)`, `<at>…</at>`, `**…**` show as typed."""
    return _MARKDOWN.sub(r"\\\1", str(value or ""))


def submit(title: str, **data) -> dict:
    return {"type": "Action.Submit", "title": title, "data": data}


def execute(title: str, *, action: str, **data) -> dict:
    """A Universal Action (`Action.Execute`, verb = action) falling back to `Action.Submit` with the same data."""
    fields = {"action": action, **data}
    return {"type": "Action.Execute", "title": title, "verb": action, "data": fields,
            "fallback": submit(title, **fields)}


def verdict_line(verdict: Verdict) -> str:
    emoji, word = VERDICT_LABELS[verdict]
    return f"{emoji} {word}"


def dates_line(adopted: str, revised: str) -> str:
    parts = [f"Adopted {adopted}" if adopted else "", f"revised {revised}" if revised else ""]
    return ", ".join(p for p in parts if p)


def citation_block(citation: Citation) -> dict:
    """One quoted clause with where it comes from; the quote is verbatim policy text."""
    quote = f"{citation.lead_in} … {citation.text}" if citation.lead_in else citation.text
    source = citation.path
    if citation.policy_code:
        source = f"Policy {citation.policy_code}: {source}"
    meta = [dates_line(citation.adopted, citation.revised)]
    if citation.url:
        meta.append(f"[Open the policy]({citation.url})")
    items = [
        text(f"“{quote}”", fontType="Default"),
        text(source, size="Small", weight="Bolder", spacing="Small"),
    ]
    meta_line = " · ".join(m for m in meta if m)
    if meta_line:
        items.append(text(meta_line, size="Small", isSubtle=True, spacing="None"))
    return {"type": "Container", "style": "emphasis", "items": items, "spacing": "Medium"}


def ruling_block(ruling: Ruling) -> dict:
    """An administrator's saved answer: always labelled as such, never as policy text."""
    when = ruling.answered_at[:10]
    return {
        "type": "Container",
        "style": "accent",
        "spacing": "Medium",
        "items": [
            text("🛡️ An admin's ruling (not policy text)", weight="Bolder"),
            text(plain(ruling.answer)),
            text(f"{plain(ruling.answered_by)}, {when}, answering: “{plain(ruling.question)}”", size="Small",
                 isSubtle=True),
        ],
    }


def answer_card(answer: Answer, question_id: int) -> dict:
    """The reply to a question: verdict, summary, quoted clauses, rulings and feedback buttons."""
    body = [
        text(verdict_line(answer.verdict), size="Medium", weight="Bolder"),
        text(answer.summary),
    ]
    if answer.conditions:
        body.append(text("**Conditions:** " + "; ".join(f"“{c}”" for c in answer.conditions)))
    body += [ruling_block(r) for r in answer.rulings]
    body += [citation_block(c) for c in answer.citations]
    if answer.note:
        body.append(text(answer.note, size="Small", isSubtle=True))
    if answer.escalate:
        body.append(text("I've passed this question to the policy admins; I'll message you here when they answer.",
                         weight="Bolder", spacing="Medium"))
    actions = [
        execute("👍 Helpful", action="helpful", question_id=question_id),
        execute("👎 Not helpful", action="not_helpful", question_id=question_id),
    ]
    if not answer.escalate:
        actions.append(execute("Ask an admin", action="ask_admin", question_id=question_id))
    return card(body, actions)


FEEDBACK_ACTIONS = ("helpful", "not_helpful")
THANKS = {"helpful": "👍 Thanks for the feedback!", "not_helpful": "👎 Thanks for the feedback!"}
ASKED_ADMINS = "🙋 I've asked the policy admins; I'll message you here when they answer."
SAVED_FOR_ADMINS = "🙋 I've saved your question for the policy admins; they'll answer from the admin console."


def _action_name(action: dict) -> str:
    return str((action.get("data") or {}).get("action") or action.get("verb") or "")


def after_action(answer_card_: dict, done: str, note: str) -> dict:
    """The answer card once `done` was pressed: those buttons gone (feedback buttons go together), `note` added."""
    gone = set(FEEDBACK_ACTIONS) if done in FEEDBACK_ACTIONS else {done}
    body = [b for b in answer_card_.get("body", []) if b.get("id") != "policybot_note_" + done]
    body.append({**text(note, weight="Bolder", spacing="Medium"), "id": "policybot_note_" + done})
    actions = [a for a in answer_card_.get("actions", []) if _action_name(a) not in gone]
    return card(body, actions)


def welcome_card(sources: Iterable[SourceInfo]) -> dict:
    """Shown when the bot is added: what it covers and how to ask."""
    sources = list(sources)
    body = [
        text("👋 Hi, I'm PolicyBot", size="Large", weight="Bolder"),
        text("I answer staff questions from the district's written policies, quoting the exact clauses."),
        text("What I cover", weight="Bolder", spacing="Medium"),
    ]
    if sources:
        facts = [
            {"title": s.title, "value": dates_line(s.adopted, s.revised) or "undated"}
            for s in sources[:MAX_SOURCES_LISTED]
        ]
        body.append({"type": "FactSet", "facts": facts})
        if len(sources) > MAX_SOURCES_LISTED:
            body.append(text(f"…and {len(sources) - MAX_SOURCES_LISTED} more.", isSubtle=True))
    else:
        body.append(text("No policies have been loaded yet; ask an administrator to run `policybot ingest`."))
    body += [text("How to ask", weight="Bolder", spacing="Medium"), text(HELP_TEXT)]
    return card(body)
