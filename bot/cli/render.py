"""Answer -> terminal text (the CLI's human output)."""
from __future__ import annotations

import textwrap

from bot.application.reason_labels import reason_label
from bot.application.staff_groups.choosing import version_note
from bot.application.verdict_labels import verdict_label
from knowledge.models import Answer



def render_text(answer: Answer, width: int = 88) -> str:
    wrap = lambda s, indent="": textwrap.fill(s, width=width, initial_indent=indent, subsequent_indent=indent)
    lines = [verdict_label(answer.verdict).upper(), "", wrap(answer.summary)]
    version = version_note(answer)
    if version:
        lines += ["", wrap(f"Staff group: {version}")]
    if answer.note:
        lines += ["", wrap(f"Note: {answer.note}")]
    for i, c in enumerate(answer.citations, 1):
        dates = ", ".join(x for x in (f"adopted {c.adopted}" if c.adopted else "", f"revised {c.revised}" if c.revised else "") if x)
        lines += ["", f"[{i}] {c.path}" + (f"  ({dates})" if dates else "")]
        if c.lead_in:
            lines.append(wrap(f"… {c.lead_in}", "    "))
        lines.append(wrap(f"“{c.text}”", "    "))
        if c.url:
            lines.append(f"    {c.url}")
    for r in answer.rulings:
        lines += ["", f"Administrator's ruling (not policy text) by {r.answered_by}, {r.answered_at[:10]}:",
                  wrap(f"Asked: {r.question}", "    "), wrap(r.answer, "    ")]
    if answer.escalate:
        why = reason_label(answer.escalation_reason)
        lines += ["", "→ Escalated to an administrator" + (f" ({why})." if why else ".")]
    return "\n".join(lines)
