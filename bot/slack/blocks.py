"""Pure rendering of an `Answer` as Slack Block Kit (no I/O, no bolt).

Layout: verdict first (a clear word and an emoji), the summary, conditions, admin rulings
(always labelled as an administrator's ruling, never as policy), each cited clause quoted with
its citation (document › section › item, adopted/revised dates, link), a context line, and the
buttons. Slack's limits are respected without losing a citation: clause quotes are shortened
with "…" but every citation path is kept.
"""
from __future__ import annotations

from bot.application.reason_labels import reason_label
from bot.application.verdict_labels import VERDICT_LABELS
from knowledge.models import Answer, Citation, Ruling, Verdict

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_CONTEXT_CHARS = 2000
MAX_FALLBACK_CHARS = 40_000
MAX_QUOTED_CLAUSES = 10          # further citations are listed by path in one block
MAX_RULINGS = 3

HELPFUL = "policybot_helpful"
NOT_HELPFUL = "policybot_not_helpful"
ASK_ADMIN = "policybot_ask_admin"
SHARE = "policybot_share"



def escape(text: str) -> str:
    """Escape the three characters Slack mrkdwn treats as control characters.

    With `<`, `>` and `&` escaped, `<!channel>`, `<@U…>`, `<#C…>` and `<http…|…>` in user or admin
    text show as typed instead of notifying everyone, pinging someone or hiding a link's target.
    """
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str) -> str:
    """A mrkdwn link to an http(s) URL; anything else (or a URL that would break the markup) as text."""
    url = str(url or "")
    if not url.lower().startswith(("https://", "http://")) or any(c in url for c in "<>| \n"):
        return escape(label)
    return f"<{url.replace('&', '&amp;')}|{escape(label)}>"


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": shorten(text, MAX_SECTION_CHARS)}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": shorten(text, MAX_CONTEXT_CHARS)}]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    b = {"type": "button", "text": {"type": "plain_text", "text": text, "emoji": True},
         "action_id": action_id, "value": value}
    if style:
        b["style"] = style
    return b


def verdict_line(answer: Answer) -> str:
    emoji, word = VERDICT_LABELS[answer.verdict]
    return f"{emoji} *{word}*"


def citation_line(c: Citation) -> str:
    """`document › section › item · Adopted … · Revised … · link`, never shortened."""
    parts = [f"📄 *{escape(c.path)}*"]
    if c.policy_code:
        parts.append(f"Policy {escape(c.policy_code)}")
    if c.adopted:
        parts.append(f"Adopted {escape(c.adopted)}")
    if c.revised:
        parts.append(f"Revised {escape(c.revised)}")
    if c.url:
        parts.append(link(c.url, "Open policy"))
    return " · ".join(parts)


def quote(text: str, limit: int) -> str:
    lines = escape(shorten(" ".join(text.split()), limit)).split("\n")
    return "\n".join(f"> {line}" for line in lines)


def citation_block(c: Citation) -> dict:
    line = citation_line(c)
    lead = f"_{escape(shorten(c.lead_in, 300))}_\n" if c.lead_in else ""
    room = MAX_SECTION_CHARS - len(line) - len(lead) - 40   # "> " prefix, newlines and escaping slack
    # Escaping can lengthen the quote; shrink until the whole section fits.
    body = quote(c.text, room)
    while len(lead) + len(body) + len(line) + 1 > MAX_SECTION_CHARS and room > 20:
        room -= 200
        body = quote(c.text, room)
    return section(f"{lead}{body}\n{line}")


def ruling_block(r: Ruling) -> dict:
    header = (f"🧑‍⚖️ *Admin ruling* (an administrator's answer, not policy text) — "
              f"{escape(r.answered_by)}, {escape(r.answered_at[:10])}")
    asked = f"\n_Original question:_ {escape(shorten(r.question, 500))}"
    room = MAX_SECTION_CHARS - len(header) - len(asked) - 20
    return section(f"{header}{asked}\n{quote(r.answer, room)}")


