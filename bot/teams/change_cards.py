"""The Adaptive Card of a change notice: the changed policy, each question asked, old and new wording, the answer now.

Stored words are made inert for Teams markdown (`plain`), so a clause cannot format, link or mention.
"""
from __future__ import annotations

from bot.application.changes.models import ChangeNotice
from bot.application.verdict_labels import VERDICT_LABELS
from bot.teams.cards import card, plain, text
from knowledge.models import Verdict

MAX_ITEMS = 10


def _verdict(value: str) -> str:
    try:
        emoji, word = VERDICT_LABELS[Verdict(value)]
    except ValueError:
        return ""
    return f"{emoji} **{word}**"


def change_notice_card(notice: ChangeNotice) -> dict:
    body = [text(f"📝 A policy you asked about has changed: {plain(notice.title or notice.doc_id)}",
                 weight="Bolder", size="Medium"),
            text("Here is what you asked, what the policy said then and what it says now.", isSubtle=True)]
    for item in notice.items[:MAX_ITEMS]:
        where = f" ({plain(item.citation)})" if item.citation else ""
        body += [text(f"**You asked:** {plain(item.question)}", separator=True, spacing="Medium"),
                 text(f"**It said**{where}:"), text(plain(item.old_text), isSubtle=True),
                 text("**It now says:**"),
                 text(plain(item.new_text)) if item.new_text else text("_That passage was removed from the policy._")]
        if item.verdict:
            body.append(text(f"**The answer now:** {_verdict(item.verdict)} {plain(item.summary)}"))
    if len(notice.items) > MAX_ITEMS:
        body.append(text(f"…and {len(notice.items) - MAX_ITEMS} more of your questions on this policy.",
                         isSubtle=True))
    body.append(text("Ask me again for the full answer with its citations.", isSubtle=True))
    return card(body)
