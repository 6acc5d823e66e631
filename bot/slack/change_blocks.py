"""Block Kit for a change notice: the policy that changed, what the asker asked, old and new wording, the answer now.

Every stored word (question, clause, summary, title) is escaped: a clause cannot ping a channel or hide a link.
"""
from __future__ import annotations

from bot.application.changes.models import ChangeNotice
from bot.application.verdict_labels import VERDICT_LABELS
from bot.slack.blocks import MAX_SECTION_CHARS, context, escape, quote, section, shorten
from knowledge.models import Verdict

MAX_ITEMS = 10          # a message holds at most 50 blocks; older questions beyond this are summed up


def _verdict(value: str) -> str:
    try:
        emoji, word = VERDICT_LABELS[Verdict(value)]
    except ValueError:
        return ""
    return f"{emoji} *{word}*"


def change_notice_blocks(notice: ChangeNotice) -> tuple[list[dict], str]:
    """The blocks and the fallback text of one notice."""
    title = escape(shorten(notice.title or notice.doc_id, 300))
    blocks = [section(f"📝 *A policy you asked about has changed:* {title}\n"
                      "Here is what you asked, what the policy said then and what it says now.")]
    room = (MAX_SECTION_CHARS - 400) // 2
    for item in notice.items[:MAX_ITEMS]:
        blocks.append({"type": "divider"})
        blocks.append(section(f"*You asked:* {escape(shorten(item.question, 500))}"))
        where = f" ({escape(shorten(item.citation, 300))})" if item.citation else ""
        now = quote(item.new_text, room) if item.new_text else "_That passage was removed from the policy._"
        blocks.append(section(f"*It said*{where}:\n{quote(item.old_text, room)}\n*It now says:*\n{now}"))
        if item.verdict:
            blocks.append(section(f"*The answer now:* {_verdict(item.verdict)} {escape(shorten(item.summary, 1500))}"))
    if len(notice.items) > MAX_ITEMS:
        blocks.append(context(f"…and {len(notice.items) - MAX_ITEMS} more of your questions on this policy."))
    blocks.append(context("Ask me again for the full answer with its citations."))
    text = f"A policy you asked about has changed: {notice.title or notice.doc_id}"
    return blocks, text
