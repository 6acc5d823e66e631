"""Adaptive Cards for escalations: the admins' card, its answered/resolved states, the asker's answer.

The admins' card carries an answer box (`Input.Text` id "answer"), a
"save as ruling" toggle (`Input.Toggle` id "save_as_ruling") and two buttons;
Teams merges the inputs into the submit data, so the bot receives
`{"action": "admin_answer", "escalation_id": N, "answer": "...", "save_as_ruling": "true"}`
(as the data of an `adaptiveCard/action` invoke, or of a message from older clients).
The asker's question, their name and the admin's answer are typed text: `plain()`.
"""
from __future__ import annotations

from datetime import datetime

from bot.application.escalations.models import Escalation
from bot.application.reason_labels import UNSTATED, reason_label
from bot.teams.cards import card, dates_line, execute, plain, text

MAX_CLAUSES = 3


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def _clause_items(bot_answer: dict) -> list[dict]:
    """The bot's best clauses from the stored `Answer.to_dict()`."""
    items = []
    for citation in (bot_answer.get("citations") or [])[:MAX_CLAUSES]:
        meta = " · ".join(p for p in (citation.get("path", ""),
                                      dates_line(citation.get("adopted", ""), citation.get("revised", ""))) if p)
        items.append({
            "type": "Container", "style": "emphasis", "spacing": "Small",
            "items": [text(f"“{citation.get('text', '')}”"), text(meta, size="Small", isSubtle=True)],
        })
    return items


def _header(esc: Escalation) -> list[dict]:
    verdict = (esc.bot_answer or {}).get("verdict", "")
    asker = esc.asker_name or esc.asker_id or "someone"
    body = [
        text(f"🙋 Question #{esc.id} for the admins", size="Medium", weight="Bolder"),
        text(f"“{plain(esc.question)}”"),
        {"type": "FactSet", "facts": [
            {"title": "Asked by", "value": plain(asker)},
            {"title": "Collection", "value": esc.collection or "default"},
            {"title": "Why", "value": reason_label(esc.reason) or UNSTATED},
            {"title": "Bot's verdict", "value": verdict.replace("_", " ") or "none"},
        ]},
    ]
    summary = (esc.bot_answer or {}).get("summary")
    if summary:
        body.append(text(f"Bot's answer: {summary}", isSubtle=True))
    clauses = _clause_items(esc.bot_answer or {})
    if clauses:
        body.append(text("Best clauses found", weight="Bolder", spacing="Medium"))
        body += clauses
    return body


def escalation_card(esc: Escalation) -> dict:
    """The card the admins see; shows the form while open, the outcome afterwards."""
    body = _header(esc)
    if esc.status == "open":
        body += [
            {"type": "Input.Text", "id": "answer", "isMultiline": True, "label": "Your answer",
             "placeholder": "Answer the question; it is sent to the asker."},
            {"type": "Input.Toggle", "id": "save_as_ruling", "title": "Save as a ruling for similar questions",
             "value": "false", "valueOn": "true", "valueOff": "false"},
        ]
        actions = [
            execute("Answer", action="admin_answer", escalation_id=esc.id),
            execute("Resolve", action="admin_resolve", escalation_id=esc.id),
        ]
        return card(body, actions)
    if esc.answer:
        body += [
            text(f"✅ Answered by {plain(esc.answered_by)} at {_when(esc.answered_at)} UTC", weight="Bolder",
                 spacing="Medium"),
            text(plain(esc.answer)),
        ]
        if esc.ruling_id:
            body.append(text("Saved as a ruling.", size="Small", isSubtle=True))
    if esc.status == "resolved":
        body.append(text(f"☑️ Resolved by {plain(esc.resolved_by)} at {_when(esc.resolved_at)} UTC", weight="Bolder"))
    elif esc.status == "dismissed":
        body.append(text("Dismissed.", weight="Bolder"))
    return card(body)


def admin_answer_card(esc: Escalation) -> dict:
    """What the asker receives when an admin answers: labelled as an admin's answer, not policy text."""
    return card([
        text("🛡️ An admin answered your question", size="Medium", weight="Bolder"),
        text(f"You asked: “{plain(esc.question)}”", isSubtle=True),
        text(plain(esc.answer)),
        text(f"{plain(esc.answered_by)}, {_when(esc.answered_at)} UTC. This is an admin's ruling, not policy text.",
             size="Small", isSubtle=True),
    ])
