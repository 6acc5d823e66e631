"""The App Home tab: what PolicyBot covers, how to ask, and the viewer's recent questions (pure rendering)."""
from __future__ import annotations

from typing import Sequence

from bot.slack.blocks import HELP_TEXT, MAX_BLOCKS, VERDICT_LABELS, context, escape, link, section, shorten
from knowledge.models import Verdict
from knowledge.ports import SourceInfo

MAX_SOURCES = 30
MAX_RECENT = 5


def source_line(s: SourceInfo) -> str:
    title = link(s.url, s.title) if s.url else f"*{escape(s.title)}*"
    code = f" (Policy {escape(s.policy_code)})" if s.policy_code else ""
    dates = [f"adopted {escape(s.adopted)}" if s.adopted else "", f"revised {escape(s.revised)}" if s.revised else ""]
    dated = ", ".join(d for d in dates if d)
    return f"• {title}{code}" + (f" — {dated}" if dated else "")


def recent_line(q) -> str:
    """One of the viewer's QuestionRecords: when, the question, the verdict, whether escalated."""
    try:
        verdict = VERDICT_LABELS[Verdict(q.verdict)][0]
    except ValueError:
        verdict = ""
    flag = " · sent to an admin" if q.escalated else ""
    when = str(q.asked_at)[:16].replace("T", " ")
    return f"{verdict} _{escape(shorten(q.question, 200))}_ — {when}{flag}"


def home_view(sources: Sequence[SourceInfo], recent: Sequence, *, collection: str) -> dict:
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": "PolicyBot", "emoji": True}},
        section("I answer staff questions from the district's written policies and quote the clauses I rely on."),
        {"type": "divider"},
        section("*How to ask*\n" + HELP_TEXT),
        {"type": "divider"},
    ]
    if sources:
        lines = [source_line(s) for s in sources[:MAX_SOURCES]]
        if len(sources) > MAX_SOURCES:
            lines.append(f"…and {len(sources) - MAX_SOURCES} more")
        blocks.extend(_chunked_sections("*What I cover*", lines))
    else:
        blocks.append(section("*What I cover*\nNo policies have been loaded yet. Ask your administrator."))
    blocks.append(context(f"Collection: {escape(collection)}"))
    blocks.append({"type": "divider"})
    if recent:
        blocks.extend(_chunked_sections("*Your recent questions*", [recent_line(q) for q in recent[:MAX_RECENT]]))
    else:
        blocks.append(section("*Your recent questions*\nYou haven't asked anything yet."))
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


def _chunked_sections(title: str, lines: list[str]) -> list[dict]:
    out, current = [], title
    for line in lines:
        if len(current) + len(line) + 1 > 2900:
            out.append(section(current))
            current = line
        else:
            current += "\n" + line
    out.append(section(current))
    return out
