"""Adaptive Cards (schema 1.5, the newest Teams renders) for askers: answer, welcome, help.

Pure functions from core values to card dicts; nothing here talks to Teams.
Button data is `{"action": ..., "question_id": ...}` and comes back as the
`value` of a message activity when a user presses it.
"""
from __future__ import annotations

from typing import Iterable

from bot.verdict_labels import VERDICT_LABELS
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


def submit(title: str, **data) -> dict:
    return {"type": "Action.Submit", "title": title, "data": data}


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
            text(ruling.answer),
            text(f"{ruling.answered_by}, {when}, answering: “{ruling.question}”", size="Small", isSubtle=True),
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
        submit("👍 Helpful", action="helpful", question_id=question_id),
        submit("👎 Not helpful", action="not_helpful", question_id=question_id),
    ]
    if not answer.escalate:
        actions.append(submit("Ask an admin", action="ask_admin", question_id=question_id))
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