def answer_blocks(answer: Answer, *, question_id: int | None, shareable: bool = False,
                  with_buttons: bool = True) -> list[dict]:
    """The whole answer message. `shareable` adds "Share in channel" (ephemeral slash-command replies)."""
    # Quote fewer clauses (listing the rest by path) until the message fits Slack's block limit.
    for quoted in (MAX_QUOTED_CLAUSES, 5, 2, 0):
        blocks = _answer_blocks(answer, quoted)
        if len(blocks) < MAX_BLOCKS:
            break
    blocks = blocks[: MAX_BLOCKS - 1]
    if with_buttons and question_id is not None:
        blocks.append(actions_block(question_id, shareable=shareable, escalated=answer.escalate))
    return blocks


def _answer_blocks(answer: Answer, n_quoted: int) -> list[dict]:
    blocks: list[dict] = [section(f"{verdict_line(answer)}\n{escape(answer.summary)}")]
    if answer.conditions:
        items = "\n".join(f"• {escape(shorten(c, 400))}" for c in answer.conditions)
        blocks.append(section(f"*Conditions*\n{items}"))
    blocks.extend(ruling_block(r) for r in answer.rulings[:MAX_RULINGS])
    quoted, listed = answer.citations[:n_quoted], answer.citations[n_quoted:]
    if answer.citations:
        blocks.append({"type": "divider"})
    blocks.extend(citation_block(c) for c in quoted)
    if listed:
        blocks.extend(path_list_blocks(listed))
    blocks.append(context(context_line(answer)))
    return blocks


def path_list_blocks(citations: tuple[Citation, ...]) -> list[dict]:
    """Citations beyond the quoted ones, by path only, split across as few sections as fit."""
    blocks, current = [], "*Also cited*"
    for c in citations:
        line = "\n" + citation_line(c)
        if len(current) + len(line) > MAX_SECTION_CHARS:
            blocks.append(section(current))
            current = line.lstrip("\n")
        else:
            current += line
    blocks.append(section(current))
    return blocks


def context_line(answer: Answer) -> str:
    parts = ["PolicyBot quotes your district's written policies; the quoted text is what counts."]
    if answer.escalate:
        why = reason_label(answer.escalation_reason)
        parts.append("I've flagged this for an administrator" + (f" ({escape(why)})." if why else "."))
    if answer.note:
        parts.append(escape(answer.note))
    if answer.collection:
        parts.append(f"Collection: {escape(answer.collection)}")
    return " ".join(parts)


def actions_block(question_id: int, *, shareable: bool, escalated: bool) -> dict:
    value = str(question_id)
    elements = [button("👍 Helpful", HELPFUL, value), button("👎 Not helpful", NOT_HELPFUL, value)]
    if not escalated:
        elements.append(button("🙋 Ask an admin", ASK_ADMIN, value))
    if shareable:
        elements.append(button("📣 Share in channel", SHARE, value, style="primary"))
    return {"type": "actions", "block_id": f"policybot_answer_{value}", "elements": elements}


VERDICT_OPENINGS = ("Not allowed", "Allowed", "Discouraged")


def states_verdict(summary: str) -> bool:
    """Whether a summary opens with its verdict (knowledge/summary.py's ruling sentences do)."""
    return summary.lstrip().startswith(VERDICT_OPENINGS)


def fallback_text(answer: Answer) -> str:
    """Plain text for notifications and clients without Block Kit; keeps every citation path.

    Slack reads a message's `text` as mrkdwn too, so everything in it is escaped.
    """
    _, word = VERDICT_LABELS[answer.verdict]
    paths = escape("\n".join(f"- {c.path}" for c in answer.citations))
    # Summaries of a ruling open with the verdict already ("Not allowed: JNDC ... says ..."): say it once.
    head = "" if states_verdict(answer.summary) else f"{word}: "
    room = MAX_FALLBACK_CHARS - len(head) - len(paths) - 20
    return shorten(f"{head}{escape(shorten(answer.summary, max(room, 200)))}\nSources:\n{paths}", MAX_FALLBACK_CHARS)


HELP_TEXT = (
    "Ask me a question about district policy and I'll answer with the exact clauses it comes from.\n"
    "• *In a DM:* just type your question, e.g. _Can I friend a student on Facebook?_\n"
    "• *In a channel:* mention me: _@PolicyBot may I post photos of my class?_ (I reply in a thread)\n"
    "• *Anywhere:* `/policy <question>` (only you see the answer; you can share it)\n"
    "If the policy doesn't settle it, press *Ask an admin* and an administrator will answer you here."
)


def help_blocks() -> list[dict]:
    return [section("👋 *Hi! I'm PolicyBot.*"), section(HELP_TEXT)]
